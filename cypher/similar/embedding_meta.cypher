// name: similar/embedding_meta
// params: none
// returns: model, dimension: the embedding model the graph's vectors were made with
MATCH (m:Meta {id: 'embedding'})
RETURN m.model AS model, m.dimension AS dimension
