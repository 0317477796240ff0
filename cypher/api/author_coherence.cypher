// name: api/author_coherence
// params: $ids (list of Author ids)
// returns: id, merge_works (per work: {id, year, cited (0 when unknown), topics (its HAS_TOPIC topics as
//          {id, primary}), coauthors (ids of the other authors; empty for a work of over 100 authors, as
//          for COAUTHOR), embedding (the vector, null without one)}), merge_topics ({topic: Topic map,
//          fields: the OpenAlex fields / arXiv archives above it as {id, name}} of each distinct topic
//          of those works), affiliations (as api/author_profile's)
// The input of the coherence analysis, analytics/coherence.py: profile.possibleMerge, the trust score's
// topical_coherence, `scholargraph analyze --merges`. Its own query, asked only when one of those
// is: with embeddings it moves ~1.5 kB per work (the 40 most prolific authors of a 10k graph: a
// profile took 32.5 ms with it, 7.5 without). Each topic's fields once, not once per work (12 ms
// instead of 7 for a prolific author).
// Every alias is unique in the file: FalkorDB shares aliases across subqueries and comprehensions;
// relationship properties are read in CALL subqueries, as in api/author_profile.
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w3:Work)
  OPTIONAL MATCH (w3)-[h3:HAS_TOPIC]->(t3:Topic)
  WITH a, w3, collect(CASE WHEN t3 IS NULL THEN null ELSE {id: t3.id, primary: coalesce(h3.primary, false)} END) AS topics3
  WITH w3, topics3, [(w3)<-[:AUTHORED]-(c3:Author) WHERE c3.id <> a.id | c3.id] AS others3
  RETURN collect({id: w3.id, year: w3.year, cited: coalesce(w3.cited_by_count, 0), topics: topics3,
                  coauthors: CASE WHEN size(others3) < 100 THEN others3 ELSE [] END,
                  embedding: w3.embedding}) AS merge_works
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(:Work)-[:HAS_TOPIC]->(t5:Topic)
  WITH DISTINCT t5
  RETURN collect({topic: t5 {.id, .name, .level, .scheme, .description, .keywords},
                  fields: [(t5)-[:SUBTOPIC_OF*0..3]->(f5:Topic) WHERE f5.level IN ['field', 'archive']
                           | {id: f5.id, name: f5.name}]}) AS merge_topics
}
CALL {
  WITH a
  MATCH (a)-[af:AFFILIATED_WITH]->(ai:Institution)
  RETURN collect({institution: ai {.id, .name, .ror, .country, .type, .openalex_id}, years: coalesce(af.years, []),
                  first_year: af.first_year, last_year: af.last_year,
                  last_known: coalesce(af.last_known, false)}) AS affiliations
}
RETURN id, merge_works, merge_topics, affiliations
