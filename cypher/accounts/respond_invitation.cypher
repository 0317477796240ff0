// name: accounts/respond_invitation
// params: $user (User id: only the recipient's invitation matches), $invitation (invitation id), $status
//         ('accepted' or 'declined'), $now (UTC ISO string)
// returns: id, status, message, created, responded, author_*, sender_*, recipient_*; no row when the user
//          received no such pending invitation (answering again with the same answer is idempotent)
// The recipient is write-locked on Neo4j (SET/REMOVE _lock) before the status is read, so two
// different answers sent at once cannot both succeed; FalkorDB runs writes one at a time.
MATCH (s:User)-[i:INVITED {id: $invitation}]->(r:User {id: $user})
SET r._lock = true
REMOVE r._lock
WITH s, i, r
WHERE i.status = 'pending' OR i.status = $status
SET i.responded = coalesce(i.responded, $now), i.status = $status
WITH s, i, r
OPTIONAL MATCH (a:Author {id: i.author_id})
RETURN i.id AS id, i.status AS status, i.message AS message, i.created AS created, i.responded AS responded,
       i.author_id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       s.id AS sender_id, s.display_name AS sender_name, s.orcid AS sender_orcid, s.email AS sender_email,
       r.id AS recipient_id, r.display_name AS recipient_name, r.orcid AS recipient_orcid,
       r.email AS recipient_email
