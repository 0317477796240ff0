// name: api/expand_institution
// params: $id (Institution id), $kinds (node kinds wanted: AUTHOR, TOPIC), $first (per list)
// returns: one row, none for an unknown id: institution (Institution map), authors ({author,
//          first_year, last_year, last_known}: last known first, then latest year), topics ({topic,
//          works}: topics with the most works by its authors); each list at most $first long, ties by id
MATCH (i:Institution {id: $id})
CALL {
  WITH i
  MATCH (a1:Author)-[f1:AFFILIATED_WITH]->(i)
  WHERE 'AUTHOR' IN $kinds
  WITH a1, f1
  ORDER BY coalesce(f1.last_known, false) DESC, coalesce(f1.last_year, 0) DESC, a1.id
  LIMIT $first
  RETURN collect(CASE WHEN a1 IS NULL THEN null ELSE
           {author: a1 {.id, .display_name, .orcid, .community}, first_year: f1.first_year,
            last_year: f1.last_year, last_known: coalesce(f1.last_known, false)} END) AS authors
}
CALL {
  WITH i
  MATCH (i)<-[:AFFILIATED_WITH]-(:Author)-[:AUTHORED]->(w2:Work)-[:HAS_TOPIC]->(t2:Topic)
  WHERE 'TOPIC' IN $kinds
  WITH t2, count(DISTINCT w2) AS n2
  ORDER BY n2 DESC, t2.id
  LIMIT $first
  RETURN collect(CASE WHEN t2 IS NULL THEN null ELSE {topic: t2 {.id, .name, .level, .scheme}, works: n2} END) AS topics
}
RETURN i {.id, .name, .country, .type} AS institution, authors, topics
