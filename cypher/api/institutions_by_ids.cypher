// name: api/institutions_by_ids
// params: $ids (list of Institution ids)
// returns: key (the id asked for), institution (map of the Institution's properties) for each id that exists
// An id OpenAlex merged into another (a MergedId) gives its survivor, with its own id.
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
WITH id, coalesce(m.into, id) AS node_id
MATCH (i:Institution {id: node_id})
RETURN id AS key, i {.id, .name, .ror, .country, .type, .openalex_id} AS institution
