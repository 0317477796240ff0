// name: api/researcher_context
// params: $id (Author id), $works, $collaborators, $topics, $institutions (how many of each)
// returns: one row, none for an unknown id: author (Author map, with works: number of works),
//          collaborators (closest coauthors by shared works, then latest shared year, ties by id: {author, works, first_year, last_year}),
//          works (most cited works, ties by id: Work map with authors: ids of the listed
//          collaborators on it, topics: its topic ids),
//          topics (topics with the most of the author's works, ties by id: {topic, works}),
//          institutions (affiliations, last known first, then latest year, ties by id:
//          {institution, first_year, last_year, years, last_known})
MATCH (a:Author {id: $id})
CALL {
  WITH a
  MATCH (a)-[c:COAUTHOR]-(b:Author)
  WITH b, c
  ORDER BY c.works DESC, coalesce(c.last_year, 0) DESC, b.id
  LIMIT $collaborators
  RETURN collect(CASE WHEN b IS NULL THEN null ELSE
           {author: b {.id, .display_name, .orcid, .community}, works: c.works,
            first_year: c.first_year, last_year: c.last_year} END) AS collaborators
}
CALL {
  WITH a, collaborators
  MATCH (a)-[:AUTHORED]->(w:Work)
  WITH w, collaborators
  ORDER BY coalesce(w.cited_by_count, 0) DESC, w.id
  LIMIT $works
  WITH w, [c IN collaborators | c.author.id] AS cids
  RETURN collect(CASE WHEN w IS NULL THEN null ELSE
           w {.id, .title, .year, .type, .cited_by_count, .code_url,
              authors: [(wa:Author)-[:AUTHORED]->(w) WHERE wa.id IN cids | wa.id],
              topics: [(w)-[:HAS_TOPIC]->(wt:Topic) | wt.id]} END) AS works
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w:Work)-[:HAS_TOPIC]->(t:Topic)
  WITH t, count(DISTINCT w) AS n
  ORDER BY n DESC, t.id
  LIMIT $topics
  RETURN collect(CASE WHEN t IS NULL THEN null ELSE {topic: t {.id, .name, .level, .scheme}, works: n} END) AS topics
}
CALL {
  WITH a
  MATCH (a)-[f:AFFILIATED_WITH]->(i:Institution)
  WITH i, f
  ORDER BY coalesce(f.last_known, false) DESC, coalesce(f.last_year, 0) DESC, i.id
  LIMIT $institutions
  RETURN collect(CASE WHEN i IS NULL THEN null ELSE
           {institution: i {.id, .name, .country, .type}, first_year: f.first_year, last_year: f.last_year,
            years: coalesce(f.years, []), last_known: coalesce(f.last_known, false)} END) AS institutions
}
RETURN a {.id, .display_name, .orcid, .community, works: size([(a)-[:AUTHORED]->(aw:Work) | aw])} AS author,
       collaborators, works, topics, institutions
