// name: load/upsert_institutions
// params: $rows (list of {id, props})
// returns: rows (number of institutions written)
UNWIND $rows AS r
MERGE (i:Institution {id: r.id})
SET i += r.props
RETURN count(*) AS rows
