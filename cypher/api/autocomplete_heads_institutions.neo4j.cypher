// name: api/autocomplete_heads_institutions
// params: $k (how many)
// returns: id, name (name, as api/autocomplete_candidates
//          names it), weight (authors); the institutions of most weight first, ties by id
// The typeahead's in-memory list of the most weighty institutions (search/autocomplete.py): a prefix that
// matches more institutions than the candidates query reads is completed from it, by weight.
MATCH (node:Institution)
WITH node, coalesce(node.display_name, node.title, node.name) AS name
WHERE name IS NOT NULL
RETURN node.id AS id, name, size([(node)<-[:AFFILIATED_WITH]-(x1:Author) | x1]) AS weight
ORDER BY weight DESC, id
LIMIT $k
