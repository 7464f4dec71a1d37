"""The model's attribute rules as lookups give exactly what the model's attribute_ruler gives."""

from __future__ import annotations

import pickle

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from ingest.nlp.attribute_lookup import LOOKUP_NAME, RULER_NAME, AttributeLookup, use_attribute_lookup
from ingest.nlp.pipeline import find_base_model

# fictional sentences; between them they reach the ruler's two-token rules ("gon na", "there
# were", "let 's", "y' all", "ai n't"), space tokens, and words with rules of their own
TEXTS = [
    "There were 40 rifles in the depot at Town Q, and there is one more crate.\n\n",
    "Y'all gonna see it: the sergeant ain't got the keys, let's wait.",
    "Officers gets the launcher back; it got sold twice.   Then it was seized.",
    "NLAW-1234 , serial no. 55 ,\n  was listed as missing by Unit 7 on 3 May 2021 !",
    "",
]
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


@pytest.fixture(scope="module")
def model() -> Language:
    return spacy.load(find_base_model())


@pytest.fixture(scope="module")
def looked_up() -> Language:
    return use_attribute_lookup(spacy.load(find_base_model()))


def test_the_lookup_replaces_the_ruler(looked_up: Language) -> None:
    assert LOOKUP_NAME in looked_up.pipe_names
    assert RULER_NAME in looked_up.disabled
    assert looked_up.pipe_names.index(LOOKUP_NAME) == looked_up.pipe_names.index("parser") + 1


@pytest.mark.parametrize("text", TEXTS)
def test_every_token_gets_what_the_ruler_gives(model: Language, looked_up: Language, text: str) -> None:
    want, got = model(text), looked_up(text)
    assert [t.text for t in got] == [t.text for t in want]
    assert numpy.array_equal(got.to_array(COLUMNS), want.to_array(COLUMNS))
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in got] == [(t.pos_, t.lemma_, str(t.morph)) for t in want]


def test_two_token_rules_apply(looked_up: Language) -> None:
    # the ruler's lemma rules for "gon na" and its rule that "were" after "there" is a verb
    doc = looked_up("They are gonna move it. There were two crates.")
    by_text = {t.text: t for t in doc}
    assert by_text["gon"].lemma_ == "go"
    assert by_text["were"].pos_ == "VERB"


def test_a_batch_and_a_copy_in_another_process_agree(model: Language, looked_up: Language) -> None:
    lookup = looked_up.get_pipe(LOOKUP_NAME)
    copy = pickle.loads(pickle.dumps(lookup))
    assert isinstance(copy, AttributeLookup)
    for want, got in zip(model.pipe(TEXTS), looked_up.pipe(TEXTS), strict=True):
        assert numpy.array_equal(got.to_array(COLUMNS), want.to_array(COLUMNS))


def test_a_ruler_with_a_pattern_it_cannot_read_is_left_to_run() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe(RULER_NAME)
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": "rifle", "OP": "+"}]], {"LEMMA": "rifle"})
    use_attribute_lookup(nlp)
    assert nlp.pipe_names == [RULER_NAME]
    assert not nlp.disabled


def test_a_pipeline_without_the_ruler_is_unchanged() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert use_attribute_lookup(nlp).pipe_names == ["sentencizer"]


def test_the_custody_pipeline_uses_the_lookup(nlp: Language) -> None:
    assert LOOKUP_NAME in nlp.pipe_names
    assert RULER_NAME in nlp.disabled
