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

Lean fields that return an object, or a list of objects, of a strawberry type (a chain's item,
segments, anomalies, locations, events, evidence and its documents: about twenty a chain) skip
graphql-core's generic completion too: for each object it went through ``complete_value`` (twice
for a non-null type), the type check, collecting and executing the sub-selection, and for a list
through three more calls per item, with a resolve info built for every such field. When every
value is an instance of the field's own class (what the type check asks), the object's fields are
executed directly (:meth:`LeanExecution.execute_collected_subfields`, so ``@defer`` is handled as
before); errors are located and nulls propagated as graphql-core does (same ``handle_field_error``
at the same path), and any other value (null, another class, a cast, an awaitable) is completed
by graphql-core.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import get_strawberry_type_cast
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
_Object = tuple[Callable[..., Any] | None, GraphQLField, GraphQLObjectType, type, GraphQLOutputType | None]
"""A lean object field: its method (``None`` when it takes an ``info``: its lean resolver is called
with one), its field, its object type, the class of its values, and for a list of objects the
list's item type (``None`` for one object)."""
_fields: weakref.WeakKeyDictionary[GraphQLObjectType, dict[str, _Leaf | _Object | None]] = \
    weakref.WeakKeyDictionary()
"""Per type (as long as its schema lives), per field name: the lean leaf or object field, or
``None`` for a field completed as usual. A leaf has 4 members, an object field 5."""


def _lean_field(parent_type: GraphQLObjectType, name: str) -> _Leaf | _Object | None:
    field_def = parent_type.fields.get(name)
    if field_def is None or field_def.args or not getattr(field_def.resolve, LEAN, False):
        return None
    fn = getattr(field_def.resolve, PLAIN, None)
    of_type, nullable = field_def.type, True
    if isinstance(of_type, GraphQLNonNull):
        of_type, nullable = of_type.of_type, False
    if is_leaf_type(of_type):
        return (fn, field_def, of_type, nullable) if fn is not None else None
    item_type: GraphQLOutputType | None = None
    if isinstance(of_type, GraphQLList) and isinstance(of_type.of_type, GraphQLNonNull):
        item_type, of_type = of_type.of_type, of_type.of_type.of_type
    if not isinstance(of_type, GraphQLObjectType):
        return None  # an interface or union (its type is resolved per value), a list of nullable items
    definition = (of_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_type_of is not None \
            or definition.concrete_of is not None:
        return None  # a type check of its own, or a generic type's specialisation: graphql-core asks it
    return fn, field_def, of_type, definition.origin, item_type


def _is(value: Any, cls: type) -> bool:
    """What strawberry's type check of an object type without a check of its own answers ``True``
    to (an instance of its class, not cast to another type)."""
    return isinstance(value, cls) and get_strawberry_type_cast(value) is None


def _unchanged(source: Any, info: Any) -> Any:
    """A resolver to ask the middleware whether it wraps resolvers (then no field is lean here)."""


class LeanExecution(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution, with lean leaves resolved and coerced directly (see the module)."""

    _no_middleware: bool | None = None

    def execute_field(self, parent_type: GraphQLObjectType, source: Any, field_details_list: list[FieldDetails],
                      path: Path, position_context: Any) -> Any:
        node = field_details_list[0].node
        name = node.name.value
        known = _fields.get(parent_type)
        if known is None:
            known = _fields.setdefault(parent_type, {})
        lean = known[name] if name in known else known.setdefault(name, _lean_field(parent_type, name))
        if lean is not None and self._no_middleware is None:
            middleware = self.middleware_manager
            self._no_middleware = middleware is None or middleware.get_field_resolver(_unchanged) is _unchanged
        if lean is None or node.arguments or not self._no_middleware:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        if len(lean) == 5:
            return self._object_field(lean, parent_type, source, field_details_list, path, position_context)
        fn, field_def, leaf_type, nullable = lean
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

    def _object_field(self, lean: _Object, parent_type: GraphQLObjectType, source: Any,
                      field_details_list: list[FieldDetails], path: Path, position_context: Any) -> Any:
        """A lean object field (see the module): as graphql-core's ``execute_field`` and
        ``complete_value`` would, without their generic steps, when every value is of the field's class."""
        fn, field_def, object_type, cls, item_type = lean
        if any(d.node.directives for d in field_details_list):
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        info = None
        try:
            if fn is not None:
                value = fn(source)
            else:  # the lean resolver that hands the method strawberry's info
                info = self.build_resolve_info(field_def, [d.node for d in field_details_list], parent_type, path)
                value = field_def.resolve(source, info)  # type: ignore[misc]  # lean: never None
            if item_type is None and _is(value, cls):
                completed = self._object(object_type, field_details_list, path, value, position_context)
            elif item_type is not None and type(value) is list and all(_is(v, cls) for v in value):
                completed = self._objects(object_type, item_type, field_details_list, path, value, position_context)
            else:
                return self._complete_as_usual(field_def, parent_type, field_details_list, path, value,
                                               position_context, info)
            if self.is_awaitable(completed):
                return self._awaited(completed, field_def.type, field_details_list, path)
            return completed
        except Exception as raw_error:  # as graphql-core: located at this field, null or propagated
            self.handle_field_error(raw_error, field_def.type, field_details_list, path)
            return None

    def _object(self, object_type: GraphQLObjectType, field_details_list: list[FieldDetails], path: Path,
                value: Any, position_context: Any) -> Any:
        """One object's selection, executed as graphql-core's ``collect_and_execute_subfields`` does."""
        grouped, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        return self.execute_collected_subfields(object_type, value, path, grouped, defer_usages, position_context)

    def _objects(self, object_type: GraphQLObjectType, item_type: GraphQLOutputType,
                 field_details_list: list[FieldDetails], path: Path, values: list[Any], position_context: Any) -> Any:
        """A list of objects, as graphql-core's ``complete_iterable_value`` completes one: each item
        at its index, an item's error handled there, awaitable items gathered."""
        completed: list[Any] = []
        waiting: list[int] = []
        try:
            for index, value in enumerate(values):
                item_path = path.add_key(index, None)
                try:
                    item = self._object(object_type, field_details_list, item_path, value, position_context)
                    if self.is_awaitable(item):
                        item = self._awaited(item, item_type, field_details_list, item_path)
                        waiting.append(index)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    item = None
                completed.append(item)
        except Exception:
            if waiting:
                self.settle_in_background([completed[i] for i in waiting])
            raise
        if not waiting:
            return completed

        async def gathered() -> list[Any]:
            for index, item in zip(waiting, await gather_with_cancel(*(completed[i] for i in waiting)), strict=True):
                completed[index] = item
            return completed

        return gathered()

    async def _awaited(self, completed: Any, return_type: GraphQLOutputType, field_details_list: list[FieldDetails],
                       path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None

    def _complete_as_usual(self, field_def: GraphQLField, parent_type: GraphQLObjectType,
                           field_details_list: list[FieldDetails], path: Path, value: Any,
                           position_context: Any, info: GraphQLResolveInfo | None = None) -> Any:
        """A lean field's value that is not a plain value, completed by graphql-core (its error)."""
        if info is None:
            info = self.build_resolve_info(field_def, [d.node for d in field_details_list], parent_type, path)
        try:
            if self.is_awaitable(value):
                return self.complete_awaitable_value(field_def.type, field_details_list, info, path, value,
                                                     position_context)
            return self.complete_value(field_def.type, field_details_list, info, path, value, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_def.type, field_details_list, path)
            return None
