// name: load/work_ids_by_openalex
// params: $values (list of OpenAlex work ids, e.g. ["W2741809807"])
// returns: key (the OpenAlex id asked for), id (the Work's graph id), stub (true for a cited-only placeholder)
UNWIND $values AS v
MATCH (w:Work {openalex_id: v})
RETURN v AS key, w.id AS id, w.title IS NULL AS stub
