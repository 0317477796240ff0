// name: api/linking_works
// params: $pairs (list of {a, b} Author ids: consecutive people on a collaboration path), $works
//         (works listed per pair)
// returns: a, b, total (works they share), works (the most cited $works of them, ties by id: Work maps)
UNWIND $pairs AS pair
MATCH (:Author {id: pair.a})-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(:Author {id: pair.b})
WITH pair, w
ORDER BY coalesce(w.cited_by_count, 0) DESC, w.id
WITH pair, collect(DISTINCT w) AS ws
RETURN pair.a AS a, pair.b AS b, size(ws) AS total,
       [lw IN ws[0..$works] | lw {.id, .title, .abstract, .publication_date, .year, .type, .doi, .arxiv_id,
        .openalex_id, .language, .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub}] AS works
