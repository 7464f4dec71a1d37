"""``custody score``: extraction against a gold folder, with the errors listed (issue #14)."""

import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    from api.cli import console, fail

    @app.command()
    def score(
        gold: Annotated[Path, typer.Argument(help="Folder of NAME.json gold annotations", show_default=False)],
        predicted: Annotated[Path | None, typer.Argument(help="Folder of NAME.json predictions (what `custody "
                                                         "extract` writes)", show_default=False)] = None,
        texts: Annotated[Path | None, typer.Option("--texts", help="Folder of NAME.txt: run the current "
                                                   "extractor on them instead of reading predictions")] = None,
        part: Annotated[str | None, typer.Option("--part", help="Only the texts of this part of "
                                                 "ingest/nlp/real_split.yaml: develop or report")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Machine output: one JSON object")] = False,
    ) -> None:
        """P/R/F1 per label and per event type (exact and grouped), the summary line the shared scorer
        prints, then the missed and spurious events with their sentences and wrong roles on matched ones."""
        from ingest.nlp.scoring import load_folder, part_names, render
        from ingest.nlp.scoring import score as score_folders

        if (predicted is None) == (texts is None):
            raise fail("give either a PRED_DIR or --texts TEXTS_DIR")
        for what, folder in (("GOLD_DIR", gold), ("PRED_DIR", predicted), ("--texts", texts)):
            if folder is not None and not folder.is_dir():
                raise fail(f"{what}: {folder} is not a folder")
        try:
            names = part_names(part) if part else None
            gold_docs = load_folder(gold, names, gold=True)
            if not gold_docs:
                raise fail(f"{gold}: no gold files" + (f" of part {part!r}" if part else ""))
            if texts is not None:
                missing = [n for n in gold_docs if not (texts / f"{n}.txt").is_file()]
                if missing:
                    raise fail(f"--texts {texts}: no text for {', '.join(missing)}")
                with tempfile.TemporaryDirectory(prefix="custody-score-") as tmp:
                    _extract(texts, list(gold_docs), Path(tmp))
                    pred_docs = load_folder(Path(tmp), gold_docs)
            else:
                assert predicted is not None
                pred_docs = load_folder(predicted, gold_docs)
        except ValueError as exc:
            raise fail(str(exc)) from None
        report = score_folders(gold_docs, pred_docs)
        if as_json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        else:
            console.print(render(report), highlight=False, markup=False, soft_wrap=True)


def _extract(texts: Path, names: list[str], out: Path) -> None:
    """Predictions of the current extractor for ``names`` (corpus texts with header lines)."""
    from ingest.nlp.extract import extract_many, load_pipeline, to_score_json
    from ingest.nlp.score_corpus import read_corpus_text

    inputs = [read_corpus_text(texts / f"{n}.txt") for n in names]
    for name, ex in zip(names, extract_many(load_pipeline(), inputs), strict=True):
        (out / f"{name}.json").write_text(json.dumps(to_score_json(ex), ensure_ascii=False), encoding="utf-8")
