// name: api/autocomplete_heads_institutions
// params: $k (how many)
// returns: id, name (name, as api/autocomplete_candidates
//          names it), weight (authors); the institutions of most weight first, ties by id
// The typeahead's in-memory list of the most weighty institutions (search/autocomplete.py): a prefix that
// matches more institutions than the candidates query reads is completed from it, by weight.
// Counted by indegree, as api/autocomplete_candidates does (docs/graph-model.md: only works have
// HAS_TOPIC and PUBLISHED_IN edges, only authors AFFILIATED_WITH): a count, not a walk of every edge.
MATCH (node:Institution)
WITH node, coalesce(node.display_name, node.title, node.name) AS name
WHERE name IS NOT NULL
RETURN node.id AS id, name, indegree(node, 'AFFILIATED_WITH') AS weight
ORDER BY weight DESC, id
LIMIT $k
