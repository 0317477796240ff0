// name: load/name_author_folds
// params: $rows (list of [name, into]: a name-only Author ("name:<hash>") and the keyed Author
//         that a record of the same work names under a compatible name)
// returns: name, into, works (the ids of the Works the name-only Author authored), for each row
//          whose two Authors are both in the graph and whose first still carries no identity key
// The check before folding a name-only author into the keyed one (load/merge_author_edges then
// moves its relationships and deletes it; loaders/name_folds.py): a row already folded (a batch
// written again after a crash) gives nothing, and `works` are those whose COAUTHOR edges the
// writer recomputes after the fold.
UNWIND $rows AS r
MATCH (n:Author {id: r[0]})
MATCH (k:Author {id: r[1]})
WHERE n.orcid IS NULL AND n.openalex_id IS NULL AND n.s2_id IS NULL AND n.dblp_name IS NULL
OPTIONAL MATCH (n)-[:AUTHORED]->(w:Work)
RETURN r[0] AS name, r[1] AS into, collect(w.id) AS works
