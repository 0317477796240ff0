// name: accounts/create_user
// params: $id, $email (normalised, lower-case), $display_name, $orcid (bare ORCID or null), $admin (boolean),
//         $now (UTC ISO string), $token_id, $token_hash (SHA-256 hex of the token; the token itself never
//         reaches the database)
// returns: id, email, display_name, created, admin, orcid, token_id: the new user and their first token; no
//          row when the email is taken
// (`WITH count(taken) AS n WHERE n = 0`, not `WITH taken WHERE taken IS NULL`: FalkorDB 4.16
// pushes that filter into the OPTIONAL MATCH, which then yields a row either way.)
OPTIONAL MATCH (taken:User {email: $email})
WITH count(taken) AS taken
WHERE taken = 0
CREATE (u:User {id: $id, email: $email, display_name: $display_name, created: $now, admin: $admin})
SET u.orcid = $orcid
CREATE (u)-[:HAS_TOKEN]->(t:Token {id: $token_id, hash: $token_hash, created: $now})
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.created AS created,
       u.admin AS admin, u.orcid AS orcid, t.id AS token_id
