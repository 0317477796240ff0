// name: similar/semantic_search (Neo4j)
// params: $vector (query embedding, list of floats), $k
// returns: id, title, year, score (cosine similarity, higher is closer), best first
// The index's score comes from its quantised copy of the vectors (Neo4j 5.23+ quantises vector
// indexes by default): up to ~2e-3 off, and not what FalkorDB or title_candidates report. The
// cosine is recomputed from the stored vector; Neo4j's cosine function gives (1 + cosine) / 2,
// mapped back to the cosine.
CALL db.index.vector.queryNodes('work_embedding', $k, $vector) YIELD node
RETURN node.id AS id, node.title AS title, node.year AS year,
       2.0 * vector.similarity.cosine(node.embedding, $vector) - 1.0 AS score
ORDER BY score DESC, id
