"""Lean resolvers for the fields that are plain methods of their object.

Strawberry resolves every field that has a resolver through about eight Python calls: it builds
its ``Info``, converts the (absent) arguments, chains the (absent) field extensions, and only
then calls the method. A chain question resolves ~60 such fields, each a one-line method such as
``CustodySegment.index``; that machinery was most of the GraphQL execution's CPU beyond the
question itself. A field whose resolver takes ``self`` and at most ``info`` (no arguments, no
``root``/``parent``), with no field extensions, permission classes or exception handlers, is
resolved here by calling the method directly (with strawberry's ``Info`` when it asks for one):
the same value, the same exceptions (graphql-core reports them, and the schema maps them as
before), a fraction of the calls.

:class:`LeanExecution` goes one step further for the leaves among them (a field returning a
scalar or an enum, about three quarters of a chain's fields): graphql-core built a resolve info
(an object of 16 members) for every field and walked its generic completion (non-null, list,
leaf, abstract, object) to reach the scalar's ``coerce_output_value``. A lean leaf is resolved by
calling its method and coercing its value, nothing else; every case that is not a plain value
(null, an exception raised or returned, an awaitable, a value the scalar refuses) is completed
by graphql-core as before, so errors, their paths and null propagation are unchanged.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["LEAN", "LeanExecution", "lean_resolvers"]

LEAN = "custody_lean"
"""The attribute that marks a resolver installed here."""
PLAIN = "custody_plain"
"""The attribute that holds the method behind a lean resolver that takes no ``info``."""


def _plain(field: StrawberryField) -> Callable[..., Any] | None:
    """The method behind ``field`` when it can be called directly, else ``None``."""
    resolver = field.base_resolver
    if resolver is None or field.extensions or getattr(field, "permission_classes", None):
        return None
    if resolver.root_parameter is not None or resolver.parent_parameter is not None or resolver.arguments:
        return None
    if resolver.self_parameter is None:
        return None
    fn = resolver.wrapped_func
    return fn if callable(fn) else None


def lean_resolvers(schema: strawberry.Schema) -> int:
    """Install lean resolvers on every eligible field of ``schema``'s object types; returns how
    many. Fields of schemas with exception handlers are left as strawberry made them."""
    if getattr(schema, "exception_handlers", None):
        return 0
    info_class = schema.config.info_class
    count = 0
    for gql_type in schema._schema.type_map.values():
        if not isinstance(gql_type, GraphQLObjectType) or gql_type.name.startswith("__"):
            continue
        for gql_field in gql_type.fields.values():
            field = (gql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(field, StrawberryField):
                continue
            fn = _plain(field)
            if fn is None:
                continue
            assert field.base_resolver is not None
            gql_field.resolve = _with_info(fn, field, info_class) if field.base_resolver.info_parameter \
                is not None else _without_info(fn)
            count += 1
    return count


def _without_info(fn: Callable[[Any], Any]) -> Callable[..., Any]:
    def resolve(source: Any, _info: GraphQLResolveInfo) -> Any:
        return fn(source)

    setattr(resolve, LEAN, True)
    setattr(resolve, PLAIN, fn)
    return resolve


def _with_info(fn: Callable[..., Any], field: StrawberryField, info_class: Any) -> Callable[..., Any]:
    assert field.base_resolver is not None and field.base_resolver.info_parameter is not None
    name = field.base_resolver.info_parameter.name

    def resolve(source: Any, info: GraphQLResolveInfo) -> Any:
        return fn(source, **{name: info_class(_raw_info=info, _field=field)})

    setattr(resolve, LEAN, True)
    return resolve


_Leaf = tuple[Callable[[Any], Any], GraphQLField, GraphQLLeafType, bool]
"""A lean leaf: its method, its field, its scalar or enum type, and whether it may be null."""
_leaves: weakref.WeakKeyDictionary[GraphQLObjectType, dict[str, _Leaf | None]] = weakref.WeakKeyDictionary()
"""Per type (as long as its schema lives), per field name: the lean leaf, or ``None`` for a field
completed as usual."""


def _lean_leaf(parent_type: GraphQLObjectType, name: str) -> _Leaf | None:
    field_def = parent_type.fields.get(name)
    fn = getattr(field_def.resolve, PLAIN, None) if field_def is not None else None
    if fn is None or field_def is None or field_def.args:
        return None
    of_type, nullable = field_def.type, True
    if isinstance(of_type, GraphQLNonNull):
        of_type, nullable = of_type.of_type, False
    return (fn, field_def, of_type, nullable) if is_leaf_type(of_type) else None


def _unchanged(source: Any, info: Any) -> Any:
    """A resolver to ask the middleware whether it wraps resolvers (then no field is lean here)."""


class LeanExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution, with lean leaves resolved and coerced directly (see the module)."""

    _no_middleware: bool | None = None

    def execute_field(self, parent_type: GraphQLObjectType, source: Any, field_details_list: list[FieldDetails],
                      path: Path, position_context: Any) -> Any:
        node = field_details_list[0].node
        name = node.name.value
        known = _leaves.get(parent_type)
        if known is None:
            known = _leaves.setdefault(parent_type, {})
        leaf = known[name] if name in known else known.setdefault(name, _lean_leaf(parent_type, name))
        if leaf is not None and self._no_middleware is None:
            middleware = self.middleware_manager
            self._no_middleware = middleware is None or middleware.get_field_resolver(_unchanged) is _unchanged
        if leaf is None or node.arguments or not self._no_middleware:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        fn, field_def, leaf_type, nullable = leaf
        try:
            value = fn(source)
            if value is None or value is Undefined:
                if nullable:
                    return None
            elif not isinstance(value, Exception) and not self.is_awaitable(value):
                coerced = leaf_type.coerce_output_value(value)
                if coerced is not None and coerced is not Undefined:
                    return coerced
        except Exception as raw_error:  # as graphql-core: located at this field, null or propagated
            self.handle_field_error(raw_error, field_def.type, field_details_list, path)
            return None
        return self._complete_as_usual(field_def, parent_type, field_details_list, path, value, position_context)

    def _complete_as_usual(self, field_def: GraphQLField, parent_type: GraphQLObjectType,
                           field_details_list: list[FieldDetails], path: Path, value: Any,
                           position_context: Any) -> Any:
        """A lean leaf's value that is not a plain value, completed by graphql-core (its error)."""
        info = self.build_resolve_info(field_def, [d.node for d in field_details_list], parent_type, path)
        try:
            if self.is_awaitable(value):
                return self.complete_awaitable_value(field_def.type, field_details_list, info, path, value,
                                                     position_context)
            return self.complete_value(field_def.type, field_details_list, info, path, value, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_def.type, field_details_list, path)
            return None
