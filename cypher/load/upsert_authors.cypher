// name: load/upsert_authors
// params: $rows (list of {id, props, institutions: list of institution ids (last known)})
// returns: rows (number of authors written)
// An author already holding every value of the row is not SET again: FalkorDB re-indexes a node
// on every SET (full-text name included) even when nothing changes, and most authors of a large
// load come back batch after batch with the same name and ids.
UNWIND $rows AS r
MERGE (a:Author {id: r.id})
WITH a, r, properties(a) AS had
FOREACH (_ IN CASE WHEN any(k IN keys(r.props) WHERE had[k] IS NULL OR had[k] <> r.props[k]) THEN [1] ELSE [] END |
  SET a += r.props)
WITH a, r
UNWIND r.institutions AS inst
MATCH (i:Institution {id: inst})
MERGE (a)-[f:AFFILIATED_WITH]->(i)
SET f.last_known = true
RETURN count(*) AS rows
