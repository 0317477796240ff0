// name: load/stamp_merged_ids
// params: $authors, $institutions, $topics, $sources (lists of [id, olds]), $works (list of
//         [openalex id, olds]): survivors and every id merged into each, sorted
// returns: rows (the number of works stamped: the write statistics count the rest)
// A survivor's `merged_ids` lists every id the MergedId nodes say was merged into it, whether
// the merge or the survivor came first; set only when it differs (FalkorDB re-indexes a node
// on every SET).
UNWIND $authors AS r
MATCH (a:Author {id: r[0]})
WHERE a.merged_ids IS NULL OR a.merged_ids <> r[1]
SET a.merged_ids = r[1]
WITH count(*) AS step1
UNWIND $institutions AS r
MATCH (i:Institution {id: r[0]})
WHERE i.merged_ids IS NULL OR i.merged_ids <> r[1]
SET i.merged_ids = r[1]
WITH count(*) AS step2
UNWIND $topics AS r
MATCH (t:Topic {id: r[0]})
WHERE t.merged_ids IS NULL OR t.merged_ids <> r[1]
SET t.merged_ids = r[1]
WITH count(*) AS step3
UNWIND $sources AS r
MATCH (s:Source {id: r[0]})
WHERE s.merged_ids IS NULL OR s.merged_ids <> r[1]
SET s.merged_ids = r[1]
WITH count(*) AS step4
UNWIND $works AS r
MATCH (w:Work {openalex_id: r[0]})
WHERE w.merged_ids IS NULL OR w.merged_ids <> r[1]
SET w.merged_ids = r[1]
RETURN count(*) AS rows
