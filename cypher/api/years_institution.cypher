// name: api/years_institution
// params: $ids (list of Institution ids)
// returns: id, work_years (the year of each work an affiliated author published in a year of that
//          affiliation: the years an authorship showed the institution), citing_years (the year of
//          each citation of those works by a work in the graph, where it has one), reported (the sum
//          of those works' cited_by_count), undated_works (always 0: a work counts by its year)
// `WITH w2, c2` before collecting: FalkorDB 4.16 counts each citing work once, not once per cited
// work, when an aggregation over such a path names only the citing end (146 instead of 737 on one
// generated author).
UNWIND $ids AS id
MATCH (i:Institution {id: id})
CALL {
  WITH i
  MATCH (a1:Author)-[af1:AFFILIATED_WITH]->(i)
  MATCH (a1)-[:AUTHORED]->(w1:Work)
  WHERE w1.year IN af1.years
  WITH DISTINCT w1
  WITH collect(w1) AS works1
  RETURN [x1 IN works1 | x1.year] AS work_years,
         reduce(total = 0, x3 IN works1 | total + coalesce(x3.cited_by_count, 0)) AS reported
}
CALL {
  WITH i
  MATCH (a2:Author)-[af2:AFFILIATED_WITH]->(i)
  MATCH (a2)-[:AUTHORED]->(w2:Work)
  WHERE w2.year IN af2.years
  WITH DISTINCT w2
  MATCH (w2)<-[:CITES]-(c2:Work)
  WITH w2, c2
  WITH collect(c2) AS citing2
  RETURN [x4 IN citing2 WHERE x4.year IS NOT NULL | x4.year] AS citing_years
}
RETURN id, work_years, citing_years, reported, 0 AS undated_works
