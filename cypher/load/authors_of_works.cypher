// name: load/authors_of_works
// params: $works (list of Work graph ids)
// returns: work, id, name_key, display_name: every author already linked to those works; year (the work's)
UNWIND $works AS wid
MATCH (a:Author)-[:AUTHORED]->(w:Work {id: wid})
RETURN wid AS work, a.id AS id, a.name_key AS name_key, a.display_name AS display_name, w.year AS year
