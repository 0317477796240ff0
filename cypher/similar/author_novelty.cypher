// name: similar/author_novelty
// params: none
// returns: rows (number of authors updated)
// An author's novelty is the mean novelty of their works that have one.
MATCH (a:Author)-[:AUTHORED]->(w:Work)
WHERE w.novelty IS NOT NULL
WITH a, avg(w.novelty) AS novelty
SET a.novelty = novelty
RETURN count(a) AS rows
