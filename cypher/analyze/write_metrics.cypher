// name: analyze/write_metrics
// params: $rows (list of {id, community, pagerank, betweenness})
// returns: rows (number of Author nodes updated); `scholargraph analyze` writes its results in batches
UNWIND $rows AS r
MATCH (a:Author {id: r.id})
SET a.community = r.community, a.pagerank = r.pagerank, a.betweenness = r.betweenness
RETURN count(a) AS rows
