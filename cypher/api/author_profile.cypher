// name: api/author_profile
// params: $ids (list of Author ids), $topics (how many top topics)
// returns: id, author (the Author map), orcid, openalex_id, novelty, community, pagerank, betweenness,
//          citations (cited_by_count of each of the author's works, zeros included),
//          with_doi (works with a DOI), topic_count (distinct topics of the works),
//          top_topics ({topic: Topic map, works}, most works first, ties by id),
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
       citations, with_doi, topic_count, top_topics,
       size([(a)-[:COAUTHOR]-(co:Author) | co]) AS collaborators,
       size([(fu:User)-[:FOLLOWS]->(a) | fu]) AS followers, claims, affiliations
