// name: api/authors_by_ids
// params: $ids (list of Author ids)
// returns: author (map of the Author's properties) for each id that exists; unknown ids give no row
UNWIND $ids AS id
MATCH (a:Author {id: id})
RETURN a {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty,
          .community, .pagerank, .betweenness} AS author
