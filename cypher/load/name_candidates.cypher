// name: load/name_candidates
// params: $names (list of normalised author names)
// returns: name_key, id, coauthor_names (normalised names of that author's coauthors)
// Homonym resolution: a name-only author joins an existing one only when they share a coauthor.
UNWIND $names AS n
MATCH (a:Author {name_key: n})
OPTIONAL MATCH (a)-[:COAUTHOR]-(c:Author)
RETURN n AS name_key, a.id AS id, collect(DISTINCT c.name_key) AS coauthor_names
