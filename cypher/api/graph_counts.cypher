// name: api/graph_counts
// params: none
// returns: works (loaded Work nodes, stubs left out), authors (Author nodes)
MATCH (w:Work)
WHERE w.title IS NOT NULL
WITH count(w) AS works
MATCH (a:Author)
RETURN works, count(a) AS authors
