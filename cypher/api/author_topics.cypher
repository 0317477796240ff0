// name: api/author_topics
// params: $ids (list of Author ids), $limit (topics per author)
// returns: id (the author), total (the author's works), topics (the $limit topics with the most of
//          the author's works: {topic: Topic map, works}, ties by topic id)
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w:Work)
  RETURN count(DISTINCT w) AS total
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w:Work)-[:HAS_TOPIC]->(t:Topic)
  WITH t, count(DISTINCT w) AS works
  ORDER BY works DESC, t.id
  LIMIT $limit
  RETURN collect(CASE WHEN t IS NULL THEN null
                      ELSE {topic: t {.id, .name, .level, .scheme, .description, .keywords}, works: works} END) AS topics
}
RETURN id, total, topics
