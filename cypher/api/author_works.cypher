// name: api/author_works
// params: $ids (list of Author ids), $order ('DATE' | 'CITATIONS'), $skip, $limit
// returns: id (the author), total (works by the author), works (the page: Work maps, newest first
//          for DATE, most cited first for CITATIONS; ties by publication date, then id)
UNWIND $ids AS id
MATCH (:Author {id: id})-[:AUTHORED]->(w:Work)
WITH id, w
ORDER BY id,
         CASE $order WHEN 'CITATIONS' THEN coalesce(w.cited_by_count, 0) ELSE 0 END DESC,
         coalesce(w.publication_date, toString(w.year), '') DESC, w.id
WITH id, collect(w) AS ws
RETURN id, size(ws) AS total,
       [w IN ws[$skip..$skip + $limit] | w {.id, .title, .abstract, .publication_date, .year, .type, .doi,
        .arxiv_id, .openalex_id, .language, .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub}] AS works
