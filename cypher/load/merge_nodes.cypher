// name: load/merge_nodes
// params: $authors, $institutions, $topics, $sources (lists of [old, into, olds]: an old id
//         still in the graph, its survivor, every id merged into the survivor, sorted);
//         $works (list of [old, survivor, into, olds]: the old Work's and the survivor's graph
//         ids, the survivor's OpenAlex id); $renamed (list of [work, into, olds]: a Work held
//         under another id, an arXiv-first one, whose OpenAlex id was merged: it just takes the
//         survivor's OpenAlex id)
// returns: rows (the number of works renamed: the write statistics count the rest)
// First step of folding an old node into its survivor (load/merge_*_edges then move the
// relationships and delete the old node): the survivor is made when it is not in the graph
// yet, ranked '' (below any record, so its own record, when it comes, sets its values), and
// keeps its own values: the old node only fills what it lacks. Derived values (embedding,
// novelty, community, centralities) are not copied: their commands recompute them.
UNWIND $authors AS r
MATCH (o:Author {id: r[0]})
MERGE (s:Author {id: r[1]})
ON CREATE SET s.record_rank = '', s.openalex_id = r[1]
SET s.display_name = coalesce(s.display_name, o.display_name), s.name_key = coalesce(s.name_key, o.name_key),
    s.orcid = coalesce(s.orcid, o.orcid), s.works_count = coalesce(s.works_count, o.works_count),
    s.s2_id = coalesce(s.s2_id, o.s2_id), s.dblp_name = coalesce(s.dblp_name, o.dblp_name),
    s.cited_by_count = coalesce(s.cited_by_count, o.cited_by_count),
    s.last_known_institution_ids = coalesce(s.last_known_institution_ids, o.last_known_institution_ids),
    s.merged_ids = r[2]
WITH count(*) AS step1
UNWIND $institutions AS r
MATCH (oi:Institution {id: r[0]})
MERGE (si:Institution {id: r[1]})
ON CREATE SET si.record_rank = '', si.openalex_id = r[1]
SET si.name = coalesce(si.name, oi.name), si.ror = coalesce(si.ror, oi.ror),
    si.country = coalesce(si.country, oi.country), si.type = coalesce(si.type, oi.type), si.merged_ids = r[2]
WITH count(*) AS step2
UNWIND $topics AS r
MATCH (ot:Topic {id: r[0]})
MERGE (st:Topic {id: r[1]})
ON CREATE SET st.record_rank = ''
SET st.name = coalesce(st.name, ot.name), st.level = coalesce(st.level, ot.level),
    st.scheme = coalesce(st.scheme, ot.scheme), st.description = coalesce(st.description, ot.description),
    st.keywords = coalesce(st.keywords, ot.keywords), st.merged_ids = r[2]
WITH count(*) AS step3
UNWIND $sources AS r
MATCH (os:Source {id: r[0]})
MERGE (ss:Source {id: r[1]})
ON CREATE SET ss.record_rank = ''
SET ss.name = coalesce(ss.name, os.name), ss.type = coalesce(ss.type, os.type),
    ss.issn_l = coalesce(ss.issn_l, os.issn_l), ss.publisher = coalesce(ss.publisher, os.publisher),
    ss.merged_ids = r[2]
WITH count(*) AS step4
UNWIND $works AS r
MATCH (ow:Work {id: r[0]})
MERGE (sw:Work {id: r[1]})
ON CREATE SET sw.openalex_id = r[2], sw.stub = ow.stub
SET sw.title = coalesce(sw.title, ow.title), sw.abstract = coalesce(sw.abstract, ow.abstract),
    sw.publication_date = coalesce(sw.publication_date, ow.publication_date), sw.year = coalesce(sw.year, ow.year),
    sw.type = coalesce(sw.type, ow.type), sw.doi = coalesce(sw.doi, ow.doi),
    sw.arxiv_id = coalesce(sw.arxiv_id, ow.arxiv_id), sw.language = coalesce(sw.language, ow.language),
    sw.cited_by_count = coalesce(sw.cited_by_count, ow.cited_by_count),
    sw.categories = coalesce(sw.categories, ow.categories), sw.code_url = coalesce(sw.code_url, ow.code_url),
    sw.open_access = coalesce(sw.open_access, ow.open_access),
    sw.funders = coalesce(sw.funders, ow.funders), sw.funder_dois = coalesce(sw.funder_dois, ow.funder_dois),
    sw.sources = CASE WHEN sw.sources IS NULL AND ow.sources IS NULL THEN null
                      ELSE coalesce(sw.sources, []) + [x IN coalesce(ow.sources, []) WHERE NOT x IN coalesce(sw.sources, [])]
                 END,
    sw.stub = CASE WHEN sw.stub AND ow.stub THEN true ELSE null END,
    sw.merged_ids = r[3]
WITH count(*) AS step5
UNWIND $renamed AS r
MATCH (rw:Work {id: r[0]})
SET rw.openalex_id = r[1], rw.merged_ids = r[2]
RETURN count(*) AS rows
