// name: api/autocomplete_candidates
// params: $label (Author, Work, Topic, Institution or Source: FalkorDB names a full-text index by its
//         label), $terms (lower-case words, letters and digits only; the last one matched as a
//         prefix), $k (how many)
// returns: id, name (display name, name or title), weight (citations for an author or a work;
//          works for a topic or a source; authors for an institution);
//          up to $k matches in the index's order: all of them when fewer come back
// Not ordered by score: ordering made FalkorDB read and score every match before the LIMIT (a
// two-letter prefix matches ~10k titles at 100k works: 10-30 ms), and the typeahead ranks by match
// quality and weight, not the score. A prefix with $k matches or more is completed from the most
// weighty nodes (api/autocomplete_heads_*, kept in memory by search/autocomplete.py).
// FalkorDB full-text (RediSearch syntax): words separated by spaces must all match. A work is matched
// on its title only (@title): typeahead completes names, and a prefix such as "de" matches most
// abstracts (79k of 100k works against 10k titles, 4-6x the time).
// Weights by indegree (only works have HAS_TOPIC and PUBLISHED_IN edges, only authors
// AFFILIATED_WITH: docs/graph-model.md); indegree still walks the edges (7 ms for the topics of
// "Com" at 100k works), so search/autocomplete.py matches a kind it holds whole in memory instead.
WITH reduce(q = '', i IN range(0, size($terms) - 1) |
            q + CASE WHEN i > 0 THEN ' ' ELSE '' END + $terms[i] +
            CASE WHEN i = size($terms) - 1 AND size($terms[i]) > 1 THEN '*' ELSE '' END) AS q
CALL db.idx.fulltext.queryNodes($label, CASE $label WHEN 'Work' THEN '@title:(' + q + ')' ELSE q END)
YIELD node
WITH node
LIMIT $k
RETURN node.id AS id, coalesce(node.display_name, node.title, node.name) AS name,
       CASE $label
         WHEN 'Topic' THEN indegree(node, 'HAS_TOPIC')
         WHEN 'Source' THEN indegree(node, 'PUBLISHED_IN')
         WHEN 'Institution' THEN indegree(node, 'AFFILIATED_WITH')
         ELSE coalesce(node.cited_by_count, 0)
       END AS weight
