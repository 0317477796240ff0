// name: accounts/follow
// params: $user (User id), $author (Author id), $now (UTC ISO string)
// returns: author, followers: the author's follower count after the follow; no row when user or author is
//          missing
// Idempotent: MERGE keeps one FOLLOWS per user and author, with the time of the first follow.
// The count is taken before the write: FalkorDB 4.16 does not see, later in the same query,
// relationships of a type that the query itself created for the first time.
MATCH (u:User {id: $user}), (a:Author {id: $author})
OPTIONAL MATCH (:User)-[x:FOLLOWS]->(a)
WITH u, a, count(x) AS before
OPTIONAL MATCH (u)-[f:FOLLOWS]->(a)
WITH u, a, before, count(f) AS had
MERGE (u)-[g:FOLLOWS]->(a)
ON CREATE SET g.created = $now
RETURN a.id AS author, CASE WHEN had > 0 THEN before ELSE before + 1 END AS followers
