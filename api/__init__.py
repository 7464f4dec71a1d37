"""The FastAPI app, the GraphQL schema, the analyst web page and the ``custody`` CLI."""
