// name: load/upsert_institutions
// params: $rows (list of {id, props, rank})
// returns: rows (number of institutions written)
// `rank`: the institution's own record ("1|<updated_date>") wins over copies embedded in works
// and authors ("0|<their updated_date>"), a newer date over an older; a lower-ranked row only
// fills missing properties (see upsert_topics).
UNWIND $rows AS r
MERGE (i:Institution {id: r.id})
WITH i, r, coalesce(i.record_rank, '') <= r.rank AS wins
FOREACH (_ IN CASE WHEN wins THEN [1] ELSE [] END | SET i += r.props, i.record_rank = r.rank)
FOREACH (_ IN CASE WHEN wins THEN [] ELSE [1] END |
  SET i.name = coalesce(i.name, r.props.name), i.ror = coalesce(i.ror, r.props.ror),
      i.country = coalesce(i.country, r.props.country), i.type = coalesce(i.type, r.props.type),
      i.openalex_id = coalesce(i.openalex_id, r.props.openalex_id))
RETURN count(*) AS rows
