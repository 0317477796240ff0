// name: accounts/users
// params: none
// returns: id, email, display_name, created, admin, orcid, active_tokens: every user, oldest first
MATCH (u:User)
OPTIONAL MATCH (u)-[:HAS_TOKEN]->(t:Token)
WHERE t.revoked IS NULL
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.created AS created,
       u.admin AS admin, u.orcid AS orcid, count(t) AS active_tokens
ORDER BY created, id
