// name: similar/works_to_embed
// params: $after (work id to page after; "" for the first page), $limit
// returns: id, title, abstract, hash (content hash of the stored embedding), model (its model), has_vector
// Keyset pagination over every work with a title, in id order.
// FalkorDB: `w.id + ''` keeps the range index out of the comparison: the index answers
// `>` on a parameterised string wrongly (rows dropped; FalkorDB issues #2239, #282), which
// ended this pagination early. A label scan per page instead; the Neo4j variant uses the index.
MATCH (w:Work)
WHERE w.title IS NOT NULL AND w.id + '' > $after
RETURN w.id AS id, w.title AS title, w.abstract AS abstract, w.content_hash AS hash,
       w.embedding_model AS model, w.embedding IS NOT NULL AS has_vector
ORDER BY id
LIMIT $limit
