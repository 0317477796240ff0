// name: api/institution_authors_filtered
// params: $ids (list of Institution ids), $skip, $limit
//         and the filter (null: no condition): $year_from, $year_to (inclusive), $types (work types),
//         $topics (Topic ids: a work with a topic that is one of them or under one, 3 levels
//         deep), $institutions (Institution ids: a work with an author affiliated with one in the
//         work's year), $sources (Source ids), $has_code, $has_abstract, $open_access (booleans;
//         $open_access: works whose sources do not say pass neither true nor false)
// returns: id (the institution), total (affiliated authors with at least one work that passes the
//          filter), authors (the page: Author maps in api/institution_authors' order: most
//          recently affiliated first, ties by id)
UNWIND $ids AS id
MATCH (a:Author)-[af:AFFILIATED_WITH]->(:Institution {id: id})
MATCH (a)-[:AUTHORED]->(w:Work)
// filter: begin (the same block in every api/*_filtered and api/*_facets query; see api/data/filters.py)
// The conditions on a work's neighbours run in subqueries that unwind their own parameter list, so a
// condition not given costs nothing: FalkorDB 4.16 evaluates both sides of an OR and every branch of
// a CASE, and refuses a pattern comprehension with its own WHERE inside a WHERE clause.
CALL {
  WITH w
  UNWIND CASE WHEN w IS NULL THEN [] ELSE coalesce($sources, []) END AS fsid
  MATCH (w)-[:PUBLISHED_IN]->(:Source {id: fsid})
  RETURN count(*) AS in_sources
}
CALL {
  WITH w
  UNWIND CASE WHEN w IS NULL THEN [] ELSE coalesce($topics, []) END AS ftid
  MATCH (w)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: ftid})
  RETURN count(*) AS in_topics
}
CALL {
  WITH w
  UNWIND CASE WHEN w IS NULL THEN [] ELSE coalesce($institutions, []) END AS fiid
  MATCH (w)<-[:AUTHORED]-(:Author)-[ff:AFFILIATED_WITH]->(:Institution {id: fiid})
  WHERE w.year IN ff.years
  RETURN count(*) AS in_institutions
}
WITH *, ($year_from IS NULL OR w.year >= $year_from)
        AND ($year_to IS NULL OR w.year <= $year_to)
        AND ($types IS NULL OR w.type IN $types)
        AND ($has_code IS NULL OR (w.code_url IS NOT NULL) = $has_code)
        AND ($has_abstract IS NULL OR (coalesce(w.abstract, '') <> '') = $has_abstract)
        AND ($open_access IS NULL OR coalesce(w.open_access = $open_access, false))
        AND ($sources IS NULL OR in_sources > 0)
        AND ($topics IS NULL OR in_topics > 0)
        AND ($institutions IS NULL OR in_institutions > 0) AS passes
// filter: end
WHERE passes
WITH DISTINCT id, a, af
ORDER BY id, coalesce(af.last_known, false) DESC, coalesce(af.last_year, 0) DESC, a.id
WITH id, collect(a) AS authors
RETURN id, size(authors) AS total,
       [a IN authors[$skip..$skip + $limit] | a {.id, .display_name, .orcid, .openalex_id, .works_count,
        .cited_by_count, .novelty, .community, .pagerank, .betweenness}] AS authors
