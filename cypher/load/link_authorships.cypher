// name: load/link_authorships
// params: $new, $rows (lists of [work, authors]: a Work graph id and a list of
//         [author, position, order, corresponding], one per author; $new for the works
//         this batch created, $rows for the others)
// returns: rows (number of AUTHORED links written)
// Rows are lists, not maps: the engine reads a list parameter faster.
// A work this batch created has no AUTHORED links yet: CREATE them, without MERGE's
// search. (A re-run after a crash finds the work in the graph and goes through $rows.)
UNWIND $new AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS x
MATCH (a:Author {id: x[0]})
CREATE (a)-[:AUTHORED {position: x[1], order: x[2], corresponding: x[3]}]->(w)
WITH count(*) AS created
UNWIND $rows AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS x
MATCH (a:Author {id: x[0]})
MERGE (a)-[e:AUTHORED]->(w)
SET e.position = x[1], e.order = x[2], e.corresponding = x[3]
WITH created, count(*) AS merged
RETURN created + merged AS rows
