// name: accounts/withdraw_claim
// params: $user (User id: only the claimant's own claim matches), $claim (claim id),
//         $rejection_since (UTC ISO string: a rejection reviewed since then still stands),
//         $superseded (the reason of a rejection that only made way for another verified claimant)
// returns: the claim as it was (id, status, evidence, created, reviewed, reason, verified_via, author_*,
//          user_*); no row when the user has no such claim, or when it is a rejection that still
//          stands: withdrawing it would let the user claim the author again at once
MATCH (u:User {id: $user})-[c:CLAIMS {id: $claim}]->(a:Author)
WHERE NOT (c.status = 'rejected' AND c.reviewed >= $rejection_since AND coalesce(c.reason, '') <> $superseded)
WITH u, a, c, c.id AS id, c.status AS status, c.evidence AS evidence, c.created AS created,
     c.reviewed AS reviewed, c.reason AS reason, c.verified_via AS verified_via
DELETE c
RETURN id, status, evidence, created, reviewed, reason, verified_via,
       a.id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       u.id AS user_id, u.display_name AS user_name, u.orcid AS user_orcid
