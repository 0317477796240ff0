// name: similar/set_embeddings (Neo4j)
// params: $rows (list of {id, vector: list of floats, hash}), $model
// returns: rows (number of works embedded)
UNWIND $rows AS r
MATCH (w:Work {id: r.id})
CALL db.create.setNodeVectorProperty(w, 'embedding', r.vector)
SET w.embedding_model = $model, w.content_hash = r.hash
RETURN count(w) AS rows
