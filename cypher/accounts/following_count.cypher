// name: accounts/following_count
// params: $user (User id)
// returns: n: how many authors the user follows
MATCH (:User {id: $user})-[f:FOLLOWS]->(:Author)
RETURN count(f) AS n
