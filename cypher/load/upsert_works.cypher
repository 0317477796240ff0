// name: load/upsert_works
// params: $rows (list of {id, rank, props: map of non-null properties of the batch's highest-ranked
//         record of the work, fill: what its lower-ranked records add, sources: the sources of
//         every record}), $changed (list of {work, year}: works already in the graph whose year
//         this write changes), $source_names (every source, in the order `sources` lists them)
// returns: id, unlinked (true for a Work with no links of its own before this write: one it
//          created, or a citation's placeholder that only incoming CITES point at), for every row
// `rank` (loaders/precedence.py): a row ranked at least the node's record_rank sets its values
// (SET +=, so a source that lacks a field never erases another's) and its rank; a lower one, or
// the empty rank (a record of a merged id), only fills what the work lacks: the graph ends the
// same whatever order the records come in. `sources` is listed in the order of $source_names
// for the same reason. One SET clause for the common case (one record, or only winners):
// FalkorDB re-indexes a node (full-text title and abstract too) once per clause.
// First, in the same transaction, the COAUTHOR edges that list a work whose year
// changes get their first and last years recomputed from their works with the new
// years: those years stay exactly what the works say, even across a crash and re-run.
UNWIND $changed AS ch
MATCH (:Work {id: ch.work})<-[:AUTHORED]-(:Author)-[c:COAUTHOR]->(:Author)
WHERE ch.work IN c.work_ids
WITH DISTINCT c
UNWIND c.work_ids AS x
MATCH (k:Work {id: x})
WITH c, head([ch IN $changed WHERE ch.work = x | ch.year] + [k.year]) AS year
WITH c, min(year) AS first_year, max(year) AS last_year
SET c.first_year = first_year, c.last_year = last_year
WITH count(*) AS recomputed
UNWIND $rows AS r
OPTIONAL MATCH (old:Work {id: r.id})
WITH r, old IS NULL OR coalesce(old.stub, false) AS unlinked
MERGE (w:Work {id: r.id})
WITH r, unlinked, w, r.rank <> '' AND coalesce(w.record_rank, '') <= r.rank AS wins
SET w += CASE WHEN wins THEN r.props ELSE {} END,
    w.record_rank = CASE WHEN wins THEN r.rank ELSE w.record_rank END,
    w.stub = null,
    w.sources = [s IN $source_names WHERE s IN coalesce(w.sources, []) OR s IN r.sources]
                + [s IN coalesce(w.sources, []) + r.sources WHERE NOT s IN $source_names]
WITH r, unlinked, w, CASE WHEN wins THEN {} ELSE r.props END AS f
FOREACH (_ IN CASE WHEN size(keys(f)) > 0 OR size(keys(r.fill)) > 0 THEN [1] ELSE [] END |
  SET w.title = coalesce(w.title, f.title, r.fill.title),
      w.abstract = coalesce(w.abstract, f.abstract, r.fill.abstract),
      w.publication_date = coalesce(w.publication_date, f.publication_date, r.fill.publication_date),
      w.year = coalesce(w.year, f.year, r.fill.year), w.type = coalesce(w.type, f.type, r.fill.type),
      w.doi = coalesce(w.doi, f.doi, r.fill.doi), w.arxiv_id = coalesce(w.arxiv_id, f.arxiv_id, r.fill.arxiv_id),
      w.openalex_id = coalesce(w.openalex_id, f.openalex_id, r.fill.openalex_id),
      w.language = coalesce(w.language, f.language, r.fill.language),
      w.cited_by_count = coalesce(w.cited_by_count, f.cited_by_count, r.fill.cited_by_count),
      w.categories = coalesce(w.categories, f.categories, r.fill.categories),
      w.code_url = coalesce(w.code_url, f.code_url, r.fill.code_url),
      w.open_access = coalesce(w.open_access, f.open_access, r.fill.open_access),
      w.funders = coalesce(w.funders, f.funders, r.fill.funders),
      w.funder_dois = coalesce(w.funder_dois, f.funder_dois, r.fill.funder_dois))
RETURN w.id AS id, unlinked
