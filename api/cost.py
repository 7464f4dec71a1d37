"""The cost of a GraphQL operation, computed from the document before anything runs.

Depth, token and alias limits bound the text of a query, not the work it asks for:
``actors(first: 100) { events(first: 50) { evidence { quote } } }`` is short and asks for
100 x 50 x (evidence per event) objects. The cost counts the fields the answer would hold:

- every field selected costs 1 for each object it is selected on;
- a list's children are selected once per element: a list with a ``first`` argument has that
  many (the argument's value, or its default in the schema), a connection's ``first`` sizes the
  lists inside it (``edges``, ``nodes``, the actors of ``whoCouldReach``), ``pathsPerActor`` and
  ``maxHops`` size the paths and their steps, and any other list of objects (evidence,
  relations, segments...) counts as ``list_size`` elements;
- the questions cost more than a lookup (:data:`WEIGHTS`): a search, a chain or a reach runs
  queries of its own before any field is resolved;
- fragments count where they are spread; introspection fields are bounded by the token limit
  and cost nothing here.

:class:`QueryCost` refuses an operation over the limit with LIMIT_EXCEEDED, the cost and the
limit in the error's extensions, and before any resolver runs.

Examples
--------
>>> from graphql import build_schema, parse
>>> sdl = "type Query { things(first: Int = 20): [T!]! } type T { name: String! tags: [T!]! }"
>>> query_cost(build_schema(sdl), parse("{ things(first: 5) { name tags { name } } }"), None, {}, list_size=10)
61

(``things`` 1, five ``name`` and five ``tags``, then ten ``name`` in each of the five ``tags``.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

__all__ = ["WEIGHTS", "CostCache", "QueryCost", "query_cost"]

WEIGHTS: dict[str, int] = {
    "search": 20,
    "neighbourhood": 50,
    "custodyChain": 50,
    "whoCouldReach": 200,
    "reachableItems": 200,
    "paths": 100,
    "alerts": 500,
}
"""What a root question costs besides its fields (its own store work, in field units)."""

_PAGE_ARGS = ("first",)
SIZE_ARGS: dict[str, tuple[str, int]] = {"pathsPerActor": ("paths", 3), "maxHops": ("steps", 6)}
"""Arguments of a question that bound a list deeper in its answer: (that list's field, its size
when the argument is null)."""


def _page(node: FieldNode, field: GraphQLField, variables: Mapping[str, Any]) -> int | None:
    """The page size a field asks for: its ``first`` argument, else the schema's default; ``None``
    when the field takes no ``first``."""
    for arg_name in _PAGE_ARGS:
        if arg_name not in field.args:
            continue
        arg = next((a for a in node.arguments or () if a.name.value == arg_name), None)
        value: Any = None
        if arg is None:
            value = field.args[arg_name].default_value
        elif isinstance(arg.value, VariableNode):
            value = variables.get(arg.value.name.value, field.args[arg_name].default_value)
        elif isinstance(arg.value, IntValueNode):
            value = value_from_ast_untyped(arg.value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        return 20  # null or not a number: the resolvers' own default page, or they refuse it
    return None


class _Reads(Mapping[str, Any]):
    """The variables, remembering which of them the walk read (a cached cost depends on those only)."""

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self.variables = variables
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        self.read.add(name)
        return self.variables[name]

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.read.add(name)
        return name in self.variables

    def __iter__(self) -> Iterator[str]:
        return iter(self.variables)

    def __len__(self) -> int:
        return len(self.variables)


class _Walk:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any], list_size: int) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = _Reads(variables)
        self.list_size = list_size

    def fields(self, selection: SelectionSetNode, parent: GraphQLNamedType, stack: tuple[str, ...]
               ) -> Iterator[tuple[FieldNode, GraphQLNamedType]]:
        """The fields of a selection set with the type they are selected on, fragments flattened."""
        for sel in selection.selections:
            if isinstance(sel, FieldNode):
                yield sel, parent
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                yield from self.fields(sel.selection_set, cond or parent, stack)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                frag = self.fragments.get(name)
                if frag is None or name in stack:  # validation refuses both; do not loop on them here
                    continue
                cond = self.schema.get_type(frag.type_condition.name.value)
                yield from self.fields(frag.selection_set, cond or parent, (*stack, name))

    def sizes(self, node: FieldNode, field: GraphQLField) -> dict[str, int]:
        """The deeper lists this field's arguments bound (:data:`SIZE_ARGS`)."""
        out = {}
        for arg_name, (list_field, if_null) in SIZE_ARGS.items():
            if arg_name not in field.args:
                continue
            arg = next((a for a in node.arguments or () if a.name.value == arg_name), None)
            value: Any = field.args[arg_name].default_value
            if arg is not None:
                value = (self.variables.get(arg.value.name.value, value) if isinstance(arg.value, VariableNode)
                         else value_from_ast_untyped(arg.value))
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            out[list_field] = value if ok else if_null
        return out

    def cost(self, selection: SelectionSetNode, parent: GraphQLNamedType, times: int, pending: int | None,
             stack: tuple[str, ...] = (), root: bool = False, bounds: Mapping[str, int] | None = None) -> int:
        total = 0
        bounds = bounds or {}
        for node, on in self.fields(selection, parent, stack):
            name = node.name.value
            field = getattr(on, "fields", {}).get(name) if not name.startswith("__") else None
            if field is None:
                continue
            total += times * (1 + (WEIGHTS.get(name, 0) if root else 0))
            if node.selection_set is None:
                continue
            kind = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            page = _page(node, field, self.variables)
            inner_bounds = {**bounds, **self.sizes(node, field)}
            if isinstance(kind, GraphQLList):
                size = (page if page is not None else pending if pending is not None else
                        bounds.get(name, self.list_size))
                inner_times, inner_pending = times * size, None
            else:
                inner_times, inner_pending = times, page
            total += self.cost(node.selection_set, get_named_type(field.type), inner_times, inner_pending, stack,
                               bounds=inner_bounds)
        return total


def query_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
               variables: Mapping[str, Any] | None, *, list_size: int = 10) -> int:
    """The cost of the operation ``operation_name`` of ``document`` (see the module docstring);
    0 when the document names no such operation."""
    return _cost(schema, document, operation_name, variables, list_size)[0]


def _cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
          variables: Mapping[str, Any] | None, list_size: int) -> tuple[int, frozenset[str]]:
    """The cost, and the names of the variables it depends on."""
    op = get_operation_ast(document, operation_name)
    if op is None:
        return 0, frozenset()
    root = schema.get_root_type(op.operation)
    if root is None:
        return 0, frozenset()
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walk = _Walk(schema, fragments, variables or {}, list_size)
    return walk.cost(op.selection_set, root, 1, None, root=True), frozenset(walk.variables.read)


_ABSENT = object()


class CostCache:
    """Costs already computed, for clients that repeat their queries (the walk costs more than
    the rest of a small question's overhead).

    A cost depends on the schema and the list size (fixed for one cache), the query text, the
    operation's name and the values of the variables the walk read (page sizes): a hit needs all
    of them equal, each value of the same type (``true`` is not ``1``). The store plays no part,
    so a write never changes a cost. Bounded: the least recently used text goes first.
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._texts: OrderedDict[tuple[str, str | None], tuple[frozenset[str], dict[tuple[Any, ...], int]]] = \
            OrderedDict()

    @staticmethod
    def _key(names: frozenset[str], variables: Mapping[str, Any]) -> tuple[Any, ...] | None:
        key: list[Any] = []
        for name in sorted(names):
            value = variables.get(name, _ABSENT)
            if not (value is _ABSENT or value is None or isinstance(value, (int, float, str))):
                return None  # not a page size; validation refuses it (not worth a cache entry)
            key.append((name, type(value).__name__, value if value is not _ABSENT else None))
        return tuple(key)

    def cost(self, schema: GraphQLSchema, query: str, document: DocumentNode, operation_name: str | None,
             variables: Mapping[str, Any] | None, list_size: int) -> int:
        variables = variables or {}
        text = (query, operation_name)
        with self._lock:
            known = self._texts.get(text)
            if known is not None:
                self._texts.move_to_end(text)
                key = self._key(known[0], variables)
                if key is not None and key in known[1]:
                    return known[1][key]
        cost, names = _cost(schema, document, operation_name, variables, list_size)
        key = self._key(names, variables)
        if key is None:
            return cost
        with self._lock:
            entry = self._texts.setdefault(text, (names, {}))
            if entry[0] == names:  # the same text reads the same variables; guard all the same
                if len(entry[1]) >= 64:  # one text asked with many page sizes: keep the latest
                    entry[1].pop(next(iter(entry[1])))
                entry[1][key] = cost
            self._texts.move_to_end(text)
            while len(self._texts) > self.maxsize:
                self._texts.popitem(last=False)
        return cost


class QueryCost(SchemaExtension):
    """Refuse an operation whose :func:`query_cost` is over ``limit`` before it runs (after
    validation, so the document is known to be well formed); with a ``cache``, a query text seen
    before with the same page sizes costs a lookup. A request context's own
    ``settings.max_query_cost`` wins: the CLI, one trusted local caller, lifts it."""

    def __init__(self, *, limit: int, list_size: int, cache: CostCache | None = None) -> None:
        self.limit = limit
        self.list_size = list_size
        self.cache = cache

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.graphql_document is not None and ec.result is None:
            if self.cache is not None and ec.query is not None:
                cost = self.cache.cost(ec.schema._schema, ec.query, ec.graphql_document, ec.operation_name,
                                       ec.variables, self.list_size)
            else:
                cost = query_cost(ec.schema._schema, ec.graphql_document, ec.operation_name, ec.variables,
                                  list_size=self.list_size)
            settings = getattr(ec.context, "settings", None)
            limit = int(getattr(settings, "max_query_cost", self.limit))
            if cost > limit:
                ec.result = ExecutionResult(data=None, errors=[GraphQLError(
                    f"this query would cost {cost:,} (fields to resolve, each list counted at its page size), over "
                    f"the limit of {limit:,}; ask for smaller pages (`first`), fewer nested lists or fewer "
                    "aliases", extensions={"code": "LIMIT_EXCEEDED", "cost": cost, "limit": limit})])
        yield
