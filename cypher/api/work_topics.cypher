// name: api/work_topics
// params: $ids (list of Work ids)
// returns: id (the work), topics (list of {topic: Topic map, score, primary}, primary first, then by
//          score, ties by topic id)
UNWIND $ids AS id
MATCH (:Work {id: id})-[h:HAS_TOPIC]->(t:Topic)
OPTIONAL MATCH (t)-[:SUBTOPIC_OF]->(p:Topic)
WITH id, t, h, p
ORDER BY id, coalesce(h.primary, false) DESC, coalesce(h.score, 0.0) DESC, t.id
RETURN id, collect({topic: t {.id, .name, .level, .scheme, .description, .keywords, parent: p.id},
                    score: h.score, primary: coalesce(h.primary, false)}) AS topics
