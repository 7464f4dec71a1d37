"""The questions investigators ask, one module per question, built only on the store
protocol (``graph.store.Store``) so that both stores give the same answers.

- :mod:`queries.chain` - the custody chain of an item, with anomalies
- :mod:`queries.reach` - who could have reached an item; which items an actor could reach
- :mod:`queries.paths` - paths between two entities
- :mod:`queries.alerts` - standing diversion alerts over the whole graph
"""
