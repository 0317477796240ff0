// name: accounts/claim_by_id
// params: $claim (claim id)
// returns: id, status, evidence, created, reviewed, reason, verified_via, author_*, user_*, user_email (for
//          administrators and the CLI)
MATCH (u:User)-[c:CLAIMS {id: $claim}]->(a:Author)
RETURN c.id AS id, c.status AS status, c.evidence AS evidence, c.created AS created,
       c.reviewed AS reviewed, c.reason AS reason, c.verified_via AS verified_via,
       a.id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       u.id AS user_id, u.display_name AS user_name, u.orcid AS user_orcid, u.email AS user_email
LIMIT 1
