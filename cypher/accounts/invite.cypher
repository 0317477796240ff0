// name: accounts/invite
// params: $user (the sender's User id), $author (Author id), $id (id for a new invitation), $message, $now
//         (UTC ISO string), $since (start of the rate-limit window, UTC ISO string), $limit (invitations
//         allowed per window)
// returns: id, status, message, created, responded, author_*, sender_*, recipient_*, used (invitations the
//          sender created in the window before this request; a pending invitation returned again is
//          one of them); no row when the author has no verified claimant,
//          the claimant is the sender, or the limit is reached
// The recipient is the author's verified claimant. A pending invitation from the same sender
// about the same author is returned as it is (idempotent, not counted again). The sender is
// write-locked on Neo4j (SET/REMOVE _lock) before the counts, so concurrent requests cannot
// overrun the limit. FalkorDB runs writes one at a time; INVITED must be registered before the
// query is planned (graphdb/schema.py RELATIONSHIP_LOOKUPS), or a query planned before the
// sender's first invitation counts none of the invitations sent meanwhile.
MATCH (s:User {id: $user})
SET s._lock = true
REMOVE s._lock
WITH s
MATCH (r:User)-[:CLAIMS {status: 'verified'}]->(a:Author {id: $author})
WHERE r.id <> s.id
OPTIONAL MATCH (s)-[p:INVITED {author_id: $author, status: 'pending'}]->(r)
WITH s, r, a, count(p) AS pending
OPTIONAL MATCH (s)-[recent:INVITED]->(:User)
WHERE recent.created >= $since
WITH s, r, a, pending, count(recent) AS used
WHERE pending > 0 OR used < $limit
MERGE (s)-[i:INVITED {author_id: $author, status: 'pending'}]->(r)
ON CREATE SET i.id = $id, i.message = $message, i.created = $now
RETURN i.id AS id, i.status AS status, i.message AS message, i.created AS created, i.responded AS responded,
       a.id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       s.id AS sender_id, s.display_name AS sender_name, s.orcid AS sender_orcid, s.email AS sender_email,
       r.id AS recipient_id, r.display_name AS recipient_name, r.orcid AS recipient_orcid,
       r.email AS recipient_email, used
