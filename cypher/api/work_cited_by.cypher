// name: api/work_cited_by
// params: $ids (list of Work ids), $skip, $limit
// returns: id (the cited work), total (works in the graph citing it), works (the page: Work maps of
//          the citing works, newest first, ties by id)
UNWIND $ids AS id
MATCH (w:Work)-[:CITES]->(:Work {id: id})
WITH id, w
ORDER BY id, coalesce(w.publication_date, toString(w.year), '') DESC, w.id
WITH id, collect(w) AS ws
RETURN id, size(ws) AS total,
       [w IN ws[$skip..$skip + $limit] | w {.id, .title, .abstract, .publication_date, .year, .type, .doi,
        .arxiv_id, .openalex_id, .language, .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub}] AS works
