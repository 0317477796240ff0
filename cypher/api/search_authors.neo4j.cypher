// name: api/search_authors
// params: $terms (list of lower-case words, letters and digits only; the last one matched as a
//         prefix), $k (how many)
// returns: id, score (the engine's relevance, higher is better), author (Author map); best first, ties by id
// Neo4j full-text (Lucene syntax): words joined with AND must all match.
WITH reduce(q = '', i IN range(0, size($terms) - 1) |
            q + CASE WHEN i > 0 THEN ' AND ' ELSE '' END + $terms[i] +
            CASE WHEN i = size($terms) - 1 AND size($terms[i]) > 1 THEN '*' ELSE '' END) AS q
CALL db.index.fulltext.queryNodes('author_name', q) YIELD node, score
WITH node, score
ORDER BY score DESC, node.id
LIMIT $k
RETURN node.id AS id, score,
       node {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty, .community,
             .pagerank, .betweenness} AS author
