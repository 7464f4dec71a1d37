"""The one place where this package registers its Doc extensions.

Registration is idempotent (checked with ``has_extension``), never ``force=True``: another
module that registered the same name first is an error worth seeing, not something to
overwrite.
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["DOC_DATE", "EVENTS", "register_extensions"]

#: ``doc._.custody_doc_date``: the document's date (partial ISO) that relative dates resolve
#: against; set it before running the pipeline, or leave it None to take it from the text.
DOC_DATE = "custody_doc_date"
#: ``doc._.custody_events``: the custody events found by the ``custody_events`` component, as
#: JSON-ready dicts (they survive ``Doc.to_bytes`` and multiprocessing).
EVENTS = "custody_events"


def register_extensions() -> None:
    if not Doc.has_extension(DOC_DATE):
        Doc.set_extension(DOC_DATE, default=None)
    if not Doc.has_extension(EVENTS):
        Doc.set_extension(EVENTS, default=None)


register_extensions()
