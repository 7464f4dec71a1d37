"""Entity resolution: which actor, location or weapon system a name refers to.

Shared by the manifest ingester and the NLP ingester, so a unit named in a manifest and in
a report is one node. Resolution is

* **deterministic**: the same names in the same order against the same store give the same
  ids; a new entity's id is ``graph.ids.entity_id(label, canonical name)``;
* **explainable**: every answer carries a :class:`Resolution` saying how the name was
  matched (``exact``, ``alias``, ``fuzzy`` or ``new``), to what, and with what score;
* **conservative**: fuzzy matching (rapidfuzz ``token_sort_ratio`` at or above a threshold,
  92 by default) only compares names of the same label, never across two different stated
  kinds, and never across different unit numbers or designators: the digit runs, single
  letters and roman numerals of the two names must be equal, so "14th Reserve Brigade"
  does not merge with "22nd Reserve Brigade", "2nd Battalion, 14th Reserve Brigade",
  "Depot L-7" or "Customs Office L".

Where names come from, in the order they are tried for a mention:

1. the curated alias table (``ingest/aliases.yaml``) and, for weapon systems, the catalogue
   (``ingest/weapon_systems.yaml``): a person decided these, so they win;
2. entities already in the store (read once per label, on first use, with
   ``Store.iter_nodes``; names and aliases) and entities met earlier in this run;
3. a fuzzy match against all of those;
4. otherwise a new entity, its kind stated by the caller or guessed from the name by the
   rules in ``ingest/kind_rules.yaml`` (countries are actors of kind Country, also where a
   location is expected).

Results are cached by the exact mention, so a name repeated on a million rows is resolved
once. A mention merged by alias or fuzzy match is recorded in :attr:`Resolver.merges` and
is returned by :meth:`Resolver.drain_merges` for the ingest report; the mention also
becomes an alias of the node (``Resolved.node``), so the store shows why the name finds it.

Costs: loading a label reads every node of that label once (actors, locations and weapon
systems: thousands, not millions; items are never loaded). A cache miss costs one fuzzy
scan over that label's names (rapidfuzz, in C).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from rapidfuzz import fuzz, process

from graph.errors import InvalidInput
from graph.ids import entity_id, normalize_name
from graph.model import Model
from graph.records import Node
from graph.store import Store

__all__ = [
    "DEFAULT_THRESHOLD",
    "Method",
    "Resolution",
    "Resolved",
    "Resolver",
    "designators",
]

DEFAULT_THRESHOLD: Final = 92.0
_HERE = Path(__file__).parent
ALIASES_PATH: Final = _HERE / "aliases.yaml"
SYSTEMS_PATH: Final = _HERE / "weapon_systems.yaml"
KIND_RULES_PATH: Final = _HERE / "kind_rules.yaml"

Method = Literal["exact", "alias", "fuzzy", "new"]
_DEFAULT_KIND: Final = {"Actor": "Organization", "Location": "Place", "WeaponSystem": "Other"}
# Roman numerals up to 20, as unit designators ("Corps II" is not "Corps III").
_ROMAN: Final = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
                           "xv", "xvi", "xvii", "xviii", "xix", "xx"])
_MAX_NAME = 300
# "U.S. Coast Guard", "US Coast Guard", "United States Coast Guard": one name
_US_PREFIX: Final = re.compile(r"^(?:united states of america|united states|u\.s\.a\.|u\.s\.|u s a|u s|usa) ")
_FORMAL_COUNTRY: Final = re.compile(
    r"^(?:(?:islamic|democratic|federal|people s|arab|socialist|united|bolivarian|hashemite|federative|"
    r"plurinational|co operative) )*(?:republic|kingdom|state|federation|emirate|sultanate|commonwealth|"
    r"principality|grand duchy) of (?:the )?(?P<country>.+)$"
)


@functools.lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    """A name as the resolver compares it: :func:`graph.ids.normalize_name`, with the ways of
    writing "U.S." before a name made one. Cached: a report asks it of one name several times
    (as a capital, a formal country name, a mention), and the same names recur across reports."""
    key = normalize_name(text)
    return _US_PREFIX.sub("us ", key)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Why a mention resolved to an entity.

    Attributes
    ----------
    mention : str
        The name as written.
    method : {"exact", "alias", "fuzzy", "new"}
        ``exact``: the normalised mention equals the entity's name; ``alias``: it equals one
        of its aliases (curated table, catalogue or stored alias); ``fuzzy``: similar above
        the threshold with equal designators; ``new``: nothing matched, a new entity.
    score : float
        100 except for fuzzy matches (the token_sort_ratio).
    matched : str
        The name or alias the mention was matched to (the entity's name for ``new``).
    entity_id, label : str
        The entity it resolved to.
    """

    mention: str
    method: Method
    score: float
    matched: str
    entity_id: str
    label: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """An entity a mention resolved to: what to write and why.

    :meth:`node` is the node to write for this mention, made once per distinct mention
    (resolutions are cached), so a name repeated on every row costs nothing more.
    """

    id: str
    name: str
    label: str
    kind: str
    resolution: Resolution
    aliases: tuple[str, ...] = ()
    props: Mapping[str, Any] = field(default_factory=dict)
    _node: Node = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        aliases = self.aliases
        m = self.resolution.mention
        if normalize_name(m) != normalize_name(self.name) and m not in aliases:
            aliases = (*aliases, m)
        object.__setattr__(self, "_node", Node(self.id, self.label, self.kind, self.name, aliases, dict(self.props)))

    def node(self) -> Node:
        """The node to write: the canonical name, the known aliases, and the mention itself
        when it differs from the name (so the store finds it again by that name)."""
        return self._node


def designators(key: str) -> tuple[str, ...]:
    """What must be equal for two names to be fuzzily merged: digit runs, single letters and
    roman numerals, sorted.

    >>> designators("2nd battalion 14th reserve brigade"), designators("depot l-3")
    (('14', '2'), ('3', 'l'))
    """
    out = re.findall(r"\d+", key)
    for tok in re.findall(r"[^\W\d_]+", key):
        if len(tok) == 1 or tok in _ROMAN:
            out.append(tok)
    return tuple(sorted(out))


@dataclass(slots=True)
class _Entry:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    props: dict[str, Any]
    curated: bool  # from the alias table or the catalogue


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None


class _Index:
    """Names of one label: normalised key -> entries, and the keys for fuzzy scans."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[_Entry]] = {}
        self.by_id: dict[str, _Entry] = {}
        self.keys: list[str] = []
        self.key_names: dict[str, str] = {}

    def add(self, entry: _Entry) -> _Entry:
        known = self.by_id.get(entry.id)
        if known is not None:
            # The same entity from two sources (catalogue and store): keep one entry, union names.
            known.aliases = tuple(dict.fromkeys((*known.aliases, *entry.aliases)))
            known.curated = known.curated or entry.curated
            entry = known
        else:
            self.by_id[entry.id] = entry
        for name in (entry.name, *entry.aliases):
            key = _key(name)
            if not key:
                continue
            bucket = self.by_key.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            if key not in self.key_names:
                self.key_names[key] = name
                self.keys.append(key)
        return entry


class Resolver:
    """Resolve names of actors, locations and weapon systems to entity ids.

    Parameters
    ----------
    store : Store
        Where existing entities are looked up (read once per label, lazily).
    model : Model
        For kinds and labels.
    aliases, systems, kind_rules : path or parsed mapping, optional
        The alias table, weapon-system catalogue and kind rules; default: the files beside
        this module.
    threshold : float
        Minimum token_sort_ratio (0-100) for a fuzzy merge.

    Examples
    --------
    >>> from graph.model import load_model
    >>> from graph.sqlite_store import SqliteStore
    >>> model = load_model()
    >>> r = Resolver(SqliteStore(":memory:", model), model)
    >>> r.actor("14th Reserve Brigade").kind
    'MilitaryUnit'
    >>> r.actor("14th  Reserve Brigade.").resolution.method
    'fuzzy'
    >>> r.actor("22nd Reserve Brigade").resolution.method
    'new'
    >>> r.weapon_system("Javelin").id, r.weapon_system("Javelin").props["eeum"]
    ('weaponsystem:fgm-148-javelin', True)
    """

    def __init__(
        self,
        store: Store,
        model: Model,
        *,
        aliases: str | Path | Mapping[str, Any] | None = None,
        systems: str | Path | Mapping[str, Any] | None = None,
        kind_rules: str | Path | Mapping[str, Any] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.store = store
        self.model = model
        self.threshold = threshold
        self._alias_data = _load(aliases, ALIASES_PATH)
        self._system_data = _load(systems, SYSTEMS_PATH)
        rules = _load(kind_rules, KIND_RULES_PATH)
        self._rules: dict[str, list[_Rule]] = {}
        self._defaults: dict[str, str] = dict(_DEFAULT_KIND)
        for label in ("Actor", "Location"):
            spec = rules.get(label) or {}
            self._defaults[label] = str(spec.get("default", _DEFAULT_KIND[label]))
            self._rules[label] = [
                _Rule(self._check_kind(label, str(r["kind"])), re.compile(r["pattern"], re.I),
                      re.compile(r["unless"], re.I) if r.get("unless") else None)
                for r in spec.get("rules") or []
            ]
        self._country_names = {_key(c): str(c) for c in rules.get("countries") or []}
        self._countries = set(self._country_names)
        self._capitals = {_key(str(k)): str(v) for k, v in (rules.get("capitals") or {}).items()}
        self._indexes: dict[str, _Index] = {}
        self._cache: dict[tuple[str, str, str | None], Resolved] = {}
        self.merges: list[Resolution] = []
        self._merges_seen: set[tuple[str, str, str]] = set()
        self._log: list[tuple[str, _Entry]] = []

    # -- public API --------------------------------------------------------------------
    def actor(self, name: str, kind: str | None = None) -> Resolved:
        """Resolve an actor (a Country, Organization, MilitaryUnit, ArmedGroup, Company, Person).

        A capital named as an actor stands for its government ("Washington said", "sent to
        Kyiv"): it resolves to the country, never to an organisation of that name.
        """
        if kind is not None:
            self._check_kind("Actor", kind)
        country = self.capital_country(name) or self._formal_country(name)
        if country is not None and kind in (None, "Organization", "Country"):
            return self._resolve(("Actor",), country, "Country")
        return self._resolve(("Actor",), name, kind)

    def _formal_country(self, name: str) -> str | None:
        """ "the Islamic Republic of Iran" is Iran (a formal name on the country list stays itself)."""
        key = _key(" ".join(name.split()))
        m = _FORMAL_COUNTRY.match(key)
        if m is None or key in self._countries:
            return None
        return self._country_names.get(m.group("country"))

    def capital_country(self, name: str) -> str | None:
        """The country whose capital ``name`` is (``capitals`` in kind_rules.yaml), or None."""
        return self._capitals.get(_key(" ".join(name.split())))

    def mention(self, name: str, kind: str) -> Resolved:
        """Resolve a name a report mentions with the kind its extractor gave it. One name keeps
        one entity across documents: when it is already known under the other label (a place
        the model once called an organisation, or the reverse), that entity is the answer, so
        the same name never becomes two nodes of different kinds."""
        label = self.model.label_of_kind(kind)
        other = "Location" if label == "Actor" else "Actor"
        key = _key(" ".join(name.split()))
        if key and kind != "Country" and not self._index(label).by_key.get(key):
            found = self._exact((other,), key, None)
            if found is not None:
                return self._resolve((other,), name, None)
        if label == "Location":
            return self.location(name, kind)
        return self.actor(name, kind)

    def is_location_name(self, name: str) -> bool:
        """Whether ``name`` is known as a location and not as an actor (a capital, which can
        stand for its government, is not only a location)."""
        key = _key(" ".join(name.split()))
        return (
            bool(key)
            and key not in self._capitals
            and bool(self._index("Location").by_key.get(key))
            and not self._index("Actor").by_key.get(key)
        )

    def location(self, name: str, kind: str | None = None) -> Resolved:
        """Resolve a location (Depot, Hub, BorderCrossing, Place). A country resolves to the
        Actor of kind Country, which the model lets stand where a place is expected."""
        cache_key = ("@location", name, kind)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        if kind == "Country" or (kind is None and self._is_country(name)):
            resolved = self._resolve(("Actor",), name, "Country")
        else:
            if kind is not None:
                self._check_kind("Location", kind)
            resolved = self._resolve(("Location",), name, kind)
        self._cache[cache_key] = resolved
        return resolved

    def weapon_system(self, name: str) -> Resolved:
        """Resolve a weapon system against the catalogue; an unknown one keeps its name, with
        kind Other and ``eeum`` false."""
        return self._resolve(("WeaponSystem",), name, None)

    def entity(self, name: str, kind: str | None = None, labels: Iterable[str] = ("Actor", "Location")) -> Resolved:
        """Resolve a name that may be of several labels (a relation's end): a stated kind
        decides the label; otherwise existing entities of each label are tried in order,
        then the kind rules."""
        labels = tuple(labels)
        if kind is not None:
            label = self.model.label_of_kind(kind)
            if label == "Location":
                return self.location(name, kind)
            return self._resolve((label,), name, kind)
        return self._resolve(labels, name, None)

    def drain_merges(self) -> list[Resolution]:
        """The alias and fuzzy merges recorded since the last call (for a file's report)."""
        out, self.merges = self.merges, []
        return out

    def mark(self) -> int:
        """A point to :meth:`rollback` to (used when a strict file is aborted)."""
        return len(self._log)

    def rollback(self, mark: int) -> None:
        """Forget the entities created since ``mark`` (they were never written)."""
        for label, entry in reversed(self._log[mark:]):
            index = self._indexes[label]
            index.by_id.pop(entry.id, None)
            for key in [k for k, b in index.by_key.items() if entry in b]:
                index.by_key[key].remove(entry)
                if not index.by_key[key]:
                    del index.by_key[key]
                    index.key_names.pop(key, None)
            index.keys = [k for k in index.keys if k in index.by_key]
        del self._log[mark:]
        known = {i for index in self._indexes.values() for i in index.by_id}
        self._cache = {k: v for k, v in self._cache.items() if v.id in known}

    # -- internals ---------------------------------------------------------------------
    def _check_kind(self, label: str, kind: str) -> str:
        if kind not in self.model.labels.get(label, ()):
            raise InvalidInput(f"{kind!r} is not a kind of {label}; kinds: {', '.join(self.model.labels[label])}")
        return kind

    def _index(self, label: str) -> _Index:
        index = self._indexes.get(label)
        if index is not None:
            return index
        index = _Index()
        # Curated entries first: on a shared key they are preferred (see _pick).
        if label == "WeaponSystem":
            for s in self._system_data.get("systems") or []:
                kind = self._check_kind("WeaponSystem", str(s.get("category", "Other")))
                index.add(_Entry(entity_id(label, s["name"]), s["name"], kind, tuple(s.get("aliases") or ()),
                                 {"category": kind, "eeum": bool(s.get("eeum", False))}, True))
        else:
            for a in self._alias_data.get(label) or []:
                kind = self._check_kind(label, str(a.get("kind", self._defaults[label])))
                index.add(_Entry(entity_id(label, a["name"]), a["name"], kind, tuple(a.get("aliases") or ()),
                                 {}, True))
        for node in self.store.iter_nodes(label):
            index.add(_Entry(node.id, node.name, node.kind, tuple(node.aliases),
                             {k: node.props[k] for k in ("category", "eeum") if k in node.props}, False))
        self._indexes[label] = index
        return index

    def _resolve(self, labels: tuple[str, ...], name: str, kind: str | None) -> Resolved:
        cache_key = ("|".join(labels), name, kind)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        mention = " ".join(name.split())
        key = _key(mention)
        if not key or not re.search(r"\w", key):
            raise InvalidInput(f"not a name: {name!r}")
        if len(mention) > _MAX_NAME:
            raise InvalidInput(f"a name longer than {_MAX_NAME} characters: {mention[:40]!r}…")
        found = self._exact(labels, key, kind) or self._fuzzy(labels, key, kind)
        if found is None:
            label, entry = self._create(labels, mention, key, kind)
            resolution = Resolution(mention, "new", 100.0, entry.name, entry.id, label)
        else:
            label, entry, method, score, matched = found
            resolution = Resolution(mention, method, score, matched, entry.id, label)
            if method in ("alias", "fuzzy"):
                seen = (entry.id, _key(mention), method)
                if seen not in self._merges_seen:
                    self._merges_seen.add(seen)
                    self.merges.append(resolution)
                # The mention is now a name of the entity: the next one resolves exactly.
                self._index(label).add(_Entry(entry.id, entry.name, entry.kind, (mention,), {}, False))
        resolved = Resolved(entry.id, entry.name, label, entry.kind, resolution,
                            entry.aliases, self._props(label, entry))
        self._cache[cache_key] = resolved
        return resolved

    @staticmethod
    def _props(label: str, entry: _Entry) -> dict[str, Any]:
        if label == "WeaponSystem":
            return {"category": entry.kind, "eeum": bool(entry.props.get("eeum", False))}
        return {}

    def _pick(self, entries: list[_Entry], key: str, kind: str | None) -> _Entry:
        # Deterministic preference: curated, then a kind that agrees, then a name (over an
        # alias) equal to the key, then the smallest id.
        return min(entries, key=lambda e: (not e.curated, kind is not None and e.kind != kind,
                                           _key(e.name) != key, e.id))

    def _is_country(self, name: str) -> bool:
        """A country by the list, or an actor of kind Country already known under that name."""
        key = _key(" ".join(name.split()))
        if key in self._countries:
            return True
        return any(e.kind == "Country" for e in self._index("Actor").by_key.get(key, ()))

    def _exact(self, labels: tuple[str, ...], key: str, kind: str | None
               ) -> tuple[str, _Entry, Method, float, str] | None:
        for label in labels:
            entries = self._index(label).by_key.get(key)
            if entries:
                entry = self._pick(entries, key, kind)
                if _key(entry.name) == key:
                    return label, entry, "exact", 100.0, entry.name
                matched = next((a for a in entry.aliases if _key(a) == key), entry.name)
                return label, entry, "alias", 100.0, matched
        return None

    def _fuzzy(self, labels: tuple[str, ...], key: str, kind: str | None
               ) -> tuple[str, _Entry, Method, float, str] | None:
        want = designators(key)
        best: tuple[float, str, str, _Entry] | None = None
        for label in labels:
            index = self._index(label)
            if not index.keys:
                continue
            for cand, score, _ in process.extract(key, index.keys, scorer=fuzz.token_sort_ratio,
                                                  score_cutoff=self.threshold, limit=None):
                if designators(cand) != want:
                    continue
                for entry in index.by_key[cand]:
                    # A stated kind never merges into an entity of another kind.
                    if kind is not None and entry.kind != kind:
                        continue
                    rank = (-score, cand, entry.id)
                    if best is None or rank < (-best[0], best[1], best[3].id):
                        best = (score, cand, label, entry)
        if best is None:
            return None
        score, cand, label, entry = best
        return label, entry, "fuzzy", round(score, 1), self._index(label).key_names[cand]

    def guess_kind(self, label: str, name: str) -> str:
        """The kind the rules give a name (the label's default when no rule matches)."""
        if label == "Actor" and _key(name) in self._countries:
            return "Country"
        for rule in self._rules.get(label, ()):
            if rule.pattern.search(name) and not (rule.unless and rule.unless.search(name)):
                return rule.kind
        return self._defaults.get(label, "Other")

    def _create(self, labels: tuple[str, ...], mention: str, key: str, kind: str | None) -> tuple[str, _Entry]:
        label = labels[0]
        if kind is not None:
            label = self.model.label_of_kind(kind)
        elif key in self._countries and ("Actor" in labels or "Location" in labels):
            label, kind = "Actor", "Country"
        elif len(labels) > 1:
            # Several labels possible and nothing known: the first label whose rules say
            # something specific, else the first label.
            for candidate in labels:
                guessed = self.guess_kind(candidate, mention)
                if guessed != self._defaults.get(candidate):
                    label, kind = candidate, guessed
                    break
        if kind is None:
            kind = self.guess_kind(label, mention)
        entry = _Entry(entity_id(label, mention), mention, kind, (), {"category": kind, "eeum": False}
                       if label == "WeaponSystem" else {}, False)
        index = self._index(label)
        existing = index.by_id.get(entry.id)
        if existing is not None:
            # Another spelling with the same slug ("Depot L 3" / "Depot L-3"): one entity.
            index.add(_Entry(existing.id, existing.name, existing.kind, (mention,), {}, False))
            return label, existing
        entry = index.add(entry)
        self._log.append((label, entry))
        return label, entry


def _load(spec: str | Path | Mapping[str, Any] | None, default: Path) -> Mapping[str, Any]:
    if isinstance(spec, Mapping):
        return spec
    path = Path(spec) if spec is not None else default
    try:
        data = _parse(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"{path}: cannot read resolution data: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected a YAML mapping")
    return data


@functools.lru_cache(maxsize=8)
def _parse(text: str) -> Any:
    """A resolution file's YAML, parsed once per content: every ingest run (and the API's every
    report) makes a resolver, and parsing the three files took about 70 ms of CPU each time,
    as much as the holding index of a 64-report run. The resolver only reads what it returns."""
    return yaml.safe_load(text)
