// name: api/institutions_by_ids
// params: $ids (list of Institution ids)
// returns: institution (map of the Institution's properties) for each id that exists
UNWIND $ids AS id
MATCH (i:Institution {id: id})
RETURN i {.id, .name, .ror, .country, .type, .openalex_id} AS institution
