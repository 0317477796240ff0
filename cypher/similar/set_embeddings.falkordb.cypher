// name: similar/set_embeddings (FalkorDB)
// params: $rows (list of {id, vector: list of floats, hash}), $model
// returns: rows (number of works embedded)
UNWIND $rows AS r
MATCH (w:Work {id: r.id})
SET w.embedding = vecf32(r.vector), w.embedding_model = $model, w.content_hash = r.hash
RETURN count(w) AS rows
