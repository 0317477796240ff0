// name: api/author_categories
// params: $ids (list of Author ids)
// returns: id, works (per work of the author: {id, cited (cited_by_count, 0 when unknown), topics:
//          the work's HAS_TOPIC topics as {id, name, scheme, level, primary, parents: [{id, name, level}]
//          of the topic's broader topics}}), for the primary category and the AI score
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w1:Work)
  OPTIONAL MATCH (w1)-[h1:HAS_TOPIC]->(t1:Topic)
  WITH w1, collect(CASE WHEN t1 IS NULL THEN null
                        ELSE {id: t1.id, name: t1.name, scheme: t1.scheme, level: t1.level,
                              primary: coalesce(h1.primary, false),
                              parents: [(t1)-[:SUBTOPIC_OF]->(p1:Topic) | {id: p1.id, name: p1.name, level: p1.level}]}
                   END) AS topics1
  RETURN collect({id: w1.id, cited: coalesce(w1.cited_by_count, 0), topics: topics1}) AS works
}
RETURN id, works
