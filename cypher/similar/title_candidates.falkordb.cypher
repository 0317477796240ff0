// name: similar/title_candidates (FalkorDB)
// params: $terms (lower-case words of the text, letters and digits only; see graphdb.fulltext),
//         $vector (the text's embedding), $k
// returns: id, title, year, score (cosine similarity to $vector): embedded works whose title or
//          abstract holds every term, best full-text match first
// semantic_search's exact-title lookup: a title alone can embed far from its own work's
// title + abstract vector, out of the vector index's candidates.
WITH reduce(q = '', i IN range(0, size($terms) - 1) |
            q + CASE WHEN i > 0 THEN ' ' ELSE '' END + $terms[i]) AS q
CALL db.idx.fulltext.queryNodes('Work', q) YIELD node, score
WHERE node.embedding IS NOT NULL
WITH node, score
ORDER BY score DESC, node.id
LIMIT $k
RETURN node.id AS id, node.title AS title, node.year AS year,
       1.0 - vec.cosineDistance(node.embedding, vecf32($vector)) AS score
