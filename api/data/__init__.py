"""Query functions: each runs named queries from cypher/api/ and shapes the rows.

Every function takes the Graph first and is synchronous; resolvers call them through
`Context.run` (or a DataLoader), so no resolver holds Cypher or engine details.
"""
