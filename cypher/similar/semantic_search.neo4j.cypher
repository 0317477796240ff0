// name: similar/semantic_search (Neo4j)
// params: $vector (query embedding, list of floats), $k
// returns: id, title, year, score (cosine similarity, higher is closer), best first
// Neo4j's cosine score is (1 + cosine) / 2; it is mapped back to the cosine.
CALL db.index.vector.queryNodes('work_embedding', $k, $vector) YIELD node, score
RETURN node.id AS id, node.title AS title, node.year AS year, 2.0 * score - 1.0 AS score
ORDER BY score DESC, id
