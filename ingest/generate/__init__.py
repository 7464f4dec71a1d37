"""A generator of coherent fictional worlds, at any size, with injected diversions and their
ground truth: the test and benchmark data of custody-graph (``custody generate``).

See :mod:`ingest.generate.world` for what a world holds and how it is written.
"""

from ingest.generate.world import (
    GENERATOR_VERSION,
    TRUTH_PATH,
    GenerateConfig,
    WorldSummary,
    generate_world,
    parse_count,
)

__all__ = ["GENERATOR_VERSION", "TRUTH_PATH", "GenerateConfig", "WorldSummary", "generate_world", "parse_count"]
