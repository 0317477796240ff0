// name: load/source_ids_by_issn
// params: $values (list of ISSNs, "1234-567X")
// returns: key (the ISSN asked for), id (the graph id of a Source whose issn_l it is, not itself
//          an ISSN-keyed one)
// An ISSN-keyed source (Crossref, Semantic Scholar: "issn:…") is the OpenAlex source that names
// one of its ISSNs as its linking ISSN.
UNWIND $values AS v
MATCH (s:Source {issn_l: v})
WHERE NOT s.id STARTS WITH 'issn:'
RETURN v AS key, s.id AS id
