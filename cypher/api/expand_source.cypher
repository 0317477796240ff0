// name: api/expand_source
// params: $id (Source id), $kinds (node kinds wanted: WORK), $first (how many works)
// returns: one row, none for an unknown id: source (Source map), works (its most cited works, ties by id)
MATCH (s:Source {id: $id})
CALL {
  WITH s
  MATCH (w1:Work)-[:PUBLISHED_IN]->(s)
  WHERE 'WORK' IN $kinds
  WITH w1
  ORDER BY coalesce(w1.cited_by_count, 0) DESC, w1.id
  LIMIT $first
  RETURN collect(w1 {.id, .title, .year, .type, .cited_by_count, .code_url, .stub}) AS works
}
RETURN s {.id, .name, .type, .publisher} AS source, works
