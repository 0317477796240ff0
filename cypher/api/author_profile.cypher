// name: api/author_profile
// params: $ids (list of Author ids), $topics (how many top topics)
// returns: id, author (the Author map), orcid, openalex_id, novelty, community, pagerank, betweenness,
//          citations (cited_by_count of each of the author's works, zeros included),
//          with_doi (works with a DOI), topic_count (distinct topics of the works),
//          top_topics ({topic: Topic map, works}, most works first, ties by id),
//          merge_works (per work: {id, year, cited (0 when unknown), topics (its HAS_TOPIC topics as
//          {id, primary}), coauthors (ids of the other authors; empty for a work of over 100
//          authors, as for COAUTHOR), embedding (the vector, null without one)}), merge_topics
//          ({topic: Topic map, fields: the OpenAlex fields / arXiv archives above it as {id, name}}
//          of each distinct topic of those works): the input of the coherence analysis,
//          api/coherence.py (profile.possibleMerge, the trust score's topical_coherence,
//          `scholargraph analyze --merges`); each topic's fields once, not once per work (the
//          query took 12 ms instead of 7 for a prolific author),
//          collaborators (COAUTHOR degree), followers ((:User)-[:FOLLOWS]->(author)),
//          claims (statuses of (:User)-[:CLAIMS]->(author)),
//          affiliations ({institution: Institution map, years, first_year, last_year, last_known})
// Every alias is unique in the file: FalkorDB shares aliases across subqueries and comprehensions.
// Relationship properties are read in CALL subqueries, not pattern comprehensions: FalkorDB 4.16
// keeps a cached plan whose comprehension names a relationship type that did not exist yet (no
// CLAIMS before the first claim) and then never sees such relationships.
UNWIND $ids AS id
MATCH (a:Author {id: id})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w1:Work)
  WITH collect(DISTINCT w1) AS works
  RETURN [x1 IN works | coalesce(x1.cited_by_count, 0)] AS citations,
         size([x2 IN works WHERE x2.doi IS NOT NULL]) AS with_doi
}
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w2:Work)-[:HAS_TOPIC]->(t2:Topic)
  WITH t2, count(DISTINCT w2) AS n2
  ORDER BY n2 DESC, t2.id
  RETURN count(t2) AS topic_count,
         collect(CASE WHEN t2 IS NULL THEN null
                      ELSE {topic: t2 {.id, .name, .level, .scheme, .description, .keywords}, works: n2} END
         )[0..$topics] AS top_topics
}
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
  MATCH (:User)-[cl:CLAIMS]->(a)
  RETURN collect(cl.status) AS claims
}
CALL {
  WITH a
  MATCH (a)-[af:AFFILIATED_WITH]->(ai:Institution)
  RETURN collect({institution: ai {.id, .name, .ror, .country, .type, .openalex_id}, years: coalesce(af.years, []),
                  first_year: af.first_year, last_year: af.last_year,
                  last_known: coalesce(af.last_known, false)}) AS affiliations
}
RETURN id, a {.id, .display_name, .orcid, .openalex_id, .works_count, .cited_by_count, .novelty, .community,
                .pagerank, .betweenness} AS author,
       a.orcid AS orcid, a.openalex_id AS openalex_id, a.novelty AS novelty, a.community AS community,
       a.pagerank AS pagerank, a.betweenness AS betweenness,
       citations, with_doi, topic_count, top_topics, merge_works, merge_topics,
       size([(a)-[:COAUTHOR]-(co:Author) | co]) AS collaborators,
       size([(fu:User)-[:FOLLOWS]->(a) | fu]) AS followers, claims, affiliations
