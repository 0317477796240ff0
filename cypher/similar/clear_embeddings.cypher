// name: similar/clear_embeddings
// params: $ids (work ids whose title or abstract changed, or whose model is outdated)
// returns: rows (number of works cleared)
// A changed vector makes the work's SIMILAR_TO edges stale: they go with it.
UNWIND $ids AS id
MATCH (w:Work {id: id})
REMOVE w.embedding
WITH w
OPTIONAL MATCH (w)-[s:SIMILAR_TO]-()
DELETE s
RETURN count(DISTINCT w) AS rows
