// name: api/institution_authors_facets
// params: $ids (list of Institution ids), $group ('TYPE' | 'YEAR' | 'TOPIC' | 'INSTITUTION' |
//         'SOURCE'), $limit (groups listed), $filtered (true: only authors with a work that passes
//         the filter, as api/institution_authors_filtered lists them; false: every affiliated
//         author, as api/institution_authors does)
//         and the filter (null: no condition): $year_from, $year_to (inclusive), $types (work types),
//         $topics (Topic ids: a work with a topic that is one of them or under one, 3 levels
//         deep), $institutions (Institution ids: a work with an author affiliated with one in the
//         work's year), $sources (Source ids), $has_code, $has_abstract (booleans)
// returns: id (the institution), total (the authors listed), unknown (those none of whose works
//          that pass the filter has a value for $group), group_count (distinct values), groups (the
//          first $limit: {key, name, count}, most authors first, ties by key); an author counts
//          once in each value of their works that pass the filter
UNWIND $ids AS id
MATCH (a:Author)-[:AFFILIATED_WITH]->(:Institution {id: id})
WITH DISTINCT id, a
OPTIONAL MATCH (a)-[:AUTHORED]->(w:Work)
// filter: begin (the same block in every api/*_filtered and api/*_facets query; see api/data/filters.py)
// Computed in WITH, then tested: FalkorDB 4.16 refuses a pattern comprehension with its own WHERE
// inside a WHERE clause ("Unable to resolve filtered alias").
WITH *, ($year_from IS NULL OR w.year >= $year_from)
        AND ($year_to IS NULL OR w.year <= $year_to)
        AND ($types IS NULL OR w.type IN $types)
        AND ($has_code IS NULL OR (w.code_url IS NOT NULL) = $has_code)
        AND ($has_abstract IS NULL OR (coalesce(w.abstract, '') <> '') = $has_abstract)
        AND ($sources IS NULL OR size([(w)-[:PUBLISHED_IN]->(fs:Source) WHERE fs.id IN $sources | fs.id]) > 0)
        AND ($topics IS NULL OR size([(w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(ft:Topic)
                                      WHERE ft.id IN $topics | ft.id]) > 0)
        AND ($institutions IS NULL OR size([(w)<-[:AUTHORED]-(:Author)-[ff:AFFILIATED_WITH]->(fi:Institution)
                                            WHERE fi.id IN $institutions AND w.year IN ff.years | fi.id]) > 0)
        AS passes
// filter: end
WITH id, a, CASE WHEN passes AND w IS NOT NULL THEN w END AS w
WITH id, a, w, CASE WHEN w IS NULL THEN [] ELSE
     // group keys: begin (each work's [key, display name] pairs for $group; [] where it has none)
     CASE $group
       WHEN 'TYPE' THEN [x IN [w.type] WHERE x IS NOT NULL | [x, x]]
       WHEN 'YEAR' THEN [x IN [w.year] WHERE x IS NOT NULL | [toString(x), toString(x)]]
       WHEN 'SOURCE' THEN [(w)-[:PUBLISHED_IN]->(gs:Source)
            | [gs.id, CASE WHEN coalesce(gs.name, '') = '' THEN gs.id ELSE gs.name END]]
       WHEN 'TOPIC' THEN [(w)-[:HAS_TOPIC]->(gt:Topic)
            | [gt.id, CASE WHEN coalesce(gt.name, '') = '' THEN gt.id ELSE gt.name END]]
       ELSE [(w)<-[:AUTHORED]-(:Author)-[gf:AFFILIATED_WITH]->(gi:Institution) WHERE w.year IN gf.years
             | [gi.id, CASE WHEN coalesce(gi.name, '') = '' THEN gi.id ELSE gi.name END]]
     END
     // group keys: end
     END AS keys
UNWIND CASE WHEN size(keys) = 0 THEN [null] ELSE keys END AS k
WITH id, a, k[0] AS key, k[1] AS name, count(w) AS matched
WITH id, a, sum(matched) AS matched, collect(CASE WHEN key IS NULL THEN null ELSE [key, name] END) AS keys
WHERE NOT $filtered OR matched > 0
WITH id, collect(keys) AS per_author
UNWIND per_author AS keys
UNWIND CASE WHEN size(keys) = 0 THEN [null] ELSE keys END AS k
WITH id, size(per_author) AS total, k[0] AS key, k[1] AS name, count(*) AS n
ORDER BY n DESC, key
WITH id, total, collect(CASE WHEN key IS NULL THEN null ELSE {key: key, name: name, count: n} END) AS groups,
     sum(CASE WHEN key IS NULL THEN n ELSE 0 END) AS unknown
RETURN id, total, unknown, size(groups) AS group_count, groups[0..$limit] AS groups
