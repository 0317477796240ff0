// name: analyze/coauthor_network
// params: $after (an Author id; "" to start), $limit (authors per page)
// returns: id (an Author, in id order after $after), edges ({target, works} of the COAUTHOR links
//          stored from it, so each link appears once); page on with the last id returned
// FalkorDB: `a.id + ''` keeps the range index out of the comparison: the index answers
// `>` on a parameterised string wrongly (rows dropped; FalkorDB issues #2239, #282), which
// ended this pagination early. A label scan per page instead; the Neo4j variant uses the index.
MATCH (a:Author)
WHERE a.id + '' > $after
WITH a
ORDER BY a.id
LIMIT $limit
OPTIONAL MATCH (a)-[c:COAUTHOR]->(b:Author)
WITH a, collect(CASE WHEN b IS NULL THEN null ELSE {target: b.id, works: c.works} END) AS edges
RETURN a.id AS id, edges
ORDER BY id
