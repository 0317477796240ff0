// name: load/link_citations
// params: $new, $rows (lists of [work, cited]: a Work graph id and the graph ids of the
//         works it cites; $new for the works with no links of their own yet (upsert_works'
//         `unlinked`), $rows for the others)
// returns: rows (number of CITES links written)
// A cited work not in the graph yet becomes a placeholder (stub) under its OpenAlex id,
// which its own record completes when it arrives. A work with no links yet (created
// now, or such a placeholder) cites nothing: CREATE its links, without MERGE's search.
// Rows are lists, not maps: the engine reads a list parameter faster.
UNWIND $new AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS cited
MERGE (c:Work {id: cited})
ON CREATE SET c.openalex_id = cited, c.stub = true
CREATE (w)-[:CITES]->(c)
WITH count(*) AS created
UNWIND $rows AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS cited
MERGE (c:Work {id: cited})
ON CREATE SET c.openalex_id = cited, c.stub = true
MERGE (w)-[:CITES]->(c)
WITH created, count(*) AS merged
RETURN created + merged AS rows
