// name: accounts/following
// params: $user (User id), $after_time, $after_id (the cursor: the last row's followed_at and id, or nulls),
//         $limit
// returns: id, display_name, orcid, followed_at: authors the user follows, most recent follow first (keyset
//          pagination)
MATCH (:User {id: $user})-[f:FOLLOWS]->(a:Author)
WHERE $after_time IS NULL OR f.created < $after_time OR (f.created = $after_time AND a.id > $after_id)
RETURN a.id AS id, a.display_name AS display_name, a.orcid AS orcid, f.created AS followed_at
ORDER BY followed_at DESC, id
LIMIT $limit
