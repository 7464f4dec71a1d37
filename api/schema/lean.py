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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLObjectType, GraphQLResolveInfo
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["LEAN", "lean_resolvers"]

LEAN = "custody_lean"
"""The attribute that marks a resolver installed here."""


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
    return resolve


def _with_info(fn: Callable[..., Any], field: StrawberryField, info_class: Any) -> Callable[..., Any]:
    assert field.base_resolver is not None and field.base_resolver.info_parameter is not None
    name = field.base_resolver.info_parameter.name

    def resolve(source: Any, info: GraphQLResolveInfo) -> Any:
        return fn(source, **{name: info_class(_raw_info=info, _field=field)})

    setattr(resolve, LEAN, True)
    return resolve
