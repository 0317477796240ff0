// name: load/link_key_citations
// params: $rows (list of [work, cited]: a Work graph id and, for each work it cites, [graph id, doi, arxiv_id])
// returns: rows (number of CITES links written)
// Citations by DOI or arXiv id (Crossref, Semantic Scholar): a cited work not in the graph yet
// becomes a stub under the reference itself ("doi:<doi>", "arxiv:<id>", "s2:<paperId>") carrying
// the DOI or arXiv id, so that its own record, matched by that id, completes it.
UNWIND $rows AS r
MATCH (w:Work {id: r[0]})
UNWIND r[1] AS c
MERGE (x:Work {id: c[0]})
ON CREATE SET x.doi = c[1], x.arxiv_id = c[2], x.stub = true
MERGE (w)-[:CITES]->(x)
RETURN count(*) AS rows
