// name: load/link_affiliations
// params: $rows (list of {author, institution, years}; one row per pair, years sorted, may be empty)
// returns: rows (number of AFFILIATED_WITH links written)
// `years` lists the publication years in which an authorship showed the affiliation.
UNWIND $rows AS r
MATCH (a:Author {id: r.author}), (i:Institution {id: r.institution})
MERGE (a)-[f:AFFILIATED_WITH]->(i)
WITH f, coalesce(f.years, []) + [y IN r.years WHERE NOT y IN coalesce(f.years, [])] AS years
SET f.years = years,
    f.first_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y < m THEN y ELSE m END),
    f.last_year = reduce(m = null, y IN years | CASE WHEN m IS NULL OR y > m THEN y ELSE m END)
RETURN count(*) AS rows
