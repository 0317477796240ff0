// name: load/upsert_works
// params: $rows (list of {id, props: map of non-null properties, source: "openalex"|"arxiv", fill: true
//         for a record of an OpenAlex id merged into this work's, which only fills what it lacks}),
//         $changed (list of {work, year}: works already in the graph whose year this write changes)
// returns: id, created (true for a Work this write created), for every row
// Properties are merged (SET +=) so a second source adds to what the first said. One SET
// clause: FalkorDB re-indexes a node (full-text title and abstract too) once per clause.
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
WITH r, old IS NULL AS created
MERGE (w:Work {id: r.id})
SET w += CASE WHEN r.fill THEN {} ELSE r.props END,
    w.stub = null,
    w.sources = CASE WHEN r.source IN coalesce(w.sources, []) THEN w.sources
                     ELSE coalesce(w.sources, []) + r.source END
FOREACH (_ IN CASE WHEN r.fill THEN [1] ELSE [] END |
  SET w.title = coalesce(w.title, r.props.title), w.abstract = coalesce(w.abstract, r.props.abstract),
      w.publication_date = coalesce(w.publication_date, r.props.publication_date),
      w.year = coalesce(w.year, r.props.year), w.type = coalesce(w.type, r.props.type),
      w.doi = coalesce(w.doi, r.props.doi), w.arxiv_id = coalesce(w.arxiv_id, r.props.arxiv_id),
      w.openalex_id = coalesce(w.openalex_id, r.props.openalex_id),
      w.language = coalesce(w.language, r.props.language),
      w.cited_by_count = coalesce(w.cited_by_count, r.props.cited_by_count),
      w.categories = coalesce(w.categories, r.props.categories), w.code_url = coalesce(w.code_url, r.props.code_url),
      w.funders = coalesce(w.funders, r.props.funders), w.funder_dois = coalesce(w.funder_dois, r.props.funder_dois))
RETURN w.id AS id, created
