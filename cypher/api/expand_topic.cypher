// name: api/expand_topic
// params: $id (Topic id), $kinds (node kinds wanted: WORK, AUTHOR, TOPIC), $first (per list)
// returns: one row, none for an unknown id: topic (Topic map), works (most cited works in the topic
//          or its subtopics), authors ({author, works}: most works in it), parent (Topic map or null),
//          children (direct subtopics, by name); each list at most $first long, ties by id
MATCH (t:Topic {id: $id})
CALL {
  WITH t
  MATCH (w1:Work)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(t)
  WHERE 'WORK' IN $kinds
  WITH DISTINCT w1
  ORDER BY coalesce(w1.cited_by_count, 0) DESC, w1.id
  LIMIT $first
  RETURN collect(w1 {.id, .title, .year, .type, .cited_by_count, .code_url, .stub}) AS works
}
CALL {
  WITH t
  MATCH (a2:Author)-[:AUTHORED]->(w2:Work)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(t)
  WHERE 'AUTHOR' IN $kinds
  WITH a2, count(DISTINCT w2) AS n2
  ORDER BY n2 DESC, a2.id
  LIMIT $first
  RETURN collect(CASE WHEN a2 IS NULL THEN null ELSE
           {author: a2 {.id, .display_name, .orcid, .community}, works: n2} END) AS authors
}
CALL {
  WITH t
  MATCH (t)-[:SUBTOPIC_OF]->(p3:Topic)
  WHERE 'TOPIC' IN $kinds
  RETURN collect(p3 {.id, .name, .level, .scheme}) AS parents
}
CALL {
  WITH t
  MATCH (c4:Topic)-[:SUBTOPIC_OF]->(t)
  WHERE 'TOPIC' IN $kinds
  WITH c4
  ORDER BY c4.name, c4.id
  LIMIT $first
  RETURN collect(c4 {.id, .name, .level, .scheme}) AS children
}
RETURN t {.id, .name, .level, .scheme} AS topic, works, authors, parents[0] AS parent, children
