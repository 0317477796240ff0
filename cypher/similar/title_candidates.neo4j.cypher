// name: similar/title_candidates (Neo4j)
// params: $terms (lower-case words of the text, letters and digits only; see graphdb.fulltext),
//         $vector (the text's embedding), $k
// returns: id, title, year, score (cosine similarity to $vector): embedded works whose title or
//          abstract holds every term, best full-text match first
// semantic_search's exact-title lookup: a title alone can embed far from its own work's
// title + abstract vector, out of the vector index's candidates. Neo4j's cosine function
// gives (1 + cosine) / 2; it is mapped back to the cosine.
WITH reduce(q = '', i IN range(0, size($terms) - 1) |
            q + CASE WHEN i > 0 THEN ' AND ' ELSE '' END + $terms[i]) AS q
CALL db.index.fulltext.queryNodes('work_text', q) YIELD node, score
WHERE node.embedding IS NOT NULL
WITH node, score
ORDER BY score DESC, node.id
LIMIT $k
RETURN node.id AS id, node.title AS title, node.year AS year,
       2.0 * vector.similarity.cosine(node.embedding, $vector) - 1.0 AS score
