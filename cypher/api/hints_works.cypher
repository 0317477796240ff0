// name: api/hints_works
// params: $ids (list of Work ids)
// returns: id, year, authors (how many), first_author (the name of the author in byline order 0,
//          else the first by id; null without authors)
UNWIND $ids AS id
MATCH (w:Work {id: id})
CALL {
  WITH w
  MATCH (a1:Author)-[r1:AUTHORED]->(w)
  WITH a1, r1
  ORDER BY coalesce(r1.order, 1000000), a1.id
  RETURN count(a1) AS authors, collect(a1.display_name)[0] AS first_author
}
RETURN id, w.year AS year, authors, first_author
