// name: accounts/follow
// params: $user (User id), $author (Author id), $now (UTC ISO string)
// returns: author, followers: the author's follower count after the follow; no row when user or author is
//          missing
// Idempotent: MERGE keeps one FOLLOWS per user and author, with the time of the first follow,
// also under concurrent follows. FalkorDB runs a graph's write queries one at a time, so the
// MERGE's check and create are atomic there, given FOLLOWS is registered before the query is
// planned (graphdb/schema.py RELATIONSHIP_LOOKUPS: FalkorDB resolves a type when it plans the
// query, and a query planned before the type existed cannot see any FOLLOWS). On Neo4j, a
// relationship MERGE between two bound nodes (MergeInto) locks both nodes before creating.
// The follower count is consistent too: `SET a._lock ... REMOVE a._lock` write-locks the author
// on Neo4j before the count (as accounts/claim does), so concurrent follows and unfollows of one
// author take turns and each counts what the one before it committed; without the lock, two
// users following at once both counted the same `before` and both answered with it + 1.
// The count is taken before the write: FalkorDB 4.16 does not see, later in the same query,
// relationships of a type that the query itself created for the first time.
MATCH (u:User {id: $user})
MATCH (a:Author {id: $author})
SET a._lock = true
REMOVE a._lock
WITH u, a
OPTIONAL MATCH (:User)-[x:FOLLOWS]->(a)
WITH u, a, count(x) AS before
OPTIONAL MATCH (u)-[f:FOLLOWS]->(a)
WITH u, a, before, count(f) AS had
MERGE (u)-[g:FOLLOWS]->(a)
ON CREATE SET g.created = $now
RETURN a.id AS author, CASE WHEN had > 0 THEN before ELSE before + 1 END AS followers
