// name: similar/semantic_search (FalkorDB)
// params: $vector (query embedding, list of floats), $k
// returns: id, title, year, score (cosine similarity, higher is closer), best first
// The index's score is a distance; the cosine is recomputed from the stored vector.
CALL db.idx.vector.queryNodes('Work', 'embedding', $k, vecf32($vector)) YIELD node
RETURN node.id AS id, node.title AS title, node.year AS year,
       1.0 - vec.cosineDistance(node.embedding, vecf32($vector)) AS score
ORDER BY score DESC, id
