// name: api/hints_authors
// params: $ids (list of Author ids)
// returns: id, works (the author's works in the graph), institution (the name of the last known
//          affiliation, else the one seen latest, ties by id; null without any)
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL {
  WITH a
  MATCH (a)-[af:AFFILIATED_WITH]->(i1:Institution)
  WITH i1, af
  ORDER BY coalesce(af.last_known, false) DESC, coalesce(af.last_year, 0) DESC, i1.id
  RETURN collect(i1.name)[0] AS institution
}
RETURN id, size([(a)-[:AUTHORED]->(w2:Work) | w2]) AS works, institution
