// name: api/autocomplete_heads_sources
// params: $k (how many)
// returns: id, name (name, as api/autocomplete_candidates
//          names it), weight (works); the sources of most weight first, ties by id
// The typeahead's in-memory list of the most weighty sources (search/autocomplete.py): a prefix that
// matches more sources than the candidates query reads is completed from it, by weight.
MATCH (node:Source)
WITH node, coalesce(node.display_name, node.title, node.name) AS name
WHERE name IS NOT NULL
RETURN node.id AS id, name, size([(node)<-[:PUBLISHED_IN]-(x1:Work) | x1]) AS weight
ORDER BY weight DESC, id
LIMIT $k
