// name: api/years_work
// params: $ids (list of Work ids)
// returns: id, work_years (the work's own year, where it has one), citing_years (the year of each
//          work in the graph that cites it, where it has one), reported (its cited_by_count),
//          undated_works (1 when it has no year)
UNWIND $ids AS id
MATCH (w:Work {id: id})
CALL {
  WITH w
  MATCH (w)<-[:CITES]-(c1:Work)
  WITH collect(c1) AS citing1
  RETURN [x1 IN citing1 WHERE x1.year IS NOT NULL | x1.year] AS citing_years
}
RETURN id, CASE WHEN w.year IS NULL THEN [] ELSE [w.year] END AS work_years, citing_years,
       coalesce(w.cited_by_count, 0) AS reported, CASE WHEN w.year IS NULL THEN 1 ELSE 0 END AS undated_works
