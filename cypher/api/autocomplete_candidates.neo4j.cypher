// name: api/autocomplete_candidates
// params: $label (Author, Work, Topic, Institution or Source), $index (that label's full-text index:
//         author_name, work_text, topic_name, institution_name, source_name), $terms (lower-case
//         words, letters and digits only; the last one matched as a prefix), $k (how many)
// returns: id, name (display name, name or title), weight (citations for an author or a work;
//          works for a topic or a source; authors for an institution);
//          up to $k matches, best score first (ties by id): all of them when fewer come back
// Neo4j full-text (Lucene syntax): words joined with AND must all match. A work is matched on its
// title only (title:), as on FalkorDB: typeahead completes names, not abstracts.
WITH reduce(q = '', i IN range(0, size($terms) - 1) |
            q + CASE WHEN i > 0 THEN ' AND ' ELSE '' END + $terms[i] +
            CASE WHEN i = size($terms) - 1 AND size($terms[i]) > 1 THEN '*' ELSE '' END) AS q
CALL db.index.fulltext.queryNodes($index, CASE $label WHEN 'Work' THEN 'title:(' + q + ')' ELSE q END)
YIELD node, score
WITH node, score
ORDER BY score DESC, node.id
LIMIT $k
RETURN node.id AS id, coalesce(node.display_name, node.title, node.name) AS name,
       CASE $label
         WHEN 'Topic' THEN size([(node)<-[:HAS_TOPIC]-(x1:Work) | x1])
         WHEN 'Source' THEN size([(node)<-[:PUBLISHED_IN]-(x2:Work) | x2])
         WHEN 'Institution' THEN size([(node)<-[:AFFILIATED_WITH]-(x3:Author) | x3])
         ELSE coalesce(node.cited_by_count, 0)
       END AS weight
