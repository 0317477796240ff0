// name: load/upsert_topics
// params: $rows (list of {id, props})
// returns: rows (number of topics written)
UNWIND $rows AS r
MERGE (t:Topic {id: r.id})
SET t += r.props
RETURN count(*) AS rows
