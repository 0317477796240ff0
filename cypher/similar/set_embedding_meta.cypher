// name: similar/set_embedding_meta
// params: $model, $dimension
// returns: model
MERGE (m:Meta {id: 'embedding'})
SET m.model = $model, m.dimension = $dimension
RETURN m.model AS model
