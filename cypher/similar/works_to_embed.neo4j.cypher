// name: similar/works_to_embed
// params: $after (work id to page after; "" for the first page), $limit
// returns: id, title, abstract, hash (content hash of the stored embedding), model (its model), has_vector
// Keyset pagination over every work with a title, in id order.
MATCH (w:Work)
WHERE w.title IS NOT NULL AND w.id > $after
RETURN w.id AS id, w.title AS title, w.abstract AS abstract, w.content_hash AS hash,
       w.embedding_model AS model, w.embedding IS NOT NULL AS has_vector
ORDER BY id
LIMIT $limit
