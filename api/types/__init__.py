"""The GraphQL types, built from the maps the named queries return."""
