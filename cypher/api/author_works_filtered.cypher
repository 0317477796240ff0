// name: api/author_works_filtered
// params: $ids (list of Author ids), $order ('DATE' | 'CITATIONS'), $skip, $limit
//         and the filter (null: no condition): $year_from, $year_to (inclusive), $types (work types),
//         $topics (Topic ids: a work with a topic that is one of them or under one, 3 levels
//         deep), $institutions (Institution ids: a work with an author affiliated with one in the
//         work's year), $sources (Source ids), $has_code, $has_abstract, $open_access (booleans;
//         $open_access: works whose sources do not say pass neither true nor false)
// returns: id (the author), total (the author's works that pass the filter), works (the page, in
//          api/author_works' order: newest first for DATE, most cited first for CITATIONS; ties by
//          publication date, then id)
UNWIND $ids AS id
MATCH (:Author {id: id})-[:AUTHORED]->(w:Work)
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
WITH id, w
ORDER BY id,
         CASE $order WHEN 'CITATIONS' THEN coalesce(w.cited_by_count, 0) ELSE 0 END DESC,
         coalesce(w.publication_date, toString(w.year), '') DESC, w.id
WITH id, collect(w) AS ws
RETURN id, size(ws) AS total,
       [w IN ws[$skip..$skip + $limit] | w {.id, .title, .abstract, .publication_date, .year, .type, .doi,
        .arxiv_id, .openalex_id, .language, .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub}] AS works
