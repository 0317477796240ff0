// name: api/years_author
// params: $ids (list of Author ids)
// returns: id, work_years (the year of each of the author's works that has one), citing_years (for
//          each citation of one of those works by a work in the graph, the citing work's year where it
//          has one), reported (the sum of the works' cited_by_count: the sources' total), undated_works
// `WITH w2, c2` before collecting: FalkorDB 4.16 counts each citing work once, not once per cited
// work, when an aggregation over such a path names only the citing end (146 instead of 737 on one
// generated author).
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w1:Work)
  WITH collect(w1) AS works1
  RETURN [x1 IN works1 WHERE x1.year IS NOT NULL | x1.year] AS work_years,
         size([x2 IN works1 WHERE x2.year IS NULL]) AS undated_works,
         reduce(total = 0, x3 IN works1 | total + coalesce(x3.cited_by_count, 0)) AS reported
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w2:Work)<-[:CITES]-(c2:Work)
  WITH w2, c2
  WITH collect(c2) AS citing2
  RETURN [x4 IN citing2 WHERE x4.year IS NOT NULL | x4.year] AS citing_years
}
RETURN id, work_years, citing_years, reported, undated_works
