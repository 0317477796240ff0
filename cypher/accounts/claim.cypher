// name: accounts/claim
// params: $user (User id), $author (Author id), $id (id for a new claim), $evidence, $now (UTC ISO string),
//         $superseded (the reason given to competing pending claims when this one is verified),
//         $since (start of the rate-limit window, UTC ISO string), $limit (new claims allowed per window),
//         $rejection_since (UTC ISO string: a rejection reviewed at or after it still stands)
// returns: id, status, evidence, created, reviewed, reason, verified_via, author_id, author_name,
//          author_orcid, user_id, user_name, user_orcid; no row when the user or author is missing, another
//          user holds the verified claim, the user's claim on the author was rejected at or after
//          $rejection_since (the rejection stands), or the claim would be new and the user already
//          created $limit claims since $since
// One CLAIMS per user and author (MERGE): claiming again is idempotent and not counted again; a
// pending claim, or a rejected one whose rejection no longer stands, becomes pending again with the
// new evidence; a verified one stays as it is. A rejection with the reason $superseded (another
// claimant was verified) is no judgement on this claim and never stands.
// Verified at once when the user's ORCID equals the author record's ORCID.
// `SET n._lock ... REMOVE n._lock` write-locks the user, then the author, on Neo4j: two concurrent
// claims by one user cannot overrun the limit, and two claims on one author cannot both see "no
// verified claimant"; the reads below come after the locks, so they see what the other transaction
// committed. FalkorDB runs writes one at a time anyway (with CLAIMS registered by
// graphdb/schema.py, so the checks see every claim).
MATCH (u:User {id: $user})
SET u._lock = true
REMOVE u._lock
WITH u
MATCH (a:Author {id: $author})
SET a._lock = true
REMOVE a._lock
WITH u, a
OPTIONAL MATCH (o:User)-[v:CLAIMS {status: 'verified'}]->(a)
WHERE o.id <> u.id
WITH u, a, count(v) AS taken
WHERE taken = 0
OPTIONAL MATCH (u)-[e:CLAIMS]->(a)
WITH u, a, count(e) AS existing,
     sum(CASE WHEN e.status = 'rejected' AND coalesce(e.reason, '') <> $superseded
                   AND coalesce(e.reviewed, '') >= $rejection_since THEN 1 ELSE 0 END) AS standing
WHERE standing = 0
OPTIONAL MATCH (u)-[recent:CLAIMS]->(:Author)
WHERE recent.created >= $since
WITH u, a, existing, count(recent) AS used
WHERE existing > 0 OR used < $limit
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
