// name: accounts/revoke_tokens
// params: $user (User id), $token (a Token id, or null for all the user's tokens), $now (UTC ISO string)
// returns: id, created, revoked: each token matched (revoking twice keeps the first revocation time)
MATCH (:User {id: $user})-[:HAS_TOKEN]->(t:Token)
WHERE $token IS NULL OR t.id = $token
SET t.revoked = coalesce(t.revoked, $now)
RETURN t.id AS id, t.created AS created, t.revoked AS revoked
ORDER BY created, id
