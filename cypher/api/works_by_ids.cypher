// name: api/works_by_ids
// params: $ids (list of Work ids)
// returns: work (map of the Work's properties, without the embedding) for each id that exists
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w {.id, .title, .abstract, .publication_date, .year, .type, .doi, .arxiv_id, .openalex_id,
          .language, .cited_by_count, .categories, .code_url, .novelty, .stub} AS work
