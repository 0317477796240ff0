// name: api/authors_by_ids
// params: $ids (list of Author ids)
// returns: key (the id asked for), author (map of the Author's properties) for each id that
//          exists; unknown ids give no row. An id OpenAlex merged into another (a MergedId)
//          gives its survivor, with the survivor's own id.
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
WITH id, coalesce(m.into, id) AS node_id
MATCH (a:Author {id: node_id})
RETURN id AS key, a {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty,
          .community, .pagerank, .betweenness} AS author
