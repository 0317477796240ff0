// name: load/cited_work_ids
// params: $values (list of OpenAlex work ids that records cite)
// returns: key (the OpenAlex id asked for), id, stub (true for a cited-only placeholder): every
//          Work holding that OpenAlex id, for the ids held by another node than the one named
//          by the id itself (an arXiv-first work that OpenAlex matched later) or by several;
//          an id held by its own node only, or by none, returns nothing: cite it by that id.
// The load/work_ids_by_openalex lookup for references, without the rows that say nothing:
// most references name their own node, and reading those back was a tenth of a load.
// Ids are unique, so an id is held by another node or by several exactly when some node
// holding it has another id. That test needs no grouping: collecting every reference's
// nodes (tens of thousands a batch) cost more than the lookups themselves as the graph grew
// (issue 14); only the few ids it keeps are looked up again, for all their nodes.
UNWIND $values AS v
MATCH (w:Work {openalex_id: v})
WHERE w.id <> v
WITH DISTINCT v
MATCH (w:Work {openalex_id: v})
RETURN v AS key, w.id AS id, w.title IS NULL AS stub
