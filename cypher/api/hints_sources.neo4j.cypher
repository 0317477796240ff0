// name: api/hints_sources
// params: $ids (list of Source ids)
// returns: id, type, publisher, works (works published in it)
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN id, s.type AS type, s.publisher AS publisher, size([(s)<-[:PUBLISHED_IN]-(w1:Work) | w1]) AS works
