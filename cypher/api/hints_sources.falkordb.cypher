// name: api/hints_sources
// params: $ids (list of Source ids)
// returns: id, type, publisher, works (works published in it)
// Counted by indegree (docs/graph-model.md: only works have HAS_TOPIC and PUBLISHED_IN edges,
// only authors AFFILIATED_WITH), which reads a count, not the edges: the pattern comprehension
// took 29 ms for three topics of 5-7k works at 100k works, indegree 2 ms.
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN id, s.type AS type, s.publisher AS publisher, indegree(s, 'PUBLISHED_IN') AS works
