"""Cypher for the Neo4j store, one module per query family.

=============  ==============================================================
``schema``     constraints and indexes, created idempotently on connect
``nodes``      node merge (per model label), lookup keys, reads, search
``relations``  relation merge (per relation type) and the validity-filtered read
``events``     custody events as ``:Event`` nodes, their merge and reads
``evidence``   ``:Evidence`` nodes, their merge and reads
``stats``      the counts by label, kind, relation and event type
``versions``   node versions for compare-and-set writes (``write_if``)
=============  ==============================================================

Rules every module follows (STYLE.md, "Cypher"):

* values are always ``$parameters``; bulk writes are ``UNWIND $rows AS row``;
* queries are ``LiteralString`` constants, so a type checker that enforces PEP 675
  (the driver types ``execute_query`` and ``Transaction.run`` that way) rejects an
  f-string built from input;
* the only text built at run time is a label or relationship type, and it comes from
  the model's own registry through :func:`registry_name`, which checks it against the
  model and against a strict identifier pattern before it is pasted (``typing.cast``
  marks each such place);
* writes are ``MERGE`` on our ids, so a transaction function the driver retries after a
  lost connection writes nothing twice;
* writes start with ``CYPHER replan=skip``: their plans are seeks on our id constraints
  whatever the counts, and a growing graph otherwise makes Neo4j plan them again every few
  batches (on a young store, planning took most of a report ingest's time).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import LiteralString, cast

from graph.errors import ModelError

__all__ = ["registry_name", "type_alternatives"]

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def registry_name(name: str, registry: Collection[str]) -> LiteralString:
    """A label or relationship type from the model's registry, safe to paste into Cypher.

    Parameters
    ----------
    name : str
        The label (``Item``) or relationship type (``SUBORDINATE_TO``).
    registry : collection of str
        The names the model declares (``model.labels`` or ``model.relations``).

    Raises
    ------
    ModelError
        When ``name`` is not in the registry or is not a plain identifier (a model file
        cannot smuggle Cypher in either).

    Examples
    --------
    >>> registry_name("Item", {"Item", "Actor"})
    'Item'
    >>> registry_name("Item) DETACH DELETE (n", {"Item"})
    Traceback (most recent call last):
    ...
    graph.errors.ModelError: 'Item) DETACH DELETE (n' is not a label or type of the model
    """
    if name not in registry or not _IDENTIFIER.match(name):
        raise ModelError(f"{name!r} is not a label or type of the model")
    # Checked against the registry and the identifier pattern just above.
    return cast(LiteralString, name)


def type_alternatives(names: Collection[str], registry: Collection[str]) -> LiteralString:
    """``A|B|C`` for a relationship pattern, each name checked by :func:`registry_name`.

    Names are sorted so one set of types always gives the same text (one cached plan).
    """
    checked = [registry_name(n, registry) for n in sorted(set(names))]
    if not checked:
        raise ModelError("no relationship type to match")
    # Every part passed registry_name.
    return cast(LiteralString, "|".join(checked))
