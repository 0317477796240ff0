// name: accounts/invite_state
// params: $user (the sender's User id), $author (Author id), $since (start of the rate-limit window, UTC ISO
//         string)
// returns: author_exists, claimant (the verified claimant's User id or null), used (invitations the sender
//          created since $since), oldest (the earliest of those)
// Explains why accounts/invite wrote nothing.
OPTIONAL MATCH (a:Author {id: $author})
OPTIONAL MATCH (r:User)-[:CLAIMS {status: 'verified'}]->(a)
WITH a IS NOT NULL AS author_exists, collect(r.id) AS claimants
OPTIONAL MATCH (:User {id: $user})-[recent:INVITED]->(:User)
WHERE recent.created >= $since
RETURN author_exists, claimants[0] AS claimant, count(recent) AS used, min(recent.created) AS oldest
