// name: load/upsert_authors
// params: $rows (list of {id, props, institutions: list of institution ids (last known), rank})
// returns: rows (number of authors written)
// `rank`: the author's own record ("1|<updated_date>") wins over the copies embedded in works
// ("0|<the work's updated_date>"), a newer date over an older; a lower-ranked row only fills
// missing properties (see upsert_topics). A null rank (an author matched by name, whose row says
// nothing of its own) changes nothing.
// An author already holding every value of the row is not SET again: FalkorDB re-indexes a node
// on every SET (full-text name included) even when nothing changes, and most authors of a large
// load come back batch after batch with the same name and ids.
UNWIND $rows AS r
MERGE (a:Author {id: r.id})
WITH a, r, properties(a) AS had, coalesce(a.record_rank, '') <= r.rank AS wins
FOREACH (_ IN CASE WHEN wins AND (had.record_rank IS NULL OR had.record_rank <> r.rank
                                  OR any(k IN keys(r.props) WHERE had[k] IS NULL OR had[k] <> r.props[k]))
                   THEN [1] ELSE [] END |
  SET a += r.props, a.record_rank = r.rank)
FOREACH (_ IN CASE WHEN NOT wins AND any(k IN keys(r.props) WHERE had[k] IS NULL) THEN [1] ELSE [] END |
  SET a.display_name = coalesce(a.display_name, r.props.display_name),
      a.name_key = coalesce(a.name_key, r.props.name_key), a.orcid = coalesce(a.orcid, r.props.orcid),
      a.openalex_id = coalesce(a.openalex_id, r.props.openalex_id),
      a.s2_id = coalesce(a.s2_id, r.props.s2_id), a.dblp_name = coalesce(a.dblp_name, r.props.dblp_name),
      a.works_count = coalesce(a.works_count, r.props.works_count),
      a.cited_by_count = coalesce(a.cited_by_count, r.props.cited_by_count),
      a.last_known_institution_ids = coalesce(a.last_known_institution_ids, r.props.last_known_institution_ids))
WITH a, r
UNWIND r.institutions AS inst
MATCH (i:Institution {id: inst})
MERGE (a)-[f:AFFILIATED_WITH]->(i)
SET f.last_known = true
RETURN count(*) AS rows
