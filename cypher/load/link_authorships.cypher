// name: load/link_authorships
// params: $new, $rows (lists of {work, authors: list of {author, position, order, corresponding}},
//         one entry per author; $new for the works this batch created, $rows for the others)
// returns: rows (number of AUTHORED links written)
// A work this batch created has no AUTHORED links yet: CREATE them, without MERGE's
// search. (A re-run after a crash finds the work in the graph and goes through $rows.)
UNWIND $new AS r
MATCH (w:Work {id: r.work})
UNWIND r.authors AS x
MATCH (a:Author {id: x.author})
CREATE (a)-[:AUTHORED {position: x.position, order: x.order, corresponding: x.corresponding}]->(w)
WITH count(*) AS created
UNWIND $rows AS r
MATCH (w:Work {id: r.work})
UNWIND r.authors AS x
MATCH (a:Author {id: x.author})
MERGE (a)-[e:AUTHORED]->(w)
SET e.position = x.position, e.order = x.order, e.corresponding = x.corresponding
WITH created, count(*) AS merged
RETURN created + merged AS rows
