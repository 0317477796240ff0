// name: accounts/invitation_parties
// params: $invitation (invitation id), $user (User id)
// returns: status, sender_id, recipient_id of the invitation, only when $user sent or received it
// Explains why accounts/respond_invitation wrote nothing, without revealing other people's invitations.
MATCH (s:User)-[i:INVITED {id: $invitation}]->(r:User)
WHERE s.id = $user OR r.id = $user
RETURN i.status AS status, s.id AS sender_id, r.id AS recipient_id
LIMIT 1
