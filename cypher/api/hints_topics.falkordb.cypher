// name: api/hints_topics
// params: $ids (list of Topic ids)
// returns: id, level, parent (the broader topic's name; null at the top), works (works linked to it)
// Counted by indegree (docs/graph-model.md: only works have HAS_TOPIC and PUBLISHED_IN edges,
// only authors AFFILIATED_WITH), which reads a count, not the edges: the pattern comprehension
// took 29 ms for three topics of 5-7k works at 100k works, indegree 2 ms.
UNWIND $ids AS id
MATCH (t:Topic {id: id})
RETURN id, t.level AS level, [(t)-[:SUBTOPIC_OF]->(p1:Topic) | p1.name][0] AS parent,
       indegree(t, 'HAS_TOPIC') AS works
