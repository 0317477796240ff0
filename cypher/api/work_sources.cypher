// name: api/work_sources
// params: $ids (list of Work ids)
// returns: id (the work), source (the Source map it was published in)
UNWIND $ids AS id
MATCH (:Work {id: id})-[:PUBLISHED_IN]->(s:Source)
RETURN id, s {.id, .name, .type, .issn_l, .publisher} AS source
