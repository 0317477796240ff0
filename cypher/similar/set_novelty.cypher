// name: similar/set_novelty
// params: $rows (list of {id, novelty}; novelty null where undefined)
// returns: rows (number of works updated)
UNWIND $rows AS r
MATCH (w:Work {id: r.id})
SET w.novelty = r.novelty
RETURN count(w) AS rows
