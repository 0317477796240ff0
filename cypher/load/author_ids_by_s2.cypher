// name: load/author_ids_by_s2
// params: $values (list of Semantic Scholar authorIds)
// returns: key (the value asked for), id (the Author's graph id)
UNWIND $values AS v
MATCH (a:Author {s2_id: v})
RETURN v AS key, a.id AS id
