"""Custody NLP: a spaCy pipeline (statistical English model + domain components) that finds
weapons, actors, places, dates and custody events in report text. See ``extract`` for the API."""

from .catalogue import canonical_system, weapon_system_catalogue
from .extract import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    ExtractedEvent,
    Extraction,
    Mention,
    extract,
    extract_many,
    from_doc,
    to_score_json,
)
from .pipeline import ModelNotFoundError, add_custody_components, load_pipeline

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "ExtractedEvent",
    "Extraction",
    "Mention",
    "ModelNotFoundError",
    "add_custody_components",
    "canonical_system",
    "extract",
    "extract_many",
    "from_doc",
    "load_pipeline",
    "to_score_json",
    "weapon_system_catalogue",
]
