// name: api/work_cited_by_facets
// params: $ids (list of Work ids), $group ('TYPE' | 'YEAR' | 'TOPIC' | 'INSTITUTION' | 'SOURCE'),
//         $limit (groups listed)
//         and the filter (null: no condition): $year_from, $year_to (inclusive), $types (work types),
//         $topics (Topic ids: a work with a topic that is one of them or under one, 3 levels
//         deep), $institutions (Institution ids: a work with an author affiliated with one in the
//         work's year), $sources (Source ids), $has_code, $has_abstract, $open_access (booleans;
//         $open_access: works whose sources do not say pass neither true nor false)
// returns: id (the cited work), total (the works in the graph citing it that pass the filter),
//          unknown (those without a value for $group), group_count (distinct values), groups (the
//          first $limit: {key, name, count}, most works first, ties by key); a work counts once in
//          each of its values (TOPIC: its own topics; INSTITUTION: its authors' institutions in its
//          year), so counts may add up to more than total
UNWIND $ids AS id
MATCH (w:Work)-[:CITES]->(:Work {id: id})
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
WITH id, collect(w) AS ws
UNWIND ws AS w
WITH id, size(ws) AS total, w
// group keys: begin (each work's [key, display name] pairs for $group, [] where it has none: the
// neighbours' in subqueries, each run only for its own group)
CALL {
  WITH w
  UNWIND CASE WHEN $group = 'SOURCE' AND w IS NOT NULL THEN [1] ELSE [] END AS gsrun
  MATCH (w)-[:PUBLISHED_IN]->(gs:Source)
  RETURN collect([gs.id, CASE WHEN coalesce(gs.name, '') = '' THEN gs.id ELSE gs.name END]) AS source_keys
}
CALL {
  WITH w
  UNWIND CASE WHEN $group = 'TOPIC' AND w IS NOT NULL THEN [1] ELSE [] END AS gtrun
  MATCH (w)-[:HAS_TOPIC]->(gt:Topic)
  RETURN collect([gt.id, CASE WHEN coalesce(gt.name, '') = '' THEN gt.id ELSE gt.name END]) AS topic_keys
}
CALL {
  WITH w
  UNWIND CASE WHEN $group = 'INSTITUTION' AND w IS NOT NULL THEN [1] ELSE [] END AS girun
  MATCH (w)<-[:AUTHORED]-(:Author)-[gf:AFFILIATED_WITH]->(gi:Institution)
  WHERE w.year IN gf.years
  RETURN collect([gi.id, CASE WHEN coalesce(gi.name, '') = '' THEN gi.id ELSE gi.name END]) AS institution_keys
}
WITH *, CASE $group
          WHEN 'TYPE' THEN [x IN [w.type] WHERE x IS NOT NULL | [x, x]]
          WHEN 'YEAR' THEN [x IN [w.year] WHERE x IS NOT NULL | [toString(x), toString(x)]]
          WHEN 'SOURCE' THEN source_keys
          WHEN 'TOPIC' THEN topic_keys
          ELSE institution_keys
        END AS keys
// group keys: end
UNWIND CASE WHEN size(keys) = 0 THEN [null] ELSE keys END AS k
WITH DISTINCT id, total, w, k[0] AS key, k[1] AS name
WITH id, total, key, name, count(w) AS n
ORDER BY n DESC, key
WITH id, total, collect(CASE WHEN key IS NULL THEN null ELSE {key: key, name: name, count: n} END) AS groups,
     toInteger(sum(CASE WHEN key IS NULL THEN n ELSE 0 END)) AS unknown
RETURN id, total, unknown, size(groups) AS group_count, groups[0..$limit] AS groups
