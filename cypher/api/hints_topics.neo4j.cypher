// name: api/hints_topics
// params: $ids (list of Topic ids)
// returns: id, level, parent (the broader topic's name; null at the top), works (works linked to it)
UNWIND $ids AS id
MATCH (t:Topic {id: id})
RETURN id, t.level AS level, [(t)-[:SUBTOPIC_OF]->(p1:Topic) | p1.name][0] AS parent,
       size([(t)<-[:HAS_TOPIC]-(w1:Work) | w1]) AS works
