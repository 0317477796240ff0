// name: accounts/claim_state
// params: $author (Author id)
// returns: author_exists, verified_by (ids of users holding a verified claim: zero or one)
// Explains why accounts/claim wrote nothing.
OPTIONAL MATCH (a:Author {id: $author})
OPTIONAL MATCH (o:User)-[:CLAIMS {status: 'verified'}]->(a)
RETURN a IS NOT NULL AS author_exists, collect(o.id) AS verified_by
