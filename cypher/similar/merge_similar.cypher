// name: similar/merge_similar
// params: $pairs (list of {a, b, score}; a < b), $model
// returns: rows (number of SIMILAR_TO edges written)
// One edge per pair, from the smaller id to the larger: query it without direction.
UNWIND $pairs AS p
MATCH (a:Work {id: p.a})
MATCH (b:Work {id: p.b})
MERGE (a)-[s:SIMILAR_TO]->(b)
SET s.score = p.score, s.model = $model
RETURN count(*) AS rows
