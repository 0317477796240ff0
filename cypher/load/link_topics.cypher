// name: load/link_topics
// params: $new, $links (lists of {work, topic, score, primary}; $new for the works this
//         batch created, $links for the others)
// returns: rows (number of HAS_TOPIC links written)
// A work this batch created has no topics yet: CREATE its links, without MERGE's search.
UNWIND $new AS l
MATCH (w:Work {id: l.work}), (t:Topic {id: l.topic})
CREATE (w)-[:HAS_TOPIC {score: l.score, primary: l.primary}]->(t)
WITH count(*) AS created
UNWIND $links AS l
MATCH (w:Work {id: l.work}), (t:Topic {id: l.topic})
MERGE (w)-[h:HAS_TOPIC]->(t)
SET h.score = l.score, h.primary = l.primary
WITH created, count(*) AS merged
RETURN created + merged AS rows
