// name: load/link_citations
// params: $rows (list of {work, cited, openalex_id}); cited is the graph id of the cited work
// returns: rows (number of CITES links written)
// A cited work not loaded yet becomes a placeholder (stub) that its own record completes.
UNWIND $rows AS r
MATCH (w:Work {id: r.work})
MERGE (c:Work {id: r.cited})
ON CREATE SET c.openalex_id = r.openalex_id, c.stub = true
MERGE (w)-[:CITES]->(c)
RETURN count(*) AS rows
