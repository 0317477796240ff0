// name: similar/similar_edges
// params: none
// returns: a, b (work ids, a < b), score, model: every SIMILAR_TO edge
MATCH (a:Work)-[s:SIMILAR_TO]->(b:Work)
RETURN a.id AS a, b.id AS b, s.score AS score, s.model AS model
