// name: api/expand_work
// params: $id (Work id), $kinds (node kinds wanted: AUTHOR, WORK, TOPIC, SOURCE), $first (per list)
// returns: one row, none for an unknown id: work (Work map), authors ({author, order} in byline
//          order), topics ({topic, score}), source (Source map or null), references (works it
//          cites), cited_by (works citing it), similar ({work, score} by SIMILAR_TO); each list
//          at most $first long, works most cited first, ties by id; lists of unwanted kinds are empty
MATCH (w:Work {id: $id})
CALL {
  WITH w
  MATCH (a1:Author)-[r1:AUTHORED]->(w)
  WHERE 'AUTHOR' IN $kinds
  WITH a1, r1
  ORDER BY r1.order, a1.id
  LIMIT $first
  RETURN collect(CASE WHEN a1 IS NULL THEN null ELSE
           {author: a1 {.id, .display_name, .orcid, .community}, order: r1.order} END) AS authors
}
CALL {
  WITH w
  MATCH (w)-[h2:HAS_TOPIC]->(t2:Topic)
  WHERE 'TOPIC' IN $kinds
  WITH t2, h2
  ORDER BY coalesce(h2.primary, false) DESC, coalesce(h2.score, 0.0) DESC, t2.id
  LIMIT $first
  RETURN collect(CASE WHEN t2 IS NULL THEN null ELSE
           {topic: t2 {.id, .name, .level, .scheme}, score: h2.score} END) AS topics
}
CALL {
  WITH w
  MATCH (w)-[:PUBLISHED_IN]->(s3:Source)
  WHERE 'SOURCE' IN $kinds
  RETURN collect(s3 {.id, .name, .type, .publisher}) AS sources
}
CALL {
  WITH w
  MATCH (w)-[:CITES]->(r4:Work)
  WHERE 'WORK' IN $kinds
  WITH r4
  ORDER BY coalesce(r4.cited_by_count, 0) DESC, r4.id
  LIMIT $first
  RETURN collect(r4 {.id, .title, .year, .type, .cited_by_count, .code_url, .stub}) AS references
}
CALL {
  WITH w
  MATCH (c5:Work)-[:CITES]->(w)
  WHERE 'WORK' IN $kinds
  WITH c5
  ORDER BY coalesce(c5.cited_by_count, 0) DESC, c5.id
  LIMIT $first
  RETURN collect(c5 {.id, .title, .year, .type, .cited_by_count, .code_url, .stub}) AS cited_by
}
CALL {
  WITH w
  MATCH (w)-[s6:SIMILAR_TO]-(o6:Work)
  WHERE 'WORK' IN $kinds
  WITH o6, s6
  ORDER BY s6.score DESC, o6.id
  LIMIT $first
  RETURN collect(CASE WHEN o6 IS NULL THEN null ELSE
           {work: o6 {.id, .title, .year, .type, .cited_by_count, .code_url, .stub}, score: s6.score} END) AS similar
}
RETURN w {.id, .title, .year, .type, .cited_by_count, .code_url, .stub} AS work,
       authors, topics, sources[0] AS source, references, cited_by, similar
