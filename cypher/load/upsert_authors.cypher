// name: load/upsert_authors
// params: $rows (list of {id, props, institutions: list of institution ids (last known)})
// returns: rows (number of authors written)
UNWIND $rows AS r
MERGE (a:Author {id: r.id})
SET a += r.props
WITH a, r
UNWIND r.institutions AS inst
MATCH (i:Institution {id: inst})
MERGE (a)-[f:AFFILIATED_WITH]->(i)
SET f.last_known = true
RETURN count(*) AS rows
