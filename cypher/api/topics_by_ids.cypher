// name: api/topics_by_ids
// params: $ids (list of Topic ids)
// returns: key (the id asked for), topic (map of the Topic's properties, with parent: the SUBTOPIC_OF parent's id or null)
// An id OpenAlex merged into another (a MergedId) gives its survivor, with its own id.
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
WITH id, coalesce(m.into, id) AS node_id
MATCH (t:Topic {id: node_id})
OPTIONAL MATCH (t)-[:SUBTOPIC_OF]->(p:Topic)
RETURN id AS key, t {.id, .name, .level, .scheme, .description, .keywords, parent: p.id} AS topic
