// name: api/node_kind
// params: $id (any node id)
// returns: kind (AUTHOR, WORK, TOPIC, INSTITUTION or SOURCE) of each node with that id; no row when none
MATCH (n:Author {id: $id}) RETURN 'AUTHOR' AS kind
UNION ALL
MATCH (n:Work {id: $id}) RETURN 'WORK' AS kind
UNION ALL
MATCH (n:Topic {id: $id}) RETURN 'TOPIC' AS kind
UNION ALL
MATCH (n:Institution {id: $id}) RETURN 'INSTITUTION' AS kind
UNION ALL
MATCH (n:Source {id: $id}) RETURN 'SOURCE' AS kind
