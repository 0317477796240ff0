// name: accounts/invitations_sent
// params: $user (User id)
// returns: id, status, message, created, responded, author_*, sender_*, recipient_*: invitations the user
//          sent, newest first
MATCH (s:User {id: $user})-[i:INVITED]->(r:User)
OPTIONAL MATCH (a:Author {id: i.author_id})
RETURN i.id AS id, i.status AS status, i.message AS message, i.created AS created, i.responded AS responded,
       i.author_id AS author_id, a.display_name AS author_name, a.orcid AS author_orcid,
       s.id AS sender_id, s.display_name AS sender_name, s.orcid AS sender_orcid, s.email AS sender_email,
       r.id AS recipient_id, r.display_name AS recipient_name, r.orcid AS recipient_orcid,
       r.email AS recipient_email
ORDER BY created DESC, id
