// name: load/merge_author_edges
// params: $rows (list of [old, into]: an old Author id and its survivor, both in the graph;
//         load/merge_nodes made the survivor)
// returns: rows (number of old Authors folded and deleted)
// Second step of folding an old Author into its survivor: every relationship moves to the
// survivor, where the survivor already has one to the same node its own is kept (AUTHORED,
// CLAIMS, FOLLOWS) or the two are united (AFFILIATED_WITH years; COAUTHOR shared works, stored
// from the smaller id to the larger), then the old node goes. A COAUTHOR edge between the two
// is dropped: they are one person.
UNWIND $rows AS r
MATCH (o:Author {id: r[0]})
MATCH (s:Author {id: r[1]})
MATCH (o)-[e:AUTHORED]->(w:Work)
MERGE (s)-[f:AUTHORED]->(w)
ON CREATE SET f.position = e.position, f.order = e.order, f.corresponding = e.corresponding
WITH count(*) AS step1
UNWIND $rows AS r
MATCH (o2:Author {id: r[0]})
MATCH (s2:Author {id: r[1]})
MATCH (o2)-[e2:AFFILIATED_WITH]->(i:Institution)
MERGE (s2)-[f2:AFFILIATED_WITH]->(i)
WITH f2, e2, reduce(acc = coalesce(f2.years, []), y IN coalesce(e2.years, []) |
       CASE WHEN y IN acc THEN acc ELSE [x IN acc WHERE x < y] + [y] + [x IN acc WHERE x > y] END) AS years
SET f2.years = CASE WHEN f2.years IS NULL AND e2.years IS NULL THEN null ELSE years END,
    f2.first_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y < m THEN y ELSE m END),
    f2.last_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y > m THEN y ELSE m END),
    f2.last_known = coalesce(f2.last_known, e2.last_known)
WITH count(*) AS step2
UNWIND $rows AS r
MATCH (o3:Author {id: r[0]})
MATCH (s3:Author {id: r[1]})
MATCH (o3)-[e3:COAUTHOR]-(x:Author)
WHERE x.id > s3.id
MERGE (s3)-[f3:COAUTHOR]->(x)
WITH f3, e3, coalesce(f3.work_ids, []) AS had
WITH f3, e3, had + [w IN e3.work_ids WHERE NOT w IN had] AS ids
SET f3.work_ids = ids, f3.works = size(ids),
    f3.first_year = CASE WHEN f3.first_year IS NULL OR e3.first_year < f3.first_year THEN e3.first_year
                         ELSE f3.first_year END,
    f3.last_year = CASE WHEN f3.last_year IS NULL OR e3.last_year > f3.last_year THEN e3.last_year
                        ELSE f3.last_year END
WITH count(*) AS step3
UNWIND $rows AS r
MATCH (o4:Author {id: r[0]})
MATCH (s4:Author {id: r[1]})
MATCH (o4)-[e4:COAUTHOR]-(y:Author)
WHERE y.id < s4.id
MERGE (y)-[f4:COAUTHOR]->(s4)
WITH f4, e4, coalesce(f4.work_ids, []) AS had
WITH f4, e4, had + [w IN e4.work_ids WHERE NOT w IN had] AS ids
SET f4.work_ids = ids, f4.works = size(ids),
    f4.first_year = CASE WHEN f4.first_year IS NULL OR e4.first_year < f4.first_year THEN e4.first_year
                         ELSE f4.first_year END,
    f4.last_year = CASE WHEN f4.last_year IS NULL OR e4.last_year > f4.last_year THEN e4.last_year
                        ELSE f4.last_year END
WITH count(*) AS step4
UNWIND $rows AS r
MATCH (o5:Author {id: r[0]})
MATCH (s5:Author {id: r[1]})
MATCH (u:User)-[e5:CLAIMS]->(o5)
MERGE (u)-[f5:CLAIMS]->(s5)
ON CREATE SET f5 += properties(e5)
WITH count(*) AS step5
UNWIND $rows AS r
MATCH (o6:Author {id: r[0]})
MATCH (s6:Author {id: r[1]})
MATCH (v:User)-[e6:FOLLOWS]->(o6)
MERGE (v)-[f6:FOLLOWS]->(s6)
ON CREATE SET f6 += properties(e6)
WITH count(*) AS step6
UNWIND $rows AS r
MATCH (gone:Author {id: r[0]})
DETACH DELETE gone
RETURN count(*) AS rows
