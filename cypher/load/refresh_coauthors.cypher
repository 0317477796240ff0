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
// A new edge takes the row as it is; most pairs of a first load are new, and this costs the
// engine a fifth less than the update below applied to an empty edge.
ON CREATE SET c.work_ids = r[1], c.works = size(r[1]), c.first_year = r[2], c.last_year = r[3]
// `works` is right whether SET reads work_ids before or after the update beside it.
ON MATCH SET c.work_ids = coalesce(c.work_ids, []) + [x IN r[1] WHERE NOT x IN coalesce(c.work_ids, [])],
             c.works = size(coalesce(c.work_ids, [])) + size([x IN r[1] WHERE NOT x IN coalesce(c.work_ids, [])]),
             c.first_year = CASE WHEN c.first_year IS NULL OR r[2] < c.first_year THEN r[2] ELSE c.first_year END,
             c.last_year = CASE WHEN c.last_year IS NULL OR r[3] > c.last_year THEN r[3] ELSE c.last_year END
RETURN count(*) AS rows
