// name: accounts/tokens
// params: $user (User id)
// returns: id, created, revoked: the user's tokens (never their hashes), oldest first
MATCH (:User {id: $user})-[:HAS_TOKEN]->(t:Token)
RETURN t.id AS id, t.created AS created, t.revoked AS revoked
ORDER BY created, id
