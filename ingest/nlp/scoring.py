"""Score extraction against gold annotations, and say what went wrong (issue #14, error analysis).

The matching is the one the project is judged by (``../shared/tools/score_extraction.py``),
written again here so that the figures agree and the misses can be listed:

* texts are compared case- and space-insensitively (curly quotes and en dashes folded);
  ``similar`` also accepts two texts whose words overlap by at least half of each side's words;
* entities are unique ``(text, label)`` pairs per file; each gold pair takes the first unused
  prediction of its label that is equal (strict) or similar (lenient);
* each gold event takes the first unused predicted event of the same type (exact) or the same
  group (grouped: moves, takings, sightings) whose item is similar; on such a match every role
  the gold gives (quantity, from, to, place, date) counts as right when the prediction's is
  similar.

The summary is lenient entity F1, grouped event F1 and the share of right roles on matched
events (grouped matching). :func:`score` returns everything as plain data; :func:`render`
prints it for people.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

__all__ = [
    "GROUPS",
    "ROLES",
    "Report",
    "load_folder",
    "part_names",
    "render",
    "score",
    "similar",
]

GROUPS: Final = {
    "TRANSFER": "MOVE", "DELIVERY": "MOVE", "HANDOVER": "MOVE",
    "SEIZURE": "TAKE", "THEFT": "TAKE", "DIVERSION": "TAKE", "LOSS": "TAKE",
    "INVENTORY": "SEE", "OBSERVATION": "SEE", "STORAGE": "SEE", "TRANSIT": "SEE",
}
ROLES: Final = ("quantity", "from", "to", "place", "date")
SPLIT_PATH: Final = Path(__file__).with_name("real_split.yaml")

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\w$.,-]+")

Doc = Mapping[str, Any]


def _norm(text: object) -> str:
    s = str(text or "").strip().lower().replace("\u2019", "'").replace("\u2013", "-")
    return _SPACE.sub(" ", s)


def similar(a: object, b: object) -> bool:
    """Equal once normalised, or sharing at least half of each side's words.

    >>> similar("the 14th Reserve Brigade", "14th reserve  brigade"), similar("Depot D-7", "Grey Heron group")
    (True, False)
    """
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x == y:
        return True
    wx, wy = Counter(_WORD.findall(x)), Counter(_WORD.findall(y))
    shared = sum((wx & wy).values())
    return shared > 0 and shared >= 0.5 * max(sum(wx.values()), 1) and shared >= 0.5 * max(sum(wy.values()), 1)


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _group(event_type: str) -> str:
    return GROUPS.get(event_type, event_type)


@dataclass
class _Tally:
    """True positives, gold and predicted counts under some key (a label, an event type)."""

    tp: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)

    def table(self) -> dict[str, dict[str, float]]:
        return {k: {**_prf(self.tp[k], self.pred[k], self.gold[k]), "gold": self.gold[k], "predicted": self.pred[k]}
                for k in sorted(set(self.gold) | set(self.pred))}


def _entity_pairs(entities: Iterable[Mapping[str, Any]], *, gold: bool) -> list[tuple[str, str]]:
    pairs = {(_norm(e.get("text")), str(e.get("label"))) for e in entities if gold or e.get("text")}
    return sorted(pairs)


def _match_entities(gold: list[tuple[str, str]], pred: list[tuple[str, str]], lenient: bool) -> list[str]:
    """The labels of the gold pairs that found a prediction."""
    used: set[int] = set()
    hits = []
    for text, label in gold:
        for i, (ptext, plabel) in enumerate(pred):
            if i not in used and plabel == label and (ptext == text or (lenient and similar(ptext, text))):
                used.add(i)
                hits.append(label)
                break
    return hits


@dataclass
class _EventMatch:
    pairs: list[tuple[int, int]]  # (gold index, predicted index)
    role_hits: int
    role_total: int


def _match_events(gold: list[Doc], pred: list[Doc], grouped: bool) -> _EventMatch:
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    hits = total = 0
    for gi, g in enumerate(gold):
        gtype = str(g["type"])
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            ptype = str(p.get("type", "")).upper()
            same = _group(gtype) == _group(ptype) if grouped else gtype == ptype
            if not same or not similar(g.get("item"), p.get("item")):
                continue
            used.add(pi)
            pairs.append((gi, pi))
            for role in ROLES:
                if g.get(role):
                    total += 1
                    hits += similar(g[role], p.get(role))
            break
    return _EventMatch(pairs, hits, total)


def _brief(e: Doc) -> dict[str, Any]:
    out = {k: e.get(k) for k in ("type", "item", *ROLES) if e.get(k)}
    out["sentence"] = e.get("sentence") or ""
    return out


@dataclass
class Report:
    """Everything :func:`score` found; :meth:`as_dict` is the ``--json`` output."""

    files: list[dict[str, Any]]
    labels: dict[str, dict[str, float]]
    types_exact: dict[str, dict[str, float]]
    types_grouped: dict[str, dict[str, float]]
    entities_strict: dict[str, float]
    entities_lenient: dict[str, float]
    events_exact: dict[str, float]
    events_grouped: dict[str, float]
    role_accuracy: float
    missed: list[dict[str, Any]]
    spurious: list[dict[str, Any]]
    wrong_roles: list[dict[str, Any]]

    @property
    def summary(self) -> dict[str, float]:
        """What the shared scorer's ``--json`` prints."""
        return {"entity_f1": round(self.entities_lenient["f1"], 3), "event_f1": round(self.events_grouped["f1"], 3),
                "role_accuracy": round(self.role_accuracy, 3)}

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "files": self.files, "labels": self.labels,
                "event_types": {"exact": self.types_exact, "grouped": self.types_grouped},
                "entities": {"strict": self.entities_strict, "lenient": self.entities_lenient},
                "events": {"exact": self.events_exact, "grouped": self.events_grouped},
                "role_accuracy": self.role_accuracy, "missed": self.missed, "spurious": self.spurious,
                "wrong_roles": self.wrong_roles}


def score(gold: Mapping[str, Doc], predicted: Mapping[str, Doc]) -> Report:
    """Score ``predicted`` against ``gold`` (both by file name, without ``.json``); a gold file
    without a prediction counts as predicting nothing, predictions without gold are ignored."""
    totals: Counter[str] = Counter()
    labels, exact_types, grouped_types = _Tally(), _Tally(), _Tally()
    files: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for name in sorted(gold):
        g, p = gold[name], predicted.get(name) or {}
        g_ents = _entity_pairs(g.get("entities") or [], gold=True)
        p_ents = _entity_pairs(p.get("entities") or [], gold=False)
        strict = _match_entities(g_ents, p_ents, lenient=False)
        lenient = _match_entities(g_ents, p_ents, lenient=True)
        labels.tp.update(lenient)
        labels.gold.update(label for _, label in g_ents)
        labels.pred.update(label for _, label in p_ents)
        g_evs, p_evs = list(g.get("events") or []), list(p.get("events") or [])
        exact = _match_events(g_evs, p_evs, grouped=False)
        grouped = _match_events(g_evs, p_evs, grouped=True)
        for tally, match, key in ((exact_types, exact, str), (grouped_types, grouped, _group)):
            tally.gold.update(key(str(e["type"])) for e in g_evs)
            tally.pred.update(key(str(e.get("type", "")).upper()) for e in p_evs)
            tally.tp.update(key(str(g_evs[gi]["type"])) for gi, _ in match.pairs)
        totals.update(strict=len(strict), lenient=len(lenient), gold_e=len(g_ents), pred_e=len(p_ents),
                      exact=len(exact.pairs), grouped=len(grouped.pairs), gold_v=len(g_evs), pred_v=len(p_evs),
                      role_hits=grouped.role_hits, role_total=grouped.role_total)
        matched_gold = {gi for gi, _ in grouped.pairs}
        matched_pred = {pi for _, pi in grouped.pairs}
        missed += [{"file": name, **_brief(e)} for i, e in enumerate(g_evs) if i not in matched_gold]
        spurious += [{"file": name, **_brief(e)} for i, e in enumerate(p_evs) if i not in matched_pred]
        for gi, pi in grouped.pairs:
            ge, pe = g_evs[gi], p_evs[pi]
            bad = {role: {"gold": ge[role], "predicted": pe.get(role)} for role in ROLES
                   if ge.get(role) and not similar(ge[role], pe.get(role))}
            if bad:
                wrong.append({"file": name, "type": ge["type"], "item": ge.get("item"), "roles": bad,
                              "sentence": ge.get("sentence") or pe.get("sentence") or ""})
        files.append({"file": name, "entity_f1": _prf(len(lenient), len(p_ents), len(g_ents))["f1"],
                      "event_f1": _prf(len(grouped.pairs), len(p_evs), len(g_evs))["f1"]})
    return Report(
        files=files, labels=labels.table(), types_exact=exact_types.table(), types_grouped=grouped_types.table(),
        entities_strict=_prf(totals["strict"], totals["pred_e"], totals["gold_e"]),
        entities_lenient=_prf(totals["lenient"], totals["pred_e"], totals["gold_e"]),
        events_exact=_prf(totals["exact"], totals["pred_v"], totals["gold_v"]),
        events_grouped=_prf(totals["grouped"], totals["pred_v"], totals["gold_v"]),
        role_accuracy=totals["role_hits"] / totals["role_total"] if totals["role_total"] else 0.0,
        missed=missed, spurious=spurious, wrong_roles=wrong,
    )


def load_folder(folder: Path, names: Iterable[str] | None = None, *, gold: bool = False) -> dict[str, Doc]:
    """``NAME.json`` files of ``folder`` by name (only ``names`` when given).

    Raises
    ------
    ValueError
        A file that is not JSON of the scorer's shape (for gold: every event with a ``type``,
        every entity with ``text`` and ``label``), naming the file and the entry.
    """
    wanted = set(names) if names is not None else None
    out: dict[str, Doc] = {}
    for path in sorted(folder.glob("*.json")):
        if wanted is not None and path.stem not in wanted:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not readable JSON ({exc})") from None
        if not isinstance(data, dict) or not all(isinstance(data.get(k, []), list) for k in ("entities", "events")):
            raise ValueError(f"{path}: expected an object with lists 'entities' and 'events'")
        needs = {"events": ("type",), "entities": ("text", "label")} if gold else {"events": (), "entities": ()}
        for key, fields in needs.items():
            for i, entry in enumerate(data.get(key) or []):
                if not isinstance(entry, dict) or any(f not in entry for f in fields):
                    raise ValueError(f"{path}: {key}[{i}] is not an object with {', '.join(fields) or 'fields'}")
        out[path.stem] = data
    return out


def part_names(part: str, split_path: Path = SPLIT_PATH) -> list[str]:
    """The text names of ``part`` (``develop`` or ``report``) in ``real_split.yaml``."""
    split = yaml.safe_load(split_path.read_text(encoding="utf-8")) or {}
    if part not in split:
        raise ValueError(f"{split_path}: no part {part!r} (parts: {', '.join(sorted(split))})")
    return [str(t) for t in split[part].get("texts") or []]


def _pct(row: Mapping[str, float]) -> str:
    return f"P={row['p']:.2f} R={row['r']:.2f} F1={row['f1']:.2f}"


def _roles(e: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={e[k]!r}" for k in ROLES if e.get(k))


def render(report: Report) -> str:
    """The report for people: per file, per label, per event type, the totals, the summary line,
    then the missed and spurious events and the wrong roles, each with its sentence."""
    lines = [f"{f['file']:45s} entity_f1={f['entity_f1']:.2f} event_f1={f['event_f1']:.2f}" for f in report.files]
    lines += ["", "entities by label (lenient)"]
    lines += [f"  {k:16s} {_pct(v)}  (gold {v['gold']:.0f}, predicted {v['predicted']:.0f})"
              for k, v in report.labels.items()]
    for title, table in (("events by type (exact)", report.types_exact),
                         ("events by group (grouped)", report.types_grouped)):
        lines += ["", title]
        lines += [f"  {k:16s} {_pct(v)}  (gold {v['gold']:.0f}, predicted {v['predicted']:.0f})"
                  for k, v in table.items()]
    lines += ["", f"entities strict {_pct(report.entities_strict)} | lenient {_pct(report.entities_lenient)}",
              f"events exact-type {_pct(report.events_exact)} | grouped {_pct(report.events_grouped)} | roles right "
              f"on matched events {report.role_accuracy:.2f}"]
    s = report.summary
    lines.append(f"entity_f1={s['entity_f1']:.3f} event_f1={s['event_f1']:.3f} role_accuracy={s['role_accuracy']:.3f}")
    for title, events in (("missed (in the gold, not predicted)", report.missed),
                          ("spurious (predicted, not in the gold)", report.spurious)):
        lines += ["", f"{title}: {len(events)}"]
        for e in events:
            lines.append(f"  [{e['file']}] {e['type']} {e.get('item')!r}" + (f" ({_roles(e)})" if _roles(e) else ""))
            if e["sentence"]:
                lines.append(f"      {e['sentence']}")
    lines += ["", f"wrong roles on matched events: {len(report.wrong_roles)}"]
    for w in report.wrong_roles:
        roles = "; ".join(f"{r}: gold {v['gold']!r}, predicted {v['predicted']!r}" for r, v in w["roles"].items())
        lines.append(f"  [{w['file']}] {w['type']} {w['item']!r}: {roles}")
        if w["sentence"]:
            lines.append(f"      {w['sentence']}")
    return "\n".join(lines)
