"""The plain Python API of the custody NLP: text in, entities and custody events out.

>>> nlp = load_pipeline()                                    # doctest: +SKIP
>>> ex = extract(nlp, "Police seized launcher JAV-0042 in Town K.", doc_date="2024-02-12")  # doctest: +SKIP
>>> ex.events[0].type, ex.events[0].item                     # doctest: +SKIP
('SEIZURE', 'JAV-0042')
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .catalogue import canonical_system, singular_alias, weapon_system_catalogue
from .dates import find_document_date
from .extensions import DOC_DATE, EVENTS
from .pipeline import load_pipeline
from .sentences import unwrap_lines

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "MAX_CHUNK_CHARS",
    "ExtractedEvent",
    "Extraction",
    "Mention",
    "canonical_system",
    "chunk_text",
    "extract",
    "extract_each",
    "extract_many",
    "from_doc",
    "load_pipeline",
    "shifted",
    "to_score_json",
    "weapon_system_catalogue",
]

EXTRACTOR_NAME = "custody-nlp"
#: Bump when patterns, rules or the pipeline change: evidence records carry it.
EXTRACTOR_VERSION = "0.1.0"


@dataclass(frozen=True)
class Mention:
    """One entity mention; ``start``/``end`` are character offsets into the text."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class ExtractedEvent:
    """One custody event: roles as written, the date also normalised to partial ISO."""

    type: str
    item: str
    item_label: str  # SERIAL_NUMBER | WEAPON_SYSTEM | WEAPON_CATEGORY
    quantity: str | None
    from_: str | None
    to: str | None
    place: str | None
    date: str | None
    date_value: str | None
    sentence: str
    start: int
    end: int
    confidence: float
    system: str | None
    #: "reported", "alleged", "attempted" or "planned": how the text frames the act
    modality: str = "reported"
    #: the giver and receiver as the sentence writes them ("Viktor Bout, an arms dealer, and
    #: ..."), where that is more than the actor's name in ``from_`` / ``to``
    from_written: str | None = None
    to_written: str | None = None


@dataclass(frozen=True)
class Extraction:
    entities: list[Mention]
    events: list[ExtractedEvent]


def _mention(ent: Any) -> Mention:
    text = ent.text
    if ent.label_ == "WEAPON_SYSTEM":
        text = singular_alias(text)
    return Mention(text=text, label=ent.label_, start=ent.start_char, end=ent.start_char + len(text))


def from_doc(doc: Doc) -> Extraction:
    """The extraction a processed Doc holds; an event's sentence is quoted from the text as read
    (with its line breaks), so ``text[start:end]`` is the quote."""
    entities = [_mention(e) for e in doc.ents]
    as_read: str | None = doc.user_data.get(TEXT_AS_READ)
    events = [
        ExtractedEvent(
            type=e["type"],
            item=e["item"],
            item_label=e["item_label"],
            quantity=e["quantity"],
            from_=e["from"],
            to=e["to"],
            place=e["place"],
            date=e["date"],
            date_value=e["date_value"],
            sentence=e["sentence"] if as_read is None else as_read[e["start"] : e["end"]],
            start=e["start"],
            end=e["end"],
            confidence=float(e["confidence"]),
            system=e["system"],
            modality=e.get("modality", "reported"),
            from_written=e.get("from_written"),
            to_written=e.get("to_written"),
        )
        for e in (doc._.get(EVENTS) or [])
    ]
    return Extraction(entities=entities, events=events)


#: Texts longer than this are processed in paragraph-aligned chunks (spaCy's parser needs
#: memory proportional to the text; a 20 MB report must not fail).
MAX_CHUNK_CHARS = 100_000


#: ``doc.user_data`` key: the text as read, where :func:`unwrap_lines` changed it for the tokenizer.
TEXT_AS_READ = "custody_text_as_read"


def make_report_doc(nlp: Language, text: str, doc_date: str | None) -> Doc:
    """The Doc the pipeline reads for ``text``: its soft line breaks made spaces
    (:func:`~ingest.nlp.sentences.unwrap_lines`), the text as read kept for the quotes."""
    unwrapped = unwrap_lines(text)
    doc = nlp.make_doc(unwrapped)
    if unwrapped is not text:
        doc.user_data[TEXT_AS_READ] = text
    doc._.set(DOC_DATE, doc_date)
    return doc


def chunk_text(text: str, max_chars: int | None = None) -> list[tuple[int, str]]:
    """``(offset, chunk)`` pieces of at most ``max_chars`` (default ``MAX_CHUNK_CHARS``), cut at
    blank lines where possible, else at a sentence end, else at whitespace."""
    max_chars = max_chars or MAX_CHUNK_CHARS
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + max_chars)
        if end < len(text):
            window = text[start:end]
            cut = window.rfind("\n\n")
            if cut < max_chars // 4:
                cut = max(window.rfind(". "), window.rfind(".\n"))
                cut = cut + 1 if cut >= max_chars // 4 else -1
            if cut < max_chars // 4:
                cut = window.rfind(" ")
            if cut >= max_chars // 4:
                end = start + cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def shifted(ex: Extraction, offset: int) -> Extraction:
    """``ex`` with every span moved by ``offset`` characters (a chunk's place in the whole text)."""
    if offset == 0:
        return ex
    return Extraction(
        entities=[replace(m, start=m.start + offset, end=m.end + offset) for m in ex.entities],
        events=[replace(e, start=e.start + offset, end=e.end + offset) for e in ex.events],
    )


def _merge(parts: list[Extraction]) -> Extraction:
    if len(parts) == 1:
        return parts[0]
    return Extraction(entities=[m for p in parts for m in p.entities], events=[e for p in parts for e in p.events])


def extract(nlp: Language, text: str, doc_date: str | None = None) -> Extraction:
    """Entities and custody events of one text. ``doc_date`` (partial ISO) anchors dates written
    without a year; without it the date is looked for in the text's first lines."""
    return next(extract_many(nlp, [(text, doc_date)]))


def extract_many(
    nlp: Language,
    texts: Iterable[tuple[str, str | None]],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """Extractions of many ``(text, doc_date)`` pairs, in order, through ``nlp.pipe``
    (``n_process > 1`` runs it in worker processes). Long texts are chunked and merged back."""
    pending: deque[tuple[int, int, bool]] = deque()  # (text index, offset, last chunk of its text)

    def docs() -> Iterator[Doc]:
        for index, (text, doc_date) in enumerate(texts):
            date = doc_date if doc_date is not None else find_document_date(text)
            pieces = chunk_text(text)
            for k, (offset, piece) in enumerate(pieces):
                pending.append((index, offset, k == len(pieces) - 1))
                yield make_report_doc(nlp, piece, date)

    parts: list[Extraction] = []
    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        _index, offset, last = pending.popleft()
        parts.append(shifted(from_doc(doc), offset))
        if last:
            yield _merge(parts)
            parts = []


def extract_each(
    nlp: Language,
    texts: Iterable[tuple[str, str | None]],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Extraction | Exception]:
    """:func:`extract_many`, but a text the pipeline fails on yields its exception in its place
    and the other texts are still extracted: batched first, then one at a time from the text
    the batch stopped at."""
    items = list(texts)
    done = 0
    try:
        for ex in extract_many(nlp, items, batch_size=batch_size, n_process=n_process):
            yield ex
            done += 1
        return
    except Exception:  # which text failed is found by going one at a time
        pass
    for text, doc_date in items[done:]:
        try:
            one = extract(nlp, text, doc_date)
        except Exception as exc:  # reported per text by the caller
            yield exc
        else:
            yield one


def to_score_json(ex: Extraction) -> dict[str, Any]:
    """The shape ``score_extraction.py`` reads: unique entities, events with roles as written."""
    seen: set[tuple[str, str]] = set()
    entities = []
    for m in ex.entities:
        key = (m.text, m.label)
        if key in seen:
            continue
        seen.add(key)
        entities.append({"text": m.text, "label": m.label, "start": m.start, "end": m.end})
    events = [
        {
            "type": e.type,
            "item": e.item,
            "quantity": e.quantity,
            "from": e.from_written or e.from_,
            "to": e.to_written or e.to,
            "from_actor": e.from_,
            "to_actor": e.to,
            "place": e.place,
            "date": e.date,
            "sentence": e.sentence,
            "date_value": e.date_value,
            "confidence": e.confidence,
            "system": e.system,
            "item_label": e.item_label,
            "modality": e.modality,
        }
        for e in ex.events
    ]
    return {"entities": entities, "events": events}
