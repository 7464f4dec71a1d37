"""The GraphQL schema: one module per type; this module assembles ``Query`` and ``Mutation``,
applies the limits, error codes, timeout and audit log, and offers :func:`run` for callers
without HTTP (the CLI's ``--json`` output runs the same queries through it).

Examples
--------
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> from api.context import local_context
>>> out = run('{ item(serial: "JAV-0042") { id } }', context=local_context(SqliteStore(":memory:", load_model())))
>>> out["errors"][0]["extensions"]["code"]
'NOT_FOUND'
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import strawberry
from graphql import ASTValidationRule, DocumentNode, FieldNode, GraphQLError, OperationDefinitionNode, parse
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.extensions.query_depth_limiter import IgnoreContext
from strawberry.schema.schema import validate_document
from strawberry.types.execution import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from api.answers import AnswerCache, data_version
from api.audit import json_size
from api.cost import CostCache, QueryCost
from api.errors import error, map_error, without_store_location
from api.execution import OffLoop, QuickTexts
from api.schema.actor import ACTOR_TYPES, actor_query, actors_query
from api.schema.alert import alerts_query
from api.schema.chain import custody_chain_query
from api.schema.document import document_query
from api.schema.item import WeaponSystem, item_query, items_query
from api.schema.lean import LeanExecution, lean_resolvers
from api.schema.location import location_query
from api.schema.mutations import Mutation, merge_decisions_query
from api.schema.neighbourhood import neighbourhood_query
from api.schema.paths import paths_query
from api.schema.reach import reachable_items_query, who_could_reach_query
from api.schema.search import search_query
from api.schema.shipment import shipment_query
from api.settings import Settings

if TYPE_CHECKING:
    from api.context import Context

__all__ = ["CustodySchema", "Query", "build_schema", "run", "schema"]


def _field(resolver: Callable[..., Any]) -> Any:
    """A root field whose description is its resolver's docstring (one text for code and clients)."""
    return strawberry.field(resolver=resolver, description=inspect.cleandoc(resolver.__doc__ or ""))


@strawberry.type(description="What investigators ask: chains, reach, paths, alerts, and the entities behind them.")
class Query:
    item = _field(item_query)
    items = _field(items_query)
    actor = _field(actor_query)
    actors = _field(actors_query)
    location = _field(location_query)
    shipment = _field(shipment_query)
    neighbourhood = _field(neighbourhood_query)
    search = _field(search_query)
    custody_chain = _field(custody_chain_query)
    who_could_reach = _field(who_could_reach_query)
    reachable_items = _field(reachable_items_query)
    paths = _field(paths_query)
    alerts = _field(alerts_query)
    document = _field(document_query)
    merge_decisions = _field(merge_decisions_query)


@functools.lru_cache(maxsize=256)  # clients repeat their queries; parsing twice per request is waste
def _operation(query: str | None, operation_name: str | None, max_tokens: int) -> tuple[str | None, str | None]:
    """(``query`` or ``mutation``, the operation's name), or ``None`` for what the document does
    not say (or when it does not parse: strawberry then reports why). The type is needed before
    execution to pick the deadline; the name is for the audit log."""
    if not query:
        return None, operation_name
    try:
        doc = parse(query, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return None, operation_name
    ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
    op = next((d for d in ops if d.name and d.name.value == operation_name), ops[0] if len(ops) == 1 else None)
    if op is None:
        return None, operation_name
    return op.operation.value, operation_name or (op.name.value if op.name else None)


def _not_text(value: Any, depth: int = 0) -> bool:
    """Whether a string anywhere in ``value`` (keys included) is not valid Unicode text: a lone
    surrogate such as ``\\ud800`` is legal in JSON but can be neither stored nor searched."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if depth > 50:
        return False  # the body limit bounds the size; this bounds the recursion
    if isinstance(value, dict):
        return any(_not_text(k, depth + 1) or _not_text(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_not_text(v, depth + 1) for v in value)
    return False


def malformed(query: Any, variables: Any, operation_name: Any) -> str | None:
    """Why a request cannot be run as it is (``None`` when it can): the parts strawberry's HTTP
    layer does not check. Checked before anything uses them (the audit log, the parser cache)."""
    if operation_name is not None and not isinstance(operation_name, str):
        return f"operationName must be a string or null, not {type(operation_name).__name__}"
    if query is not None and not isinstance(query, str):
        return f"query must be a string or null, not {type(query).__name__}"
    if variables is not None and not isinstance(variables, dict):
        return f"variables must be an object or null, not {type(variables).__name__}"
    for what, value in (("query", query), ("operationName", operation_name), ("variables", variables)):
        if _not_text(value):
            return f"{what} contains a lone UTF-16 surrogate (such as \\ud800), which is not text"
    return None


def _error_codes(errors: Iterable[GraphQLError] | None) -> list[str]:
    return [str((e.extensions or {}).get("code", "INTERNAL")) for e in errors or ()]


class CustodySchema(strawberry.Schema):
    """The schema with our error codes on every error, the caller checked before anything runs,
    the per-operation deadline, and the audit log."""

    def __init__(self, *args: Any, settings: Settings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings
        self.off_loop = OffLoop()
        self.answers = AnswerCache()
        self.quick = QuickTexts()

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Errors are logged by :func:`api.errors.map_error` (ours are not server faults)."""

    def _finish(self, result: ExecutionResult) -> ExecutionResult:
        if result.errors:
            result.errors = [map_error(e) for e in result.errors]
        return result

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        ctx: Context | None = context_value if hasattr(context_value, "loaders") else None
        started = time.monotonic()
        problem = malformed(query, variable_values, operation_name)
        # nothing about the request is trusted before it is known to be well formed (the names
        # key a cache; the audit log writes them)
        op_type, op_name = (None, None) if problem else _operation(query, operation_name, self.settings.max_tokens)
        if ctx is not None and ctx.principal is None:
            # a caller without a valid key learns only that, whatever else is wrong with the request
            result = ExecutionResult(data=None, errors=[error(ctx.auth_message or "an API key is required",
                                                              "UNAUTHENTICATED")])
            if ctx.response is not None:
                ctx.response.status_code = 401
        elif problem is not None:
            result = ExecutionResult(data=None, errors=[error(problem, "INVALID_INPUT")])
            if ctx is not None and ctx.response is not None:
                ctx.response.status_code = 400
        else:
            timeout = None
            if ctx is not None and ctx.timeout_s is not None:
                timeout = self.settings.mutation_timeout_s if op_type == "mutation" else self.settings.query_timeout_s
                ctx.timeout_s = timeout
            args = (query, variable_values, context_value, root_value, operation_name, allowed_operation_types,
                    operation_extensions)
            try:
                if ctx is not None and timeout is not None and (kept := self._kept(ctx, args, op_type, local=True)):
                    result = kept  # an answer kept for this very question: no trip to a worker thread
                elif ctx is not None and timeout is not None and ctx.alone and self.off_loop.running == 0 \
                        and self.quick.inline(ctx.base_store, op_type, query):
                    # a query whose text ran quickly last time, on a store in this process, from the one caller
                    # of the moment (workers let requests overlap while SQLite reads without the GIL): on the loop
                    result = await asyncio.wait_for(self._execute_in_worker(ctx, args, op_type), timeout)
                elif ctx is not None and timeout is not None:  # served: off the server's loop (api/execution.py)
                    result = await self.off_loop.run(lambda: self._execute_in_worker(ctx, args, op_type), timeout)
                else:
                    result = await super().execute(*args)
            except TimeoutError:
                result = ExecutionResult(data=None, errors=[error(
                    f"the {op_type or 'operation'} took longer than the {timeout:g} s limit; ask for less (fewer "
                    "hops, a smaller page, a time window)", "LIMIT_EXCEEDED")])
            else:
                # nothing ran: the document did not parse or validate (errors of resolvers carry a path)
                if result.data is None and result.errors and all(e.path is None for e in result.errors) \
                        and ctx is not None and ctx.response is not None:
                    ctx.response.status_code = 400
            result = self._finish(result)
            if ctx is not None and result.errors:
                result.errors = [without_store_location(e, ctx.base_store.uri) for e in result.errors]
        if ctx is not None and ctx.audit is not None:
            who = ctx.principal
            ctx.audit.record(
                key_id=who.key_id if who else "-", key_name=who.name if who else "-", role=who.role if who else "-",
                operation=op_name, operation_type=op_type, query=query, variables=variable_values,
                duration_ms=(time.monotonic() - started) * 1000,
                result_bytes=ctx.answer_bytes if ctx.answer_bytes is not None
                else json_size(result.data) if result.data is not None else 0,
                errors=_error_codes(result.errors), client=ctx.client,
            )
            if ctx.http_state is not None:
                ctx.http_state["audited"] = True
        return result

    async def _execute_in_worker(self, ctx: Context, args: tuple[Any, ...], op_type: str | None) -> ExecutionResult:
        """Strawberry's execution, in an :class:`~api.execution.OffLoop` worker: the request's
        loaders are made for this loop, and store calls run inline (this thread is the request's).
        A query asked before at the store's present version is answered from :mod:`api.answers`."""
        from api.loaders import Loaders

        ctx.loaders = Loaders(ctx)
        ctx.inline = True
        if (kept := self._kept(ctx, args, op_type, local=False)) is not None:
            return kept
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            result = await strawberry.Schema.execute(self, *args)
        finally:  # a run cancelled at its deadline was slow too
            self.quick.ran(op_type, args[0], time.perf_counter() - started, time.thread_time() - cpu)
        if ctx.answer_key is not None and result.data is not None and not result.errors:
            size = self.answers.put(ctx.base_store, ctx.answer_key, result.data)
            ctx.answer_bytes = size if size is not None else json_size(result.data)
        return result

    def _kept(self, ctx: Context, args: tuple[Any, ...], op_type: str | None, *, local: bool) -> ExecutionResult | None:
        """The answer kept for this query at the store's present version (:mod:`api.answers`), if any;
        the key is left on ``ctx`` for the answer to be kept under. ``local``: on the server's loop,
        where only a store in this process is asked its version (asking Neo4j is a round trip, made
        in the worker instead)."""
        if ctx.answer_key is not None or op_type != "query" or not isinstance(args[0], str) \
                or ctx.settings is not self.settings:
            return None
        if local and getattr(ctx.base_store, "writes_in_another_process", False):
            return None
        ctx.version = data_version(ctx.base_store)
        if ctx.version is None:
            return None
        ctx.answer_key = self.answers.key(ctx.version, ctx.who.role, args[0], args[1], args[4])
        kept = self.answers.get(ctx.base_store, ctx.answer_key) if ctx.answer_key is not None else None
        if kept is None:
            return None
        ctx.answer_bytes = kept[1]
        return ExecutionResult(data=kept[0], errors=None)

    def execute_sync(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Synchronous execution maps errors too; resolvers here are async, so prefer :func:`run`."""
        return self._finish(super().execute_sync(*args, **kwargs))


_validated_lock = threading.Lock()


@functools.lru_cache(maxsize=256)
def _parse(query: str, max_tokens: int) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


class PreparedText(SchemaExtension):
    """The steps before execution, in one extension: the token limit and the parse (kept per text),
    the limiters' validation rules, and validation results kept per query text (and rules).

    One extension instead of strawberry's four (``MaxTokensLimiter``, ``ParserCache``,
    ``AddValidationRules`` and a validation cache): strawberry runs every extension's hooks
    through its own context managers on every request, which cost more than the steps
    themselves once their results are kept. Validation is kept per text, where strawberry's
    ``ValidationCache`` keys on the parsed document: hashing a document walks its whole tree,
    about 0.1 ms for a chain question, on every request. The same text parses to the same
    document, so it validates the same. Bounded: least recently used first out."""

    def __init__(self, max_tokens: int, rules: list[type[ASTValidationRule]],
                 cache: OrderedDict[tuple[Any, ...], list[GraphQLError]], maxsize: int = 256) -> None:
        self.max_tokens = max_tokens
        self.rules = tuple(rules)
        self.cache = cache
        self.maxsize = maxsize

    def on_operation(self) -> Iterator[None]:
        ec = self.execution_context
        ec.parse_options["max_tokens"] = self.max_tokens
        ec.validation_rules = (*ec.validation_rules, *self.rules)
        yield

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query is not None:  # as strawberry's ParserCache: a parse error is the request's error
            ec.graphql_document = _parse(ec.query, self.max_tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query is None or ec.graphql_document is None:
            yield  # nothing to key on: strawberry validates as usual
            return
        key = (ec.query, ec.schema._schema, tuple(ec.validation_rules))
        with _validated_lock:
            errors = self.cache.get(key)
            if errors is not None:
                self.cache.move_to_end(key)
        if errors is None:
            errors = validate_document(ec.schema._schema, ec.graphql_document, key[2])
            with _validated_lock:
                self.cache[key] = errors
                while len(self.cache) > self.maxsize:
                    self.cache.popitem(last=False)
        ec.pre_execution_errors = errors
        yield


def _ignore_introspection(ctx: IgnoreContext) -> bool:
    # GraphiQL's own introspection query is deeper than any question; the token limit bounds it
    node = ctx.node
    return isinstance(node, FieldNode) and node.name.value.startswith("__")


def build_schema(settings: Settings) -> CustodySchema:
    """The schema with the limits of ``settings`` (depth, tokens, aliases)."""
    # The limiters' validation rules are made once: the validation cache is keyed by the rules,
    # so rules made afresh per request would never hit it. The caches matter: validating a chain
    # query costs ~20 ms, more than building the chain, and clients repeat their queries.
    rules = [*QueryDepthLimiter(max_depth=settings.max_query_depth, should_ignore=_ignore_introspection
                                ).validation_rules,
             *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules]
    costs = CostCache()  # shared by the operations, like the rules
    validated: OrderedDict[tuple[Any, ...], list[GraphQLError]] = OrderedDict()
    # factories, so each operation gets its own extension objects
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: PreparedText(settings.max_tokens, rules, validated),
        lambda: QueryCost(limit=settings.max_query_cost, list_size=settings.cost_list_size, cache=costs),
    ]
    built = CustodySchema(query=Query, mutation=Mutation, types=[*ACTOR_TYPES.values(), WeaponSystem],
                          extensions=extensions, settings=settings, execution_context_class=LeanExecution)
    lean_resolvers(built)  # plain methods called directly, not through strawberry's per-field machinery
    return built


schema = build_schema(Settings.model_construct())
"""The schema with default limits (the environment is not read at import)."""


def run(query: str, variables: dict[str, Any] | None = None, context: Context | None = None, *,
        operation_name: str | None = None) -> dict[str, Any]:
    """Execute ``query`` without HTTP and return the response as a client would see it
    (``data``, and ``errors`` when there are any, each with ``extensions.code``).

    ``context`` is required (see :func:`api.context.local_context`). Safe to call inside a
    running event loop (it then runs in a helper thread)."""
    if context is None:
        raise TypeError("run() needs a context: api.context.local_context(store)")
    from api.loaders import Loaders

    context.loaders = Loaders(context)  # loaders belong to one event loop; run() makes a new one

    async def go() -> ExecutionResult:
        return await schema.execute(query, variable_values=variables, context_value=context,
                                    operation_name=operation_name)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        result = asyncio.run(go())
    else:
        with ThreadPoolExecutor(1) as pool:
            result = pool.submit(asyncio.run, go()).result()
    out: dict[str, Any] = {"data": result.data}
    if result.errors:
        out["errors"] = [e.formatted for e in result.errors]
    return out
