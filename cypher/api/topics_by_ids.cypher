// name: api/topics_by_ids
// params: $ids (list of Topic ids)
// returns: topic (map of the Topic's properties, with parent: the SUBTOPIC_OF parent's id or null)
UNWIND $ids AS id
MATCH (t:Topic {id: id})
OPTIONAL MATCH (t)-[:SUBTOPIC_OF]->(p:Topic)
RETURN t {.id, .name, .level, .scheme, .description, .keywords, parent: p.id} AS topic
