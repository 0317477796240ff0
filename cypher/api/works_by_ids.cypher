// name: api/works_by_ids
// params: $ids (list of Work ids)
// returns: key (the id asked for), work (map of the Work's properties, without the embedding) for
//          each id that exists. An OpenAlex id merged into another (a MergedId) gives the work
//          holding the survivor's OpenAlex id, with its own id.
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
WITH id, m.into AS into
OPTIONAL MATCH (s:Work {openalex_id: into})
WITH id, coalesce(min(s.id), id) AS node_id
MATCH (w:Work {id: node_id})
RETURN id AS key, w {.id, .title, .abstract, .publication_date, .year, .type, .doi, .arxiv_id, .openalex_id,
          .language, .cited_by_count, .categories, .code_url, .open_access, .novelty, .stub} AS work
