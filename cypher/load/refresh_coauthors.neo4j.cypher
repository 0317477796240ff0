// name: load/refresh_coauthors
// params: $rows (list of [a, pairs]: an author id and a list of [b, works, first, last] with a < b;
//         `works` the ids of this batch's works that both authored, each with at most 100
//         authors; `first` and `last` the least and greatest year of those works, null when
//         none has a year)
// returns: rows (number of COAUTHOR links written)
// Neo4j's form of refresh_coauthors.cypher (the same edges and properties; see there). MERGE
// of a relationship checks each pair by walking the COAUTHOR edges of one of its two authors
// (Expand(Into)), and the authors a batch names are the prolific ones, with hundreds of
// coauthors: most of this query's time. Here each author's edges to the batch's coauthors are
// read once (one expansion per author, not one per pair), the pairs found are updated and the
// others created. `SET a += {}` writes nothing but takes the author's write lock first, as
// MERGE would: only this query creates COAUTHOR edges, always from the smaller id, so a
// concurrent load waits for it rather than creating the same edge twice.
UNWIND $rows AS g
MATCH (a:Author {id: g[0]})
SET a += {}
WITH a, g
OPTIONAL MATCH (a)-[c:COAUTHOR]->(b:Author)
WHERE b.id IN [r IN g[1] | r[0]]
WITH a, g, collect(CASE WHEN c IS NOT NULL THEN [b.id, c] END) AS found
WITH a, g, found, [x IN found | x[0]] AS have
CALL {
  WITH a, g, have
  UNWIND [r IN g[1] WHERE NOT r[0] IN have] AS r
  MATCH (b:Author {id: r[0]})
  CREATE (a)-[:COAUTHOR {work_ids: r[1], works: size(r[1]), first_year: r[2], last_year: r[3]}]->(b)
  RETURN count(*) AS created
}
CALL {
  WITH g, found
  UNWIND found AS x
  WITH x[1] AS c, head([r IN g[1] WHERE r[0] = x[0]]) AS r
  WITH c, r, coalesce(c.work_ids, []) AS had
  WITH c, r, had + [x IN r[1] WHERE NOT x IN had] AS ids
  SET c.work_ids = ids, c.works = size(ids),
      c.first_year = CASE WHEN c.first_year IS NULL OR r[2] < c.first_year THEN r[2] ELSE c.first_year END,
      c.last_year = CASE WHEN c.last_year IS NULL OR r[3] > c.last_year THEN r[3] ELSE c.last_year END
  RETURN count(*) AS updated
}
RETURN sum(created + updated) AS rows
