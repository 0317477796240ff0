// name: api/autocomplete_heads_works
// params: $k (how many)
// returns: id, name (title, as api/autocomplete_candidates
//          names it), weight (citations); the works of most weight first, ties by id
// The typeahead's in-memory list of the most weighty works (search/autocomplete.py): a prefix that
// matches more works than the candidates query reads is completed from it, by weight.
MATCH (node:Work)
WITH node, coalesce(node.display_name, node.title, node.name) AS name
WHERE name IS NOT NULL
RETURN node.id AS id, name, coalesce(node.cited_by_count, 0) AS weight
ORDER BY weight DESC, id
LIMIT $k
