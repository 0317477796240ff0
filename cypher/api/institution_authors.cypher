// name: api/institution_authors
// params: $ids (list of Institution ids), $skip, $limit
// returns: id (the institution), total (authors affiliated with it), authors (the page: Author maps,
//          most recently affiliated first, ties by id)
UNWIND $ids AS id
MATCH (a:Author)-[f:AFFILIATED_WITH]->(:Institution {id: id})
WITH id, a, f
ORDER BY id, coalesce(f.last_known, false) DESC, coalesce(f.last_year, 0) DESC, a.id
WITH id, collect(a) AS authors
RETURN id, size(authors) AS total,
       [a IN authors[$skip..$skip + $limit] | a {.id, .display_name, .orcid, .openalex_id, .works_count,
        .cited_by_count, .novelty, .community, .pagerank, .betweenness}] AS authors
