// name: load/author_ids_by_dblp
// params: $values (list of dblp person names, with their homonym numbers)
// returns: key (the value asked for), id (the Author's graph id)
UNWIND $values AS v
MATCH (a:Author {dblp_name: v})
RETURN v AS key, a.id AS id
