// name: api/hints_institutions
// params: $ids (list of Institution ids)
// returns: id, type, country, authors (authors affiliated with it)
UNWIND $ids AS id
MATCH (i:Institution {id: id})
RETURN id, i.type AS type, i.country AS country, size([(i)<-[:AFFILIATED_WITH]-(a1:Author) | a1]) AS authors
