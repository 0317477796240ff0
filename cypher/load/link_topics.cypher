// name: load/link_topics
// params: $new, $links (lists of [work, topics]: a Work graph id and a list of
//         [topic, score, primary]; $new for the works this batch created, $links for the others)
// returns: rows (number of HAS_TOPIC links written)
// Rows are lists, not maps: the engine reads a list parameter faster.
// A work this batch created has no topics yet: CREATE its links, without MERGE's search.
UNWIND $new AS g
MATCH (w:Work {id: g[0]})
UNWIND g[1] AS l
MATCH (t:Topic {id: l[0]})
CREATE (w)-[:HAS_TOPIC {score: l[1], primary: l[2]}]->(t)
WITH count(*) AS created
UNWIND $links AS g
MATCH (w:Work {id: g[0]})
UNWIND g[1] AS l
MATCH (t:Topic {id: l[0]})
MERGE (w)-[h:HAS_TOPIC]->(t)
SET h.score = l[1], h.primary = l[2]
WITH created, count(*) AS merged
RETURN created + merged AS rows
