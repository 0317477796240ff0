// name: accounts/my_claims
// params: $user (User id)
// returns: id, status, evidence, created, reviewed, reason, verified_via, author_*, user_*: the user's own
//          claims, newest first
MATCH (u:User {id: $user})-[c:CLAIMS]->(a:Author)
RETURN c.id AS id, c.status AS status, c.evidence AS evidence, c.created AS created,
       c.reviewed AS reviewed, c.reason AS reason, c.verified_via AS verified_via,
       a.id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       u.id AS user_id, u.display_name AS user_name, u.orcid AS user_orcid
ORDER BY created DESC, id
