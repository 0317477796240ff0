// name: similar/count_works_to_embed
// params: none
// returns: works (works with a title: what `embed` reads, for its progress bar)
MATCH (w:Work)
WHERE w.title IS NOT NULL
RETURN count(w) AS works
