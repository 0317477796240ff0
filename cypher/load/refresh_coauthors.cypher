// name: load/refresh_coauthors
// params: $rows (list of {a, pairs: list of {b, works, years}}: author ids with a < b; the
//         ids of this batch's works that both authored, each with at most 100 authors; the
//         years of those works, nulls left out)
// returns: rows (number of COAUTHOR links written)
// COAUTHOR is derived from AUTHORED and stored once, from the smaller id to the larger:
// query it without direction. The edge keeps the ids of the shared works (`work_ids`;
// `works` is their number); a work already listed is not added again, so re-loading a
// file leaves the edge unchanged. `first_year` and `last_year` are the least and greatest
// year of those works: the batch's years are folded in here, and a work whose year
// changes updates the edges that list it (upsert_works).
UNWIND $rows AS g
MATCH (a:Author {id: g.a})
UNWIND g.pairs AS r
MATCH (b:Author {id: r.b})
MERGE (a)-[c:COAUTHOR]->(b)
WITH c, r, coalesce(c.work_ids, []) AS had
WITH c, had + [x IN r.works WHERE NOT x IN had] AS ids,
     reduce(m = c.first_year, y IN r.years | CASE WHEN m IS NULL OR y < m THEN y ELSE m END) AS first_year,
     reduce(m = c.last_year, y IN r.years | CASE WHEN m IS NULL OR y > m THEN y ELSE m END) AS last_year
SET c.work_ids = ids, c.works = size(ids), c.first_year = first_year, c.last_year = last_year
RETURN count(*) AS rows
