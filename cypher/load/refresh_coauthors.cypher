// name: load/refresh_coauthors
// params: $rows (list of [a, pairs]: an author id and a list of [b, works, first, last] with a < b;
//         `works` the ids of this batch's works that both authored, each with at most 100
//         authors; `first` and `last` the least and greatest year of those works, null when
//         none has a year)
// returns: rows (number of COAUTHOR links written)
// Rows are lists, not maps: the engine reads a list parameter faster.
// COAUTHOR is derived from AUTHORED and stored once, from the smaller id to the larger:
// query it without direction. The edge keeps the ids of the shared works (`work_ids`;
// `works` is their number); a work already listed is not added again, so re-loading a
// file leaves the edge unchanged. `first_year` and `last_year` are the least and greatest
// year of those works: the batch's years are folded in here, and a work whose year
// changes updates the edges that list it (upsert_works).
UNWIND $rows AS g
MATCH (a:Author {id: g[0]})
UNWIND g[1] AS r
MATCH (b:Author {id: r[0]})
MERGE (a)-[c:COAUTHOR]->(b)
WITH c, r, coalesce(c.work_ids, []) AS had
WITH c, r, had + [x IN r[1] WHERE NOT x IN had] AS ids
SET c.work_ids = ids, c.works = size(ids),
    c.first_year = CASE WHEN c.first_year IS NULL OR r[2] < c.first_year THEN r[2] ELSE c.first_year END,
    c.last_year = CASE WHEN c.last_year IS NULL OR r[3] > c.last_year THEN r[3] ELSE c.last_year END
RETURN count(*) AS rows
