// name: api/possible_merge_candidates
// params: $min_works (the fewest works an author needs to be analysed)
// returns: id (an Author with at least $min_works works), name (display_name), works (how many), in id order;
//          `scholargraph analyze --merges` analyses these in batches with api/author_profile
MATCH (a:Author)-[:AUTHORED]->(w:Work)
WITH a, count(DISTINCT w) AS works
WHERE works >= $min_works
RETURN a.id AS id, a.display_name AS name, works
ORDER BY id
