// name: api/search_works
// params: $terms (list of lower-case words, letters and digits only; the last one matched as a
//         prefix), $k (how many)
// returns: id, score (the engine's relevance, higher is better), work (Work map); best first, ties by id
// Neo4j full-text (Lucene syntax): words joined with AND must all match.
WITH reduce(q = '', i IN range(0, size($terms) - 1) |
            q + CASE WHEN i > 0 THEN ' AND ' ELSE '' END + $terms[i] +
            CASE WHEN i = size($terms) - 1 AND size($terms[i]) > 1 THEN '*' ELSE '' END) AS q
CALL db.index.fulltext.queryNodes('work_text', q) YIELD node, score
WITH node, score
ORDER BY score DESC, node.id
LIMIT $k
RETURN node.id AS id, score,
       node {.id, .title, .abstract, .publication_date, .year, .type, .doi, .arxiv_id, .openalex_id, .language,
             .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub} AS work
