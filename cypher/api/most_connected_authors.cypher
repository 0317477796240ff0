// name: api/most_connected_authors
// params: $limit (how many authors)
// returns: author (map of the Author's properties, as api/authors_by_ids), coauthors (COAUTHOR
//          degree); most coauthors first, ties by id. The explorer opens on the first one.
MATCH (a:Author)
WITH a, size([(a)-[:COAUTHOR]-(b:Author) | b]) AS coauthors
ORDER BY coauthors DESC, a.id
LIMIT $limit
RETURN a {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty,
          .community, .pagerank, .betweenness} AS author, coauthors
