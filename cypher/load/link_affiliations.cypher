// name: load/link_affiliations
// params: $rows (list of [author, institutions]: an Author id and a list of
//         [institution, years], one per pair, years sorted, may be empty)
// returns: rows (number of AFFILIATED_WITH links written)
// `years` lists the publication years in which an authorship showed the affiliation, sorted.
// Rows are lists, not maps: the engine reads a list parameter faster.
UNWIND $rows AS g
MATCH (a:Author {id: g[0]})
UNWIND g[1] AS r
MATCH (i:Institution {id: r[0]})
MERGE (a)-[f:AFFILIATED_WITH]->(i)
// Each new year goes in its place, so the list stays sorted whatever batches the years came in.
WITH f, reduce(acc = coalesce(f.years, []), y IN r[1] |
       CASE WHEN y IN acc THEN acc ELSE [x IN acc WHERE x < y] + [y] + [x IN acc WHERE x > y] END) AS years
SET f.years = years,
    f.first_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y < m THEN y ELSE m END),
    f.last_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y > m THEN y ELSE m END)
RETURN count(*) AS rows
