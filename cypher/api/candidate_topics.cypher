// name: api/candidate_topics
// params: $ids (candidate Author ids), $topics (Topic ids: the asking author's top topics)
// returns: author (the candidate's Author map), topics (which of $topics the candidate has works in)
UNWIND $ids AS id
MATCH (s:Author {id: id})
OPTIONAL MATCH (s)-[:AUTHORED]->(:Work)-[:HAS_TOPIC]->(t:Topic)
WHERE t.id IN $topics
RETURN s {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty, .community,
          .pagerank, .betweenness} AS author,
       collect(DISTINCT t.id) AS topics
