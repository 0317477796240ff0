// name: load/link_topics
// params: $new, $links, $fill (lists of [work, topics]: a Work graph id and a list of
//         [topic, score, primary]; $new for the works with no links of their own yet
//         (upsert_works' `unlinked`), $fill for those whose record only fills (see
//         load/link_authorships), $links for the others)
// returns: rows (the number of $fill's HAS_TOPIC links; the write statistics count them all)
// Rows are lists, not maps: the engine reads a list parameter faster.
// A work with no links yet (created now, or a citation's placeholder) has no topics: CREATE
// its links, without MERGE's search.
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
WITH count(*) AS merged
// A record that only fills adds the topics the work lacks; the scores stay the winner's.
UNWIND $fill AS g
MATCH (w:Work {id: g[0]})
UNWIND g[1] AS l
MATCH (t:Topic {id: l[0]})
MERGE (w)-[h:HAS_TOPIC]->(t)
ON CREATE SET h.score = l[1], h.primary = l[2]
RETURN count(*) AS rows
