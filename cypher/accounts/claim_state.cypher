// name: accounts/claim_state
// params: $author (Author id), $user (User id), $since (start of the rate-limit window, UTC ISO string),
//         $rejection_since (UTC ISO string: a rejection reviewed at or after it still stands),
//         $superseded (the reason of a rejection because another claimant was verified: never stands)
// returns: author_exists, verified_by (ids of users holding a verified claim: zero or one), user_exists,
//          rejected (when the user's claim on the author was rejected, if that rejection still stands,
//          else null), used (claims the user created since $since), oldest (the earliest of those)
// Explains why accounts/claim wrote nothing.
OPTIONAL MATCH (a:Author {id: $author})
OPTIONAL MATCH (o:User)-[:CLAIMS {status: 'verified'}]->(a)
WITH a, collect(o.id) AS verified_by
OPTIONAL MATCH (u:User {id: $user})
OPTIONAL MATCH (u)-[e:CLAIMS {status: 'rejected'}]->(a)
WHERE e.reviewed >= $rejection_since AND coalesce(e.reason, '') <> $superseded
WITH a, verified_by, u, max(e.reviewed) AS rejected
OPTIONAL MATCH (u)-[recent:CLAIMS]->(:Author)
WHERE recent.created >= $since
RETURN a IS NOT NULL AS author_exists, verified_by, u IS NOT NULL AS user_exists, rejected,
       count(recent) AS used, min(recent.created) AS oldest
