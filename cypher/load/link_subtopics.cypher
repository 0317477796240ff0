// name: load/link_subtopics
// params: $links (list of {topic, parent} topic ids)
// returns: rows (number of SUBTOPIC_OF links written)
UNWIND $links AS l
MATCH (t:Topic {id: l.topic})
MATCH (p:Topic {id: l.parent})
MERGE (t)-[:SUBTOPIC_OF]->(p)
RETURN count(*) AS rows
