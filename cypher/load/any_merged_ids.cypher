// name: load/any_merged_ids
// params: none
// returns: found (one row when the graph records any merged OpenAlex id, none otherwise)
// The writer asks once per batch: without merged ids it skips the alias lookup altogether.
MATCH (m:MergedId)
RETURN true AS found
LIMIT 1
