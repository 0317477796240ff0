// name: api/coauthor_neighbours
// params: $ids (list of Author ids: one breadth-first search frontier)
// returns: id (a frontier author), neighbours (ids of their coauthors); one step of the bounded
//          breadth-first search behind collaborationPath, the same on both engines
UNWIND $ids AS id
MATCH (:Author {id: id})-[:COAUTHOR]-(b:Author)
RETURN id, collect(b.id) AS neighbours
