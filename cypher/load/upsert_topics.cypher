// name: load/upsert_topics
// params: $rows (list of {id, props, rank})
// returns: rows (number of topics written)
// `rank` says whose description a row is: "1|<updated_date>" for the topic's own record,
// "0|<updated_date of the record holding it>" for a copy embedded in a work or a topic. A row
// ranked at least as high as the node's `record_rank` sets its values; a lower one only fills
// properties the node lacks, so a stale embedded name never overwrites the topic's own record,
// whatever the order the files are loaded in.
UNWIND $rows AS r
MERGE (t:Topic {id: r.id})
WITH t, r, coalesce(t.record_rank, '') <= r.rank AS wins
FOREACH (_ IN CASE WHEN wins THEN [1] ELSE [] END | SET t += r.props, t.record_rank = r.rank)
FOREACH (_ IN CASE WHEN wins THEN [] ELSE [1] END |
  SET t.name = coalesce(t.name, r.props.name), t.level = coalesce(t.level, r.props.level),
      t.scheme = coalesce(t.scheme, r.props.scheme),
      t.description = coalesce(t.description, r.props.description),
      t.keywords = coalesce(t.keywords, r.props.keywords))
RETURN count(*) AS rows
