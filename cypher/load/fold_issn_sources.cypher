// name: load/fold_issn_sources
// params: $rows (list of [source, keys]: an OpenAlex Source's graph id, in the graph, and the
//         ISSN keys ("issn:…") of the ISSNs its record names; a node under one of those keys is
//         folded when its own `issns` hold the source's issn_l, as load/source_ids_by_issn
//         matches the other way round)
// returns: rows (number of ISSN-keyed Sources folded into their OpenAlex source and deleted)
// A source an ISSN-keyed record (Crossref, Semantic Scholar) made before OpenAlex's record of
// the same journal came: its works move to the OpenAlex source, which keeps its own values
// and takes from the old node only what it lacks, and the old node goes; the graph then holds
// what it holds when OpenAlex's record comes first.
UNWIND $rows AS r
MATCH (s:Source {id: r[0]})
UNWIND r[1] AS key
MATCH (o:Source {id: key})
WHERE s.issn_l IN coalesce(o.issns, [])
SET s.name = coalesce(s.name, o.name), s.type = coalesce(s.type, o.type),
    s.issn_l = coalesce(s.issn_l, o.issn_l), s.publisher = coalesce(s.publisher, o.publisher),
    s.issns = coalesce(s.issns, o.issns)
WITH s, o
OPTIONAL MATCH (w:Work)-[:PUBLISHED_IN]->(o)
WITH s, o, collect(w) AS works
FOREACH (w IN works | MERGE (w)-[:PUBLISHED_IN]->(s))
DETACH DELETE o
RETURN count(*) AS rows
