// name: accounts/review_claim
// params: $claim (claim id), $status ('verified' to approve, 'rejected' to reject), $reason (null when
//         approving), $reviewer (who decided), $now (UTC ISO string), $superseded (the reason given to
//         competing pending claims when this one is verified)
// returns: the reviewed claim (id, status, evidence, created, reviewed, reason, verified_via, author_*,
//          user_*); no row when there is no such claim, or when approving while another user holds the
//          verified claim
// Approving rejects the author's other pending claims (with $superseded as the reason):
// an author record has at most one verified claimant. The author is write-locked on Neo4j
// (SET/REMOVE _lock) before the check, so two approvals cannot both see "no verified claimant";
// FalkorDB runs writes one at a time (with CLAIMS registered by graphdb/schema.py).
MATCH (u:User)-[c:CLAIMS {id: $claim}]->(a:Author)
SET a._lock = true
REMOVE a._lock
WITH u, a, c
OPTIONAL MATCH (o:User)-[v:CLAIMS {status: 'verified'}]->(a)
WHERE o.id <> u.id
WITH u, a, c, count(v) AS taken
WHERE $status = 'rejected' OR taken = 0
WITH u, a, c, c.status = $status AS unchanged
SET c.reviewed = CASE WHEN unchanged THEN c.reviewed ELSE $now END,
    c.reviewed_by = CASE WHEN unchanged THEN c.reviewed_by ELSE $reviewer END,
    c.verified_via = CASE WHEN $status <> 'verified' THEN null WHEN unchanged THEN c.verified_via ELSE 'admin' END,
    c.status = $status,
    c.reason = $reason
WITH u, a, c
OPTIONAL MATCH (o:User)-[p:CLAIMS {status: 'pending'}]->(a)
WHERE $status = 'verified' AND o.id <> u.id
WITH u, a, c, collect(p) AS others
FOREACH (p IN others | SET p.status = 'rejected', p.reason = $superseded, p.reviewed = $now, p.reviewed_by = $reviewer)
RETURN c.id AS id, c.status AS status, c.evidence AS evidence, c.created AS created,
       c.reviewed AS reviewed, c.reason AS reason, c.verified_via AS verified_via,
       a.id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       u.id AS user_id, u.display_name AS user_name, u.orcid AS user_orcid
