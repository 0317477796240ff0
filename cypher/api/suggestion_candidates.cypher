// name: api/suggestion_candidates
// params: $id (Author id), $scan (candidates read per source), $topics (the author's top topics used)
// returns: one row, none for an unknown id: coauthors (ids of the author's coauthors),
//          my_topics ({id, name, works}: the author's top $topics topics),
//          network ({id, common, via}: coauthors of coauthors by common coauthors, via: the first 3
//          of them by id),
//          similar ({id, similar, best, titles}: authors of works SIMILAR_TO the author's works;
//          titles: of the most similar first, ties by id),
//          by_topic ({id, shared}: authors with works in the author's top topics, by topics shared);
//          each list best first, ties by id, $scan long at most; candidates may include the author's
//          own coauthors (the caller drops them: cheaper than filtering each row here)
// via and titles are collected after an ORDER BY: `collect` keeps the order of its rows, which
// is otherwise the engine's own (FalkorDB and Neo4j listed other coauthors and titles).
MATCH (a:Author {id: $id})
CALL {
  WITH a
  MATCH (a)-[:COAUTHOR]-(c0:Author)
  RETURN collect(c0.id) AS coauthors
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w0:Work)-[:HAS_TOPIC]->(t0:Topic)
  WITH t0, count(DISTINCT w0) AS n0
  ORDER BY n0 DESC, t0.id
  LIMIT $topics
  RETURN collect(CASE WHEN t0 IS NULL THEN null ELSE {id: t0.id, name: t0.name, works: n0} END) AS my_topics
}
CALL {
  WITH a
  MATCH (a)-[:COAUTHOR]-(c1:Author)-[:COAUTHOR]-(s1:Author)
  WHERE s1 <> a
  WITH DISTINCT s1, c1
  ORDER BY c1.id
  WITH s1, count(c1) AS common, collect(c1.id) AS via
  ORDER BY common DESC, s1.id
  LIMIT $scan
  RETURN collect(CASE WHEN s1 IS NULL THEN null ELSE {id: s1.id, common: common, via: via[0..3]} END) AS network
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(:Work)-[sim:SIMILAR_TO]-(o2:Work)<-[:AUTHORED]-(s2:Author)
  WHERE s2 <> a
  WITH s2, o2, max(sim.score) AS closest
  ORDER BY closest DESC, o2.id
  WITH s2, count(o2) AS similar, max(closest) AS best, collect(o2.title) AS titles
  ORDER BY similar DESC, best DESC, s2.id
  LIMIT $scan
  RETURN collect(CASE WHEN s2 IS NULL THEN null ELSE
           {id: s2.id, similar: similar, best: best, titles: titles[0..2]} END) AS similar
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w3:Work)-[:HAS_TOPIC]->(t3:Topic)
  WITH a, t3, count(DISTINCT w3) AS n3
  ORDER BY n3 DESC, t3.id
  LIMIT $topics
  MATCH (t3)<-[:HAS_TOPIC]-(:Work)<-[:AUTHORED]-(s3:Author)
  WHERE s3 <> a
  WITH s3, count(DISTINCT t3) AS shared
  ORDER BY shared DESC, s3.id
  LIMIT $scan
  RETURN collect({id: s3.id, shared: shared}) AS by_topic
}
RETURN coauthors, my_topics, network, similar, by_topic
