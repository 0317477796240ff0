// name: load/link_authorships
// params: $rows (list of {author, work, position, order, corresponding})
// returns: rows (number of AUTHORED links written)
UNWIND $rows AS r
MATCH (a:Author {id: r.author}), (w:Work {id: r.work})
MERGE (a)-[e:AUTHORED]->(w)
SET e.position = r.position, e.order = r.order, e.corresponding = r.corresponding
RETURN count(*) AS rows
