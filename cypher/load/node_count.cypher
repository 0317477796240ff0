// name: load/node_count
// params: none
// returns: nodes (every node of the graph, of any label): a bulk load (loaders/bulk/run.py)
//          goes only into a graph where it is 0
MATCH (n)
RETURN count(n) AS nodes
