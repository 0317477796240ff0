// name: load/upsert_works
// params: $rows (list of {id, props: map of non-null properties, source: "openalex"|"arxiv"})
// returns: created (number of Work nodes this batch created)
// Properties are merged (SET +=) so a second source adds to what the first said.
UNWIND $rows AS r
MERGE (w:Work {id: r.id})
SET w += r.props
REMOVE w.stub
SET w.sources = CASE WHEN r.source IN coalesce(w.sources, []) THEN w.sources
                     ELSE coalesce(w.sources, []) + r.source END
RETURN count(w) AS rows
