// name: similar/similar_works
// params: $id (work id), $k
// returns: id, title, year, score (cosine similarity): the work's SIMILAR_TO neighbours, best first
MATCH (:Work {id: $id})-[s:SIMILAR_TO]-(o:Work)
RETURN o.id AS id, o.title AS title, o.year AS year, s.score AS score
ORDER BY score DESC, id
LIMIT $k
