"""Report texts of a generated world: seizure notices, open-source notes, border bulletins,
police statements and monitoring visits, in the style of the northern-corridor scenario.

Each kind has several templates with different wording; every template was checked against
the NLP pipeline (``ingest.nlp``): it yields the custody event the generator means (type,
serial, the giving and taking parties, place and date), which ``tests/ingest/test_generate.py``
keeps true. A template is plain ``str.format`` text with named fields.

Kinds and what the pipeline reads from them:

``sold_then_seized``
    SEIZURE of the serial, from the armed group, by a law-enforcement office (the group becomes
    an inferred holder: a *break* and an *unauthorised holder*; the seizure is a recovery).
``seen_with_group``
    OBSERVATION of the serial with the armed group (a *break* and an *unauthorised holder*).
``border_seizure``
    SEIZURE at a crossing by customs or a border guard, nobody named as source (a *break*).
``company_seizure``
    SEIZURE from a company by the police (a *break* and an *unauthorised holder*).
``unit_sighting``
    OBSERVATION of the serial with its own battalion, somewhere else on the day of an inventory
    (the item is in *two places* at once).
``monitoring``
    INVENTORY of the serials of one system a battalion presented; the ones it could not present
    give no event. (One system per report: a list that mixes systems loses serials in the parse.)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import Final

__all__ = ["MONTHS", "PARTS", "PLURALS", "TEMPLATES", "day_text", "listing", "render"]

MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")

# Where a serial is read on each system ("legible on the {part}").
PARTS: Final[dict[str, str]] = {
    "M4 carbine": "receiver", "FGM-148 Javelin": "tube", "FIM-92 Stinger": "grip",
    "AN/PVS-14 night vision device": "housing", "Switchblade": "launch tube", "NLAW": "tube", "AT4": "tube",
    "Carl Gustaf": "barrel", "M2 Browning machine gun": "receiver", "M240 machine gun": "receiver",
    "Mk 19 grenade launcher": "receiver",
}

# How a monitoring report lists several items of one system (monitored systems only).
PLURALS: Final[dict[str, tuple[str, ...]]] = {
    "FGM-148 Javelin": ("FGM-148 Javelin command launch units", "Javelin launchers"),
    "FIM-92 Stinger": ("FIM-92 Stinger gripstocks", "Stinger gripstocks"),
    "AN/PVS-14 night vision device": ("AN/PVS-14 night vision devices", "night vision devices"),
    "Switchblade": ("Switchblade 300 drones",),
}

TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    "sold_then_seized": (
        "{agency}: seizure notice, {pub}\n\nOn {date}, officers of {agency} stopped a {vehicle} near {place} and "
        "seized {item}, serial number {serial}. The two men in the {vehicle} told officers that they belonged to "
        "the {group} and that they had bought the {noun} from a soldier in {month}. {agency} handed the {noun} to "
        "the regional prosecutor for tracing.\n",
        "Press release, {pub}\n\nOn {date}, {agency} seized {item}, serial number {serial}, from members of the "
        "{group} during a search in {place}.\n",
        "Incident report, {pub}\n\nOn {date}, {agency} seized {item}, serial number {serial}, from fighters of the "
        "{group} near {place}.\n",
        "Incident report, {pub}\n\nOn {date}, officers of {agency} confiscated {item}, serial number {serial}, "
        "from members of the {group} in {place}.\n",
    ),
    "seen_with_group": (
        "Open-source note, {pub}\n\nA video posted on {date} shows fighters of the {group} with {item} near "
        "{place}. A stencilled serial, {serial}, is legible on the {part}.\n",
        "Field note, {pub}\n\nOn {date}, fighters of the {group} were filmed with {item}, serial number {serial}, "
        "near {place}.\n",
        "Open-source note, {pub}\n\nA photograph posted on {date} shows members of the {group} with {item} in "
        "{place}. The serial number {serial} is visible on the {part}.\n",
        "Field note, {pub}\n\nOn {date}, members of the {group} were photographed near {place} with {item}, "
        "serial number {serial}.\n",
    ),
    "border_seizure": (
        "Border bulletin, {pub}\n\nOn {date}, officers of {agency} at the {crossing} crossing point found {item}, "
        "serial number {serial}, hidden in a lorry travelling from Ukraine. The driver said a man in {city} had "
        "paid him to carry the package. The {noun} was seized and its serial number was sent to the donor country "
        "for tracing.\n",
        "{agency}: bulletin, {pub}\n\nOn {date}, {agency} seized {item}, serial number {serial}, from a car at the "
        "{crossing} crossing.\n",
        "Customs bulletin, {pub}\n\nOn {date}, officers of {agency} at the {crossing} crossing seized {item}, "
        "serial number {serial}, hidden in a bus travelling to {country}.\n",
    ),
    "company_seizure": (
        "Police statement, {pub}\n\nOn {date}, {agency} seized {item}, serial number {serial}, from {company} in "
        "{place}.\n",
        "Police statement, {pub}\n\nOn {date}, {agency} seized {item}, serial number {serial}, from {company} "
        "after a search in {place}.\n",
        "Police statement, {pub}\n\nDuring a search in {place} on {date}, officers of {agency} seized {item}, "
        "serial number {serial}, from {company} staff.\n",
    ),
    "unit_sighting": (
        "Open-source note, {pub}\n\nA video posted on {date} shows soldiers of the {battalion} with {item} near "
        "{place}. A stencilled serial, {serial}, is legible on the {part}.\n",
        "Field note, {pub}\n\nOn {date}, soldiers of the {battalion} were filmed with {item}, serial number "
        "{serial}, near {place}.\n",
        "Field note, {pub}\n\nOn {date}, soldiers of the {battalion} were photographed near {place} with {item}, "
        "serial number {serial}.\n",
    ),
    "monitoring": (
        "Monitoring visit report, {base}, {pub}\n\nA joint inventory team visited {base} on {date} to verify items "
        "under enhanced end-use monitoring. The {battalion} presented {listing}.{missing}\n",
        "Inventory check, {pub}\n\nOn {date} the {battalion} presented {listing} at {base} to a joint inventory "
        "team.{missing}\n",
        "Monitoring visit report, {pub}\n\nOn {date} monitors checked serial numbers at {base}. The {battalion} "
        "presented {listing}.{missing}\n",
    ),
}

_MISSING: Final = " The battalion could not present {noun} {serial}."


def day_text(d: date) -> str:
    """``date(2024, 2, 11)`` -> ``"11 February 2024"``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def listing(rng: random.Random, by_system: Sequence[tuple[str, Sequence[str]]]) -> str:
    """"Javelin launchers JAV-1 and JAV-2 and night vision devices NVG-7 and NVG-8"."""
    parts = []
    for system, serials in by_system:
        words = rng.choice(PLURALS[system])
        joined = serials[0] if len(serials) == 1 else ", ".join(serials[:-1]) + " and " + serials[-1]
        parts.append(f"{words} {joined}")
    return " and ".join(parts)


def render(kind: str, rng: random.Random, fields: dict[str, str], missing: Sequence[tuple[str, str]] = ()) -> str:
    """One report of ``kind`` with a template chosen by ``rng``; ``missing`` are (noun, serial)
    a monitoring report says could not be presented."""
    template = rng.choice(TEMPLATES[kind])
    extra = "".join(_MISSING.format(noun=noun, serial=serial) for noun, serial in missing)
    return template.format(**fields, missing=extra)
