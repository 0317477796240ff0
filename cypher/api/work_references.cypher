// name: api/work_references
// params: $ids (list of Work ids), $skip, $limit
// returns: id (the citing work), total (works it cites), works (the page: Work maps of the cited
//          works, most cited first, ties by id; stubs are cited works not loaded yet)
UNWIND $ids AS id
MATCH (:Work {id: id})-[:CITES]->(w:Work)
WITH id, w
ORDER BY id, coalesce(w.cited_by_count, 0) DESC, w.id
WITH id, collect(w) AS ws
RETURN id, size(ws) AS total,
       [w IN ws[$skip..$skip + $limit] | w {.id, .title, .abstract, .publication_date, .year, .type, .doi,
        .arxiv_id, .openalex_id, .language, .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub}] AS works
