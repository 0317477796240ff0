// name: api/work_authors
// params: $ids (list of Work ids), $limit (authors per work)
// returns: id (the work), total (its authors), authors (the first $limit in byline order:
//          {author: Author map, position, order, corresponding})
UNWIND $ids AS id
MATCH (a:Author)-[r:AUTHORED]->(:Work {id: id})
WITH id, a, r
ORDER BY id, r.order, a.id
WITH id, collect({author: a {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count,
                             .novelty, .community, .pagerank, .betweenness},
                  position: r.position, order: r.order, corresponding: r.corresponding}) AS authors
RETURN id, size(authors) AS total, authors[0..$limit] AS authors
