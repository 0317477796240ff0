// name: load/link_authorships
// params: $new, $rows, $fill (lists of [work, authors]: a Work graph id and a list of
//         [author, position, order, corresponding], one per author; $new for the works
//         with no links of their own yet (upsert_works' `unlinked`), $fill for those whose
//         record only fills (ranked below the record that set the work, or a record of a
//         merged id: loaders/precedence.py), $rows for the others)
// returns: rows (the number of $fill's AUTHORED links; the write statistics count them all)
// Rows are lists, not maps: the engine reads a list parameter faster.
// A work with no links yet (created now, or a citation's placeholder) has no AUTHORED links:
// CREATE them, without MERGE's search. (A re-run after a crash finds the work in the graph,
// no longer a placeholder, and goes through $rows.)
UNWIND $new AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS x
MATCH (a:Author {id: x[0]})
CREATE (a)-[:AUTHORED {position: x[1], order: x[2], corresponding: x[3]}]->(w)
WITH count(*) AS created
// Each part ends in an aggregate without grouping: one row goes on even when it wrote none.
UNWIND $rows AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS x
MATCH (a:Author {id: x[0]})
MERGE (a)-[e:AUTHORED]->(w)
SET e.position = x[1], e.order = x[2], e.corresponding = x[3]
WITH count(*) AS merged
// A record that only fills adds the authors the work lacks, and leaves the properties of
// the AUTHORED links the higher-ranked record wrote as they are.
UNWIND $fill AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS x
MATCH (a:Author {id: x[0]})
MERGE (a)-[e:AUTHORED]->(w)
ON CREATE SET e.position = x[1], e.order = x[2], e.corresponding = x[3]
RETURN count(*) AS rows
