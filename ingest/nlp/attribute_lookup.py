"""The English model's ``attribute_ruler`` as table lookups: the same annotations, cheaper.

The model's attribute ruler maps each fine-grained tag (with a few words and dependency labels)
to a part of speech, morphology and some lemmas through a spaCy ``Matcher`` of ~180 patterns.
On short reports the matcher costs about a sixth of the whole statistical model per token, and
every token gets the same annotation as every other token with the same tag, lower-case form,
dependency label and space flag. :class:`AttributeLookup` evaluates the ruler's own patterns once
per such combination and keeps the result; the few patterns over two tokens ("gon na", "there
were") are checked only where their words occur. What it sets, and in which order rules win, is
what ``AttributeRuler`` sets: matches are applied in the order the rules were added, a later rule
overriding an earlier one attribute by attribute (``AttributeRuler.match`` sorts them so).

A ruler with a pattern this module cannot read (an operator, an attribute other than those
below) is left to run as it is: :func:`use_attribute_lookup` then changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["RULER_NAME", "AttributeLookup", "compile_ruler", "use_attribute_lookup"]

#: The component of the English models this replaces.
RULER_NAME = "attribute_ruler"
LOOKUP_NAME = "custody_attribute_lookup"
_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_Key = tuple[str, str, str, bool]
_Test = Callable[[_Key], bool]


class Unsupported(ValueError):
    """A ruler pattern this module does not evaluate."""


def _value_test(field: int, spec: Any) -> _Test:
    if isinstance(spec, dict):
        if len(spec) != 1:
            raise Unsupported(f"predicate {spec!r}")
        ((op, arg),) = spec.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda key: key[field] in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda key: key[field] not in banned
        if op == "REGEX":
            search = re.compile(arg).search
            return lambda key: bool(search(key[field]))
        raise Unsupported(f"operator {op!r}")
    if isinstance(spec, (bool, str)):
        return lambda key: key[field] == spec
    raise Unsupported(f"value {spec!r}")


def _token_test(token_pattern: dict[Any, Any]) -> _Test:
    tests = []
    for name, spec in token_pattern.items():
        if name not in _FIELDS:
            raise Unsupported(f"attribute {name!r}")
        if name == "IS_SPACE" and not isinstance(spec, bool):
            raise Unsupported(f"IS_SPACE {spec!r}")
        tests.append(_value_test(_FIELDS.index(name), spec))
    return lambda key: all(t(key) for t in tests)


def _anchor_words(pattern: list[dict[Any, Any]]) -> tuple[int, frozenset[str]]:
    """A position of a multi-token pattern and the lower-case words it requires there."""
    for k, token in enumerate(pattern):
        spec = token.get("LOWER")
        if isinstance(spec, str):
            return k, frozenset([spec])
        if isinstance(spec, dict) and set(spec) == {"IN"}:
            return k, frozenset(spec["IN"])
    raise Unsupported(f"a multi-token pattern without a word to look for: {pattern!r}")


@dataclass(frozen=True, slots=True)
class _Multi:
    rule: int
    index: int
    anchor: int
    words: frozenset[str]
    tests: tuple[_Test, ...]


@dataclass(frozen=True, slots=True)
class CompiledRuler:
    """A ruler's patterns as tests: one-token patterns by the tag they need, multi-token patterns apart."""

    #: tag -> the one-token rules that may match a token of that tag, in order (most name a tag)
    by_tag: dict[str, tuple[tuple[int, _Test], ...]]
    any_tag: tuple[tuple[int, _Test], ...]
    multi: tuple[_Multi, ...]
    attrs: tuple[dict[Any, Any], ...]
    words: frozenset[str]


def compile_ruler(ruler: AttributeRuler) -> CompiledRuler:
    """The ruler's rules, in its order (raises :class:`Unsupported` for a pattern it cannot read)."""
    single: list[tuple[int, _Test]] = []
    tags: list[frozenset[str] | None] = []
    multi: list[_Multi] = []
    for rule, entry in enumerate(ruler.patterns):
        index, patterns = entry.get("index", 0), entry["patterns"]
        if not isinstance(index, int) or not isinstance(patterns, list):
            raise Unsupported(f"rule {entry!r}")
        for pattern in patterns:
            if not isinstance(pattern, list) or not pattern:
                raise Unsupported(f"pattern {pattern!r}")
            if len(pattern) == 1:
                if index not in (0, -1):
                    raise Unsupported(f"index {index} of a one-token pattern")
                single.append((rule, _token_test(pattern[0])))
                tags.append(_tags(pattern[0].get("TAG")))
                continue
            if not -len(pattern) <= index < len(pattern):
                raise Unsupported(f"index {index} of a {len(pattern)}-token pattern")
            anchor, words = _anchor_words(pattern)
            multi.append(_Multi(rule, index % len(pattern), anchor, words, tuple(_token_test(t) for t in pattern)))
    if len(ruler.attrs) != len(ruler.patterns):
        raise Unsupported("rules and attributes out of step")
    words = frozenset(w for m in multi for w in m.words)
    named = {tag for t in tags if t is not None for tag in t}
    by_tag = {tag: tuple(r for r, t in zip(single, tags, strict=True) if t is None or tag in t) for tag in named}
    any_tag = tuple(r for r, t in zip(single, tags, strict=True) if t is None)
    return CompiledRuler(by_tag, any_tag, tuple(multi), tuple(ruler.attrs), words)


def _tags(spec: Any) -> frozenset[str] | None:
    """The tags a one-token pattern allows, or None if it allows any."""
    if isinstance(spec, str):
        return frozenset([spec])
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return frozenset(spec["IN"])
    return None


class AttributeLookup:
    """Sets what ``ruler`` sets, from a table of what each token shape gets."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self._reset()

    def _reset(self) -> None:
        # compiled at the first doc: a pipeline loaded from disk fills the ruler after creating this
        self._compiled: CompiledRuler | None = None
        # (tag, lower, dep, is_space) hashes -> (key as strings, rules of one-token patterns that match)
        self._rules: dict[tuple[int, int, int, int], tuple[_Key, tuple[int, ...]]] = {}
        # rules -> their attributes merged in order (later rules win)
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}

    @property
    def compiled(self) -> CompiledRuler:
        if self._compiled is None:
            self._compiled = compile_ruler(self.ruler)
        return self._compiled

    def __getstate__(self) -> dict[str, Any]:
        return {"ruler": self.ruler}  # the tests are closures: other processes compile their own

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.ruler = state["ruler"]
        self._reset()

    def _shape(self, row: tuple[int, int, int, int]) -> tuple[_Key, tuple[int, ...]]:
        found = self._rules.get(row)
        if found is None:
            s = self.ruler.vocab.strings
            key: _Key = (s[row[0]], s[row[1]], s[row[2]], bool(row[3]))
            compiled = self.compiled
            candidates = compiled.by_tag.get(key[0], compiled.any_tag)
            found = (key, tuple(rule for rule, test in candidates if test(key)))
            self._rules[row] = found
        return found

    def _attrs(self, rules: tuple[int, ...]) -> dict[Any, Any]:
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in rules:
                merged.update(self.compiled.attrs[rule])
            self._merged[rules] = merged
        return merged

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        shapes = [self._shape(row) for row in rows]
        extra = self._multi_matches(shapes) if self.compiled.multi else {}
        for i, (_, rules) in enumerate(shapes):
            if i in extra:
                rules = tuple(sorted(set(rules) | extra[i]))
            if rules:
                set_token_attrs(doc[i], self._attrs(rules))
        return doc

    def _multi_matches(self, shapes: list[tuple[_Key, tuple[int, ...]]]) -> dict[int, set[int]]:
        """Token -> rules of multi-token patterns that match over it (at the rule's index)."""
        out: dict[int, set[int]] = {}
        words = self.compiled.words
        hits = [i for i, (key, _) in enumerate(shapes) if key[1] in words]
        for i in hits:
            lower = shapes[i][0][1]
            for m in self.compiled.multi:
                start = i - m.anchor
                if lower not in m.words or start < 0 or start + len(m.tests) > len(shapes):
                    continue
                if all(test(shapes[start + k][0]) for k, test in enumerate(m.tests)):
                    out.setdefault(start + m.index, set()).add(m.rule)
        return out

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(LOOKUP_NAME)
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    """Built on the pipeline's ``attribute_ruler`` (which must be there and is then disabled)."""
    ruler = nlp.get_pipe(RULER_NAME)
    if not isinstance(ruler, AttributeRuler):
        raise ValueError(f"{RULER_NAME} is no AttributeRuler")
    return AttributeLookup(ruler)


def use_attribute_lookup(nlp: Language) -> Language:
    """Run the model's attribute rules as lookups: add :class:`AttributeLookup` right after the
    ``attribute_ruler`` and disable the ruler. Nothing changes for a pipeline without that
    ruler, one that has the lookup already, or a ruler with a pattern the lookup cannot read."""
    if LOOKUP_NAME in nlp.component_names or RULER_NAME not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe(RULER_NAME)
    if not isinstance(ruler, AttributeRuler):
        return nlp
    try:
        compile_ruler(ruler)
    except Unsupported:
        return nlp
    nlp.add_pipe(LOOKUP_NAME, after=RULER_NAME)
    nlp.disable_pipe(RULER_NAME)
    return nlp
