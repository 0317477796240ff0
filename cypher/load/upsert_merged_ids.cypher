// name: load/upsert_merged_ids
// params: $rows (list of [old, into, kind]: `into` the last survivor of the chain)
// returns: rows (number of MergedId nodes written)
// One MergedId per old id; a merged id that others were merged into hands them on to its own
// survivor, so every MergedId names a node that is not itself merged (one hop to resolve).
UNWIND $rows AS r
MERGE (m:MergedId {id: r[0]})
SET m.into = r[1], m.kind = r[2]
WITH count(*) AS written
UNWIND $rows AS r
MATCH (p:MergedId {into: r[0]})
SET p.into = r[1]
WITH written, count(*) AS repointed
RETURN written AS rows
