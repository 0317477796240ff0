// name: load/merge_entity_edges
// params: $institutions, $topics, $sources (lists of [old, into]: an old id and its survivor,
//         both in the graph; load/merge_nodes made the survivor)
// returns: rows (the number of old Sources deleted: the write statistics count the rest)
// Second step of folding an old Institution, Topic or Source into its survivor: every
// relationship moves to the survivor (where it has one to the same node, its own is kept;
// AFFILIATED_WITH years are united), authors' last_known_institution_ids name the survivor,
// then the old node goes.
UNWIND $institutions AS r
MATCH (o:Institution {id: r[0]})
MATCH (s:Institution {id: r[1]})
MATCH (a:Author)-[e:AFFILIATED_WITH]->(o)
MERGE (a)-[f:AFFILIATED_WITH]->(s)
WITH a, r, f, e, reduce(acc = coalesce(f.years, []), y IN coalesce(e.years, []) |
       CASE WHEN y IN acc THEN acc ELSE [x IN acc WHERE x < y] + [y] + [x IN acc WHERE x > y] END) AS years
SET f.years = CASE WHEN f.years IS NULL AND e.years IS NULL THEN null ELSE years END,
    f.first_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y < m THEN y ELSE m END),
    f.last_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y > m THEN y ELSE m END),
    f.last_known = coalesce(f.last_known, e.last_known),
    a.last_known_institution_ids = CASE WHEN a.last_known_institution_ids IS NULL THEN null
        ELSE [x IN a.last_known_institution_ids WHERE x <> r[1] | CASE WHEN x = r[0] THEN r[1] ELSE x END] END
WITH count(*) AS step1
UNWIND $topics AS r
MATCH (o2:Topic {id: r[0]})
MATCH (s2:Topic {id: r[1]})
MATCH (w:Work)-[e2:HAS_TOPIC]->(o2)
MERGE (w)-[f2:HAS_TOPIC]->(s2)
ON CREATE SET f2.score = e2.score, f2.primary = e2.primary
WITH count(*) AS step2
UNWIND $topics AS r
MATCH (o3:Topic {id: r[0]})
MATCH (s3:Topic {id: r[1]})
MATCH (o3)-[:SUBTOPIC_OF]->(p:Topic)
WHERE p <> s3
MERGE (s3)-[:SUBTOPIC_OF]->(p)
WITH count(*) AS step3
UNWIND $topics AS r
MATCH (o4:Topic {id: r[0]})
MATCH (s4:Topic {id: r[1]})
MATCH (c:Topic)-[:SUBTOPIC_OF]->(o4)
WHERE c <> s4
MERGE (c)-[:SUBTOPIC_OF]->(s4)
WITH count(*) AS step4
UNWIND $sources AS r
MATCH (o5:Source {id: r[0]})
MATCH (s5:Source {id: r[1]})
MATCH (v:Work)-[:PUBLISHED_IN]->(o5)
MERGE (v)-[:PUBLISHED_IN]->(s5)
WITH count(*) AS step5
UNWIND $institutions AS r
MATCH (gi:Institution {id: r[0]})
DETACH DELETE gi
WITH count(*) AS step6
UNWIND $topics AS r
MATCH (gt:Topic {id: r[0]})
DETACH DELETE gt
WITH count(*) AS step7
UNWIND $sources AS r
MATCH (gs:Source {id: r[0]})
DETACH DELETE gs
RETURN count(*) AS rows
