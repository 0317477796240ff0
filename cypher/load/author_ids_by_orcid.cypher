// name: load/author_ids_by_orcid
// params: $values (list of bare ORCIDs)
// returns: key (the ORCID asked for), id (the Author's graph id)
UNWIND $values AS v
MATCH (a:Author {orcid: v})
RETURN v AS key, a.id AS id
