// name: load/work_ids_by_openalex
// params: $values (list of OpenAlex work ids, e.g. ["W2741809807"])
// returns: key (the OpenAlex id asked for), id, stub (true for a cited-only placeholder), openalex_id, doi, year,
//          rank (the Work's record_rank: which record set its values, see loaders/precedence.py)
UNWIND $values AS v
MATCH (w:Work {openalex_id: v})
RETURN v AS key, w.id AS id, w.title IS NULL AS stub, w.openalex_id AS openalex_id, w.doi AS doi,
       w.year AS year, w.record_rank AS rank
