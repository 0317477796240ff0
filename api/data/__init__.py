"""Query functions: each runs named queries from cypher/api/ and shapes the rows.

Every function takes the async face of the graph (graphdb.aio.AsyncGraph) first and is a
coroutine; resolvers await them through `Context.run` (or a DataLoader), so no resolver holds
Cypher or engine details.
"""
