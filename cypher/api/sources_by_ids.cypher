// name: api/sources_by_ids
// params: $ids (list of Source ids)
// returns: source (map of the Source's properties) for each id that exists
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s {.id, .name, .type, .issn_l, .publisher} AS source
