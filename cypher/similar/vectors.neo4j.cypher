// name: similar/vectors
// params: $after (work id to page after; "" for the first page), $limit
// returns: id, vector (list of floats), date (publication date), year, novelty (as stored)
MATCH (w:Work)
WHERE w.embedding IS NOT NULL AND w.id > $after
RETURN w.id AS id, w.embedding AS vector, w.publication_date AS date, w.year AS year, w.novelty AS novelty
ORDER BY id
LIMIT $limit
