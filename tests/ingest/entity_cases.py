"""Entity test cases written as (sentence, entities that must be found, entities that must not
be), and their check: shared by the entity tests of each round of unseen forms."""

from __future__ import annotations

from spacy.language import Language

Case = tuple[str, set[tuple[str, str]], set[tuple[str, str]]]


def check_case(nlp: Language, case: Case) -> None:
    """The wanted (text, label) pairs are among the sentence's entities, the unwanted ones not."""
    text, wanted, unwanted = case
    found = {(e.text, e.label_) for e in nlp(text).ents}
    assert wanted <= found, (wanted - found, found)
    assert not unwanted & found, (unwanted & found, found)
