// name: load/upsert_sources
// params: $rows (list of {id, props, rank}), $links (list of {work, source})
// returns: rows (number of PUBLISHED_IN links written)
// Sources are copies embedded in works: the newer work's copy wins (`rank`, see upsert_topics).
UNWIND $rows AS r
MERGE (s:Source {id: r.id})
WITH s, r, coalesce(s.record_rank, '') <= r.rank AS wins
FOREACH (_ IN CASE WHEN wins THEN [1] ELSE [] END | SET s += r.props, s.record_rank = r.rank)
FOREACH (_ IN CASE WHEN wins THEN [] ELSE [1] END |
  SET s.name = coalesce(s.name, r.props.name), s.type = coalesce(s.type, r.props.type),
      s.issn_l = coalesce(s.issn_l, r.props.issn_l), s.publisher = coalesce(s.publisher, r.props.publisher),
      s.issns = coalesce(s.issns, r.props.issns))
WITH count(*) AS done
UNWIND $links AS l
MATCH (w:Work {id: l.work})
MATCH (s:Source {id: l.source})
MERGE (w)-[:PUBLISHED_IN]->(s)
RETURN count(*) AS rows
