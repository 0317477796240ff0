// name: load/link_topics
// params: $links (list of {work, topic, score, primary})
// returns: rows (number of HAS_TOPIC links written)
UNWIND $links AS l
MATCH (w:Work {id: l.work}), (t:Topic {id: l.topic})
MERGE (w)-[h:HAS_TOPIC]->(t)
SET h.score = l.score, h.primary = l.primary
RETURN count(*) AS rows
