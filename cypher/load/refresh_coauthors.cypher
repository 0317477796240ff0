// name: load/refresh_coauthors
// params: $pairs (list of {a, b} author ids with a < b)
// returns: rows (number of COAUTHOR links refreshed)
// COAUTHOR is derived from AUTHORED: recomputed (not incremented) for every pair a
// load touches, so re-loading a file leaves it unchanged. Stored once, from the
// smaller id to the larger; query it without direction.
UNWIND $pairs AS p
MATCH (a:Author {id: p.a})-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(b:Author {id: p.b})
WITH a, b, count(DISTINCT w) AS works, min(w.year) AS first_year, max(w.year) AS last_year
MERGE (a)-[c:COAUTHOR]->(b)
SET c.works = works, c.first_year = first_year, c.last_year = last_year
RETURN count(*) AS rows
