// name: load/merged_id_aliases
// params: $values (list of OpenAlex ids a batch names)
// returns: key (the id asked for), into (its survivor: itself when it is one), olds (every id
//          merged into that survivor); only for ids that are merged ids or survivors
// A MergedId node {id, into, kind} says OpenAlex merged `id` into `into` (chains already
// followed to the last survivor when the merge was written).
UNWIND $values AS v
OPTIONAL MATCH (m:MergedId {id: v})
WITH v, coalesce(m.into, v) AS s
MATCH (o:MergedId {into: s})
RETURN v AS key, s AS into, collect(o.id) AS olds
