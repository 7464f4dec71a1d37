"""The NLP pipelines the ingest tests share: loaded once per session (the parsed one takes seconds)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from ingest.nlp import add_custody_components, load_pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full pipeline: the statistical model plus the custody components."""
    return load_pipeline()


@pytest.fixture(scope="session")
def parsed(nlp: Language) -> Language:
    return nlp


@pytest.fixture(scope="session")
def blank() -> Language:
    """The custody components alone, on a pipeline without a parser or tagger."""
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    return add_custody_components(pipe)


@pytest.fixture(params=["parsed", "blank"])
def both(request: pytest.FixtureRequest) -> Language:
    pipe: Language = request.getfixturevalue(request.param)
    return pipe
