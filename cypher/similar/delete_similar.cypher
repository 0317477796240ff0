// name: similar/delete_similar
// params: $pairs (list of {a, b} work ids)
// returns: rows (number of SIMILAR_TO edges deleted)
UNWIND $pairs AS p
MATCH (a:Work {id: p.a})-[s:SIMILAR_TO]->(b:Work {id: p.b})
DELETE s
RETURN count(*) AS rows
