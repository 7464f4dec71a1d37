"""Run the extractor over the corpus texts and write predictions the scorer reads.

    python -m ingest.nlp.score_corpus [TEXTS_DIR] OUT_DIR

Each ``TEXTS_DIR/NAME.txt`` has a ``SOURCE:`` and a ``DATE:`` header line, then the passage;
the passage is extracted (the DATE header, when it holds a date, is the document date) and
``OUT_DIR/NAME.json`` is written. Then:
``python /work/shared/tools/score_extraction.py /work/shared/corpus/gold OUT_DIR``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from spacy.language import Language

from .dates import find_document_date, parse_partial_iso
from .extract import extract_many, to_score_json
from .pipeline import load_pipeline

__all__ = ["default_shared_dir", "read_corpus_text", "write_predictions"]


def default_shared_dir() -> Path:
    """``$CUSTODY_SHARED`` or the ``shared`` folder beside the repository."""
    env = os.environ.get("CUSTODY_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared"


def read_corpus_text(path: Path) -> tuple[str, str | None]:
    """(passage, document date) of a corpus text with its two header lines."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    header, passage = lines[:2], "\n".join(lines[2:])
    doc_date = None
    for line in header:
        if line.upper().startswith("DATE:"):
            found = parse_partial_iso(line.split(":", 1)[1].strip())
            doc_date = found.iso() if found else None
    if doc_date is None:
        doc_date = find_document_date(passage)
    return passage, doc_date


def write_predictions(texts_dir: str | Path, out_dir: str | Path, nlp: Language | None = None) -> list[Path]:
    """Extract every ``*.txt`` of ``texts_dir`` into ``out_dir/NAME.json``; returns the files."""
    texts_dir, out_dir = Path(texts_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp = nlp if nlp is not None else load_pipeline()
    paths = sorted(texts_dir.glob("*.txt"))
    inputs = [read_corpus_text(p) for p in paths]
    written = []
    for path, ex in zip(paths, extract_many(nlp, inputs), strict=True):
        out = out_dir / f"{path.stem}.json"
        out.write_text(json.dumps(to_score_json(ex), ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(out)
    return written


def main(argv: list[str]) -> int:
    if len(argv) == 1:
        texts, out = default_shared_dir() / "corpus" / "texts", Path(argv[0])
    elif len(argv) == 2:
        texts, out = Path(argv[0]), Path(argv[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for path in write_predictions(texts, out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
