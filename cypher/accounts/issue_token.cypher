// name: accounts/issue_token
// params: $user (User id), $token_id, $token_hash (SHA-256 hex of the token), $now (UTC ISO string)
// returns: id, created: the new token's record; no row when there is no such user
MATCH (u:User {id: $user})
CREATE (u)-[:HAS_TOKEN]->(t:Token {id: $token_id, hash: $token_hash, created: $now})
RETURN t.id AS id, t.created AS created
