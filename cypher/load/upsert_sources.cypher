// name: load/upsert_sources
// params: $rows (list of {id, props}), $links (list of {work, source})
// returns: rows (number of PUBLISHED_IN links written)
UNWIND $rows AS r
MERGE (s:Source {id: r.id})
SET s += r.props
WITH count(*) AS done
UNWIND $links AS l
MATCH (w:Work {id: l.work})
MATCH (s:Source {id: l.source})
MERGE (w)-[:PUBLISHED_IN]->(s)
RETURN count(*) AS rows
