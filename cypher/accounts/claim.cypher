// name: accounts/claim
// params: $user (User id), $author (Author id), $id (id for a new claim), $evidence, $now (UTC ISO string),
//         $superseded (the reason given to competing pending claims when this one is verified)
// returns: id, status, evidence, created, reviewed, reason, verified_via, author_id, author_name,
//          author_orcid, user_id, user_name, user_orcid; no row when the user or author is missing or another
//          user holds the verified claim
// One CLAIMS per user and author (MERGE): claiming again is idempotent; a pending or rejected
// claim becomes pending again with the new evidence; a verified one stays as it is.
// Verified at once when the user's ORCID equals the author record's ORCID.
// `SET a._lock ... REMOVE a._lock` write-locks the author on Neo4j, so two concurrent claims
// cannot both see "no verified claimant"; the reads below come after the lock, so they see what
// the other transaction committed. FalkorDB runs writes one at a time anyway (with CLAIMS
// registered by graphdb/schema.py, so the check sees every claim).
MATCH (u:User {id: $user})
MATCH (a:Author {id: $author})
SET a._lock = true
REMOVE a._lock
WITH u, a
OPTIONAL MATCH (o:User)-[v:CLAIMS {status: 'verified'}]->(a)
WHERE o.id <> u.id
WITH u, a, count(v) AS taken
WHERE taken = 0
MERGE (u)-[c:CLAIMS]->(a)
ON CREATE SET c.id = $id, c.created = $now
WITH u, a, c, coalesce(c.status, '') = 'verified' AS kept,
     (u.orcid IS NOT NULL AND u.orcid = a.orcid) AS orcid_match
SET c.status = CASE WHEN kept OR orcid_match THEN 'verified' ELSE 'pending' END,
    c.evidence = CASE WHEN kept THEN c.evidence ELSE $evidence END,
    c.verified_via = CASE WHEN kept THEN c.verified_via WHEN orcid_match THEN 'orcid' ELSE null END,
    c.reviewed = CASE WHEN kept THEN c.reviewed WHEN orcid_match THEN $now ELSE null END,
    c.reviewed_by = CASE WHEN kept THEN c.reviewed_by WHEN orcid_match THEN 'orcid' ELSE null END,
    c.reason = CASE WHEN kept THEN c.reason ELSE null END
WITH u, a, c
OPTIONAL MATCH (o:User)-[p:CLAIMS {status: 'pending'}]->(a)
WHERE c.status = 'verified' AND o.id <> u.id
WITH u, a, c, collect(p) AS others
FOREACH (p IN others | SET p.status = 'rejected', p.reason = $superseded, p.reviewed = $now, p.reviewed_by = 'orcid')
RETURN c.id AS id, c.status AS status, c.evidence AS evidence, c.created AS created,
       c.reviewed AS reviewed, c.reason AS reason, c.verified_via AS verified_via,
       a.id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       u.id AS user_id, u.display_name AS user_name, u.orcid AS user_orcid
