// name: accounts/unfollow
// params: $user (User id), $author (Author id)
// returns: author, followers: the author's follower count after the unfollow; no row when user or author is
//          missing
// Idempotent: unfollowing an author one does not follow changes nothing.
// The author is write-locked on Neo4j (SET/REMOVE _lock, as in accounts/follow) before the
// count, so concurrent unfollows and follows of one author each count what the one before
// committed. FalkorDB runs a graph's writes one at a time.
MATCH (u:User {id: $user})
MATCH (a:Author {id: $author})
SET a._lock = true
REMOVE a._lock
WITH u, a
OPTIONAL MATCH (:User)-[x:FOLLOWS]->(a)
WITH u, a, count(x) AS before
OPTIONAL MATCH (u)-[f:FOLLOWS]->(a)
WITH a, before, collect(f) AS mine
FOREACH (f IN mine | DELETE f)
RETURN a.id AS author, before - size(mine) AS followers
