// name: api/topic_works
// params: $ids (list of Topic ids), $skip, $limit
// returns: id (the topic), total (works in the topic or any of its subtopics), works (the page:
//          Work maps, most cited first, ties by id)
UNWIND $ids AS id
MATCH (w:Work)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..3]->(:Topic {id: id})
WITH DISTINCT id, w
ORDER BY id, coalesce(w.cited_by_count, 0) DESC, w.id
WITH id, collect(w) AS ws
RETURN id, size(ws) AS total,
       [w IN ws[$skip..$skip + $limit] | w {.id, .title, .abstract, .publication_date, .year, .type, .doi,
        .arxiv_id, .openalex_id, .language, .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub}] AS works
