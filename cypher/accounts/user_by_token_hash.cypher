// name: accounts/user_by_token_hash
// params: $hash (SHA-256 hex of a presented token)
// returns: id, email, display_name, created, admin, orcid, token_id: the token's owner while the token is not
//          revoked
MATCH (t:Token {hash: $hash})<-[:HAS_TOKEN]-(u:User)
WHERE t.revoked IS NULL
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.created AS created,
       u.admin AS admin, u.orcid AS orcid, t.id AS token_id
LIMIT 1
