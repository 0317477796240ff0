// name: api/close_collaborators
// params: $id (Author id), $first (how many collaborators), $topics (shared topics per collaborator)
// returns: one row, none for an unknown id: collaborators (list of {author: the coauthor's Author map,
//          works: shared works, first_year, last_year: of the shared works, topics: topics of the
//          shared works as {topic: Topic map, works}, most first}); coauthors ranked by shared works,
//          then most recent, ties by id
MATCH (a:Author {id: $id})
CALL {
  WITH a
  MATCH (a)-[c:COAUTHOR]-(b:Author)
  WITH a, b, c
  ORDER BY c.works DESC, coalesce(c.last_year, 0) DESC, b.id
  LIMIT $first
  CALL {
    WITH a, b
    MATCH (a)-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(b)
    MATCH (w)-[:HAS_TOPIC]->(t:Topic)
    WITH t, count(DISTINCT w) AS n
    ORDER BY n DESC, t.id
    LIMIT $topics
    RETURN collect({topic: t {.id, .name, .level, .scheme, .description, .keywords}, works: n}) AS topics
  }
  RETURN collect({author: b {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty,
                             .community, .pagerank, .betweenness},
                  works: c.works, first_year: c.first_year, last_year: c.last_year, topics: topics}) AS collaborators
}
RETURN collaborators
