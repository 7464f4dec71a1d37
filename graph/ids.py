"""Deterministic identities and the normalisation they rest on.

The same input always gives the same id, so writing a fact twice is a no-op and two
sources for one fact meet on one id. Ids are readable where that costs nothing
(``item:JAV0042``, ``actor:14th-reserve-brigade``) and hashes elsewhere.

Examples
--------
>>> normalize_serial("s/n jav 0042")
'JAV0042'
>>> item_id(serial="JAV-0042")
'item:JAV0042'
>>> normalize_name("The  2nd Battalion, 14th Reserve Brigade")
'2nd battalion 14th reserve brigade'
>>> entity_id("Actor", "Azov Battalion")
'actor:azov-battalion'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from graph.errors import InvalidInput

__all__ = [
    "digest",
    "entity_id",
    "item_id",
    "normalize_name",
    "normalize_nsn",
    "normalize_serial",
    "shipment_id",
]

_SERIAL_PREFIX = re.compile(r"^(?:S\s*/\s*N|SN|SERIAL(?:\s*(?:NO|NUMBER))?|NO)[\s.:#-]*(?=\w)", re.I)
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


_SERIAL_DROP = re.compile(r"[\s\-./_]")
_NAME_PUNCT = re.compile(r"[,;:()\"\[\]]")
_SPACES = re.compile(r"\s+")


def digest(*parts: object) -> str:
    """A short, stable hash of the parts (``None`` and ``""`` are distinct from each other)."""
    h = hashlib.sha256("\x1f".join("\x00" if p is None else p if type(p) is str else str(p)
                                   for p in parts).encode())
    return h.hexdigest()[:20]


def _nfkc(text: str) -> str:
    # NFKC and the dash table leave ASCII alone; skipping them is most of the cost on ASCII input.
    return text if text.isascii() else unicodedata.normalize("NFKC", text).translate(_DASHES)


def normalize_serial(text: str) -> str:
    """Serial or lot number in canonical form: upper case; spaces, dashes, dots, slashes and
    "SN"/"S/N"/"Serial No." prefixes dropped."""
    s = _nfkc(text).strip()
    s = _SERIAL_PREFIX.sub("", s)
    s = _SERIAL_DROP.sub("", s).upper()
    if not s:
        raise InvalidInput(f"empty serial or lot number: {text!r}")
    return s


def normalize_nsn(text: str) -> str:
    """NATO stock number as ``NNNN-NN-NNN-NNNN``; raises InvalidInput when it has not 13 digits."""
    digits = re.sub(r"\D", "", text)
    if len(digits) != 13:
        raise InvalidInput(f"an NSN has 13 digits: {text!r}")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:9]}-{digits[9:]}"


def normalize_name(text: str) -> str:
    """A name as compared: case-folded, accents kept, dashes unified, punctuation and a
    leading "the" dropped, white space folded."""
    s = _nfkc(text).casefold()
    s = s.replace("\u2019", "'")
    s = _NAME_PUNCT.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    return s[4:] if s.startswith("the ") else s


def _slug(text: str) -> str:
    return re.sub(r"[\s'./]+", "-", normalize_name(text)).strip("-")


def entity_id(label: str, name: str) -> str:
    """Id of a named entity (Actor, Location, WeaponSystem) from its canonical name."""
    slug = _slug(name)
    if not slug:
        raise InvalidInput(f"empty {label} name")
    return f"{label.lower()}:{slug}"


def item_id(*, serial: str | None = None, lot: str | None = None) -> str:
    """Id of an item: by serial when it has one, else by lot number."""
    if serial:
        return f"item:{normalize_serial(serial)}"
    if lot:
        return f"item:lot:{normalize_serial(lot)}"
    raise InvalidInput("an item needs a serial or a lot number")


def shipment_id(ref: str) -> str:
    return f"shipment:{normalize_serial(ref)}"
