"""The domain model, identities, evidence, and the stores (embedded SQLite and Neo4j).

``graph`` imports nothing from ``ingest``, ``queries`` or ``api``: data flows
ingest -> graph <- queries <- api.
"""
