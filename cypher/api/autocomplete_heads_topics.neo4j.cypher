// name: api/autocomplete_heads_topics
// params: $k (how many)
// returns: id, name (name, as api/autocomplete_candidates
//          names it), weight (works); the topics of most weight first, ties by id
// The typeahead's in-memory list of the most weighty topics (search/autocomplete.py): a prefix that
// matches more topics than the candidates query reads is completed from it, by weight.
MATCH (node:Topic)
WITH node, coalesce(node.display_name, node.title, node.name) AS name
WHERE name IS NOT NULL
RETURN node.id AS id, name, size([(node)<-[:HAS_TOPIC]-(x1:Work) | x1]) AS weight
ORDER BY weight DESC, id
LIMIT $k
