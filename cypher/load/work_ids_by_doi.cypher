// name: load/work_ids_by_doi
// params: $values (list of bare lower-case DOIs)
// returns: key (the DOI asked for), id (the Work's graph id), stub (true for a cited-only placeholder)
UNWIND $values AS v
MATCH (w:Work {doi: v})
RETURN v AS key, w.id AS id, w.title IS NULL AS stub
