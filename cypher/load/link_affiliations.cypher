// name: load/link_affiliations
// params: $rows (list of {author, institution, year}; year may be null)
// returns: rows (number of AFFILIATED_WITH links written)
// `years` lists the publication years in which an authorship showed the affiliation.
UNWIND $rows AS r
MATCH (a:Author {id: r.author}), (i:Institution {id: r.institution})
MERGE (a)-[f:AFFILIATED_WITH]->(i)
SET f.years = CASE WHEN r.year IS NULL OR r.year IN coalesce(f.years, []) THEN coalesce(f.years, [])
                   ELSE coalesce(f.years, []) + r.year END
SET f.first_year = CASE WHEN r.year IS NOT NULL AND (f.first_year IS NULL OR r.year < f.first_year)
                        THEN r.year ELSE f.first_year END,
    f.last_year = CASE WHEN r.year IS NOT NULL AND (f.last_year IS NULL OR r.year > f.last_year)
                       THEN r.year ELSE f.last_year END
RETURN count(*) AS rows
