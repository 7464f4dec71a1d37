"""``custody bench``: generated worlds at 10k, 100k and 1M items, ingested into the embedded store
and Neo4j, questioned, and scored against their ground truth; every figure beside an anchor
measured in the same run. :mod:`bench.scale.run` drives it, :mod:`bench.scale.stages` measures."""
