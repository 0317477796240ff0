// name: accounts/user_by_email
// params: $email (normalised, lower-case)
// returns: id, email, display_name, created, admin, orcid
MATCH (u:User {email: $email})
RETURN u.id AS id, u.email AS email, u.display_name AS display_name, u.created AS created,
       u.admin AS admin, u.orcid AS orcid
LIMIT 1
