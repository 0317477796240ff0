// name: load/merge_work_edges
// params: $rows (list of [old, survivor]: the graph ids of an old Work and of its survivor,
//         both in the graph; load/merge_nodes made the survivor)
// returns: rows (number of old Works folded and deleted)
// Second step of folding an old Work into its survivor: the COAUTHOR edges that list the old
// work list the survivor instead (the writer then adds the pairs the survivor's new authors
// make and recomputes their years), every relationship moves to the survivor (where it has
// one to the same node, its own is kept; a citation between the two is dropped), then the old
// node goes, with its SIMILAR_TO edges (link-similar derives them again).
UNWIND $rows AS r
MATCH (:Work {id: r[0]})<-[:AUTHORED]-(:Author)-[c:COAUTHOR]->(:Author)
WHERE r[0] IN c.work_ids
WITH DISTINCT c, r
WITH c, [x IN c.work_ids WHERE x <> r[1] | CASE WHEN x = r[0] THEN r[1] ELSE x END] AS ids
SET c.work_ids = ids, c.works = size(ids)
WITH count(*) AS step1
UNWIND $rows AS r
MATCH (o:Work {id: r[0]})
MATCH (s:Work {id: r[1]})
MATCH (a:Author)-[e:AUTHORED]->(o)
MERGE (a)-[f:AUTHORED]->(s)
ON CREATE SET f.position = e.position, f.order = e.order, f.corresponding = e.corresponding
WITH count(*) AS step2
UNWIND $rows AS r
MATCH (o2:Work {id: r[0]})
MATCH (s2:Work {id: r[1]})
MATCH (o2)-[:CITES]->(x:Work)
WHERE x <> s2 AND x <> o2
MERGE (s2)-[:CITES]->(x)
WITH count(*) AS step3
UNWIND $rows AS r
MATCH (o3:Work {id: r[0]})
MATCH (s3:Work {id: r[1]})
MATCH (y:Work)-[:CITES]->(o3)
WHERE y <> s3 AND y <> o3
MERGE (y)-[:CITES]->(s3)
WITH count(*) AS step4
UNWIND $rows AS r
MATCH (o4:Work {id: r[0]})
MATCH (s4:Work {id: r[1]})
MATCH (o4)-[e4:HAS_TOPIC]->(t:Topic)
MERGE (s4)-[f4:HAS_TOPIC]->(t)
ON CREATE SET f4.score = e4.score, f4.primary = e4.primary
WITH count(*) AS step5
UNWIND $rows AS r
MATCH (o5:Work {id: r[0]})
MATCH (s5:Work {id: r[1]})
MATCH (o5)-[:PUBLISHED_IN]->(p:Source)
MERGE (s5)-[:PUBLISHED_IN]->(p)
WITH count(*) AS step6
UNWIND $rows AS r
MATCH (gone:Work {id: r[0]})
DETACH DELETE gone
RETURN count(*) AS rows
