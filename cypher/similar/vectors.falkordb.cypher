// name: similar/vectors
// params: $after (work id to page after; "" for the first page), $limit
// returns: id, vector (list of floats), date (publication date), year, novelty (as stored)
// FalkorDB: `w.id + ''` keeps the range index out of the comparison: the index answers
// `>` on a parameterised string wrongly (rows dropped; FalkorDB issues #2239, #282), which
// ended this pagination early. A label scan per page instead; the Neo4j variant uses the index.
MATCH (w:Work)
WHERE w.embedding IS NOT NULL AND w.id + '' > $after
RETURN w.id AS id, w.embedding AS vector, w.publication_date AS date, w.year AS year, w.novelty AS novelty
ORDER BY id
LIMIT $limit
