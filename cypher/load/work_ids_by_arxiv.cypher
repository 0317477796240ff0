// name: load/work_ids_by_arxiv
// params: $values (list of bare arXiv ids without version)
// returns: key (the arXiv id asked for), id (the Work's graph id), stub (true for a cited-only placeholder)
UNWIND $values AS v
MATCH (w:Work {arxiv_id: v})
RETURN v AS key, w.id AS id, w.title IS NULL AS stub
