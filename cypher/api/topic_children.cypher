// name: api/topic_children
// params: $ids (list of Topic ids)
// returns: id (the topic), children (Topic maps of its direct subtopics, by name then id)
UNWIND $ids AS id
MATCH (c:Topic)-[:SUBTOPIC_OF]->(:Topic {id: id})
WITH id, c
ORDER BY id, c.name, c.id
RETURN id, collect(c {.id, .name, .level, .scheme, .description, .keywords, parent: id}) AS children
