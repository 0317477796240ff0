// name: api/author_works_detail
// params: $ids (list of Author ids), $order ('DATE' | 'CITATIONS'), $skip, $limit (the page, as in
//         api/author_works), $bylines (true: each work's byline), $authors (byline authors per
//         work), $topics (true: each work's topics), $full_authors (false: a byline author's map
//         holds id and display_name only), $full_topics (false: a topic's map holds id and name
//         only), $abstracts (false: the work maps leave the abstract out, null)
// returns: id (the author asked for: an OpenAlex id merged into another gives its survivor, as in
//          api/authors_by_ids; unknown ids give no row), author (the Author map of
//          api/authors_by_ids), total (works by the author), works (the page, in api/author_works'
//          order: {work: the Work map of api/author_works, author_total: the work's authors,
//          authors: the first $authors of them as api/work_authors lists them, topics: as
//          api/work_topics lists them}; author_total 0 and authors [] unless $bylines, topics []
//          unless $topics)
// The three last flags let the API ask for what a selection shows (an author's id and name on
// a byline, a work without its abstract): on Neo4j the full maps cost 1.6x the time. The
// author's own map comes along, so `author(id) { works { … } }` is one round trip.
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
WITH id, coalesce(m.into, id) AS node_id
MATCH (a:Author {id: node_id})
OPTIONAL MATCH (a)-[:AUTHORED]->(w:Work)
WITH id, a, w
ORDER BY id,
         CASE $order WHEN 'CITATIONS' THEN coalesce(w.cited_by_count, 0) ELSE 0 END DESC,
         coalesce(w.publication_date, toString(w.year), '') DESC, w.id
WITH id, a, collect(w) AS ws
WITH id, a, size(ws) AS total, ws[$skip..$skip + $limit] AS page
// One row per work of the page (one null row for an empty page, which keeps the author and
// its total); i keeps the page's order through the subqueries.
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE range(0, size(page) - 1) END AS i
WITH id, a, total, i, page[i] AS pw
CALL {
  WITH pw
  MATCH (a1:Author)-[r1:AUTHORED]->(pw)
  WHERE $bylines
  WITH a1, r1
  ORDER BY r1.order, a1.id
  WITH collect(CASE WHEN a1 IS NULL THEN null ELSE
         {author: CASE WHEN $full_authors
                   THEN a1 {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count,
                            .novelty, .community, .pagerank, .betweenness}
                   ELSE a1 {.id, .display_name} END,
          position: r1.position, order: r1.order, corresponding: r1.corresponding} END) AS byline
  RETURN size(byline) AS author_total, byline[0..$authors] AS authors
}
CALL {
  WITH pw
  MATCH (pw)-[h2:HAS_TOPIC]->(t2:Topic)
  WHERE $topics
  // From a null node when the parents are not asked for: FalkorDB walks every SUBTOPIC_OF edge
  // before an OPTIONAL MATCH's `WHERE $full_topics` (8-12% of this query's server time at 100k
  // works), though it skips a MATCH's `WHERE $topics` at once.
  WITH t2, h2, CASE WHEN $full_topics THEN t2 END AS pt
  OPTIONAL MATCH (pt)-[:SUBTOPIC_OF]->(p2:Topic)
  WITH t2, h2, p2
  ORDER BY coalesce(h2.primary, false) DESC, coalesce(h2.score, 0.0) DESC, t2.id
  RETURN collect(CASE WHEN t2 IS NULL THEN null ELSE
           {topic: CASE WHEN $full_topics
                  THEN t2 {.id, .name, .level, .scheme, .description, .keywords, parent: p2.id}
                  ELSE t2 {.id, .name} END,
            score: h2.score, primary: coalesce(h2.primary, false)} END) AS topics
}
WITH id, a, total, i, pw, author_total, authors, topics
ORDER BY id, i
RETURN id, total,
       a {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty, .community,
          .pagerank, .betweenness} AS author,
       collect(CASE WHEN pw IS NULL THEN null ELSE
         {work: pw {.id, .title, abstract: CASE WHEN $abstracts THEN pw.abstract END, .publication_date,
                    .year, .type, .doi, .arxiv_id, .openalex_id, .language, .cited_by_count, .categories,
                    .code_url, .open_access, .novelty, .stub},
          author_total: author_total, authors: authors, topics: topics} END) AS works
