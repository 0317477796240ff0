// name: api/sources_by_ids
// params: $ids (list of Source ids)
// returns: key (the id asked for), source (map of the Source's properties) for each id that exists
// An id OpenAlex merged into another (a MergedId) gives its survivor, with its own id.
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
WITH id, coalesce(m.into, id) AS node_id
MATCH (s:Source {id: node_id})
RETURN id AS key, s {.id, .name, .type, .issn_l, .publisher} AS source
