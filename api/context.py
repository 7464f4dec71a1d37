"""The per-request GraphQL context: who is asking, the store as they may see it, the limits,
and the request's DataLoaders.

Every store call of a request runs in a worker thread (:meth:`Context.call`), never on the
event loop, so one slow question does not stall the server and the per-query timeout can
answer while the thread winds down (see :mod:`api.limits`).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

from strawberry.fastapi import BaseContext

from api.answers import data_version, per_version
from api.audit import AuditLog
from api.auth import LOCAL, Principal
from api.errors import Forbidden
from api.limits import DeadlineStore
from api.loaders import Loaders
from api.resolution import Merges
from api.restricted import RestrictedView
from api.settings import Settings
from graph.deadline import reads_until
from graph.errors import LimitExceeded
from graph.model import Model
from graph.records import Node
from graph.store import Store

__all__ = ["Context", "local_context"]

P = ParamSpec("P")
T = TypeVar("T")


class Context(BaseContext):
    """What resolvers get as ``info.context``.

    Parameters
    ----------
    store : Store
        The shared store (writes go here).
    settings : Settings
    principal : Principal or None
        ``None`` when the request carried no valid key on a server that has keys; the
        schema then answers UNAUTHENTICATED without running anything.
    timeout_s : float or None
        The deadline of this operation; ``None`` for none (the CLI).
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        principal: Principal | None,
        *,
        timeout_s: float | None = None,
        audit: AuditLog | None = None,
        client: str | None = None,
        auth_message: str | None = None,
        http_state: dict[str, object] | None = None,
    ) -> None:
        super().__init__()
        self.base_store = store
        self.settings = settings
        self.principal = principal
        self.timeout_s = timeout_s
        self.audit = audit
        self.client = client
        self.auth_message = auth_message
        self.http_state = http_state
        """The HTTP request's ``state``: the schema marks there that it audited the request."""
        self.alone = False
        """No other connection asked this process anything lately (:class:`api.execution.RecentPeers`)."""
        self.started = time.monotonic()
        self._view: Store | None = None
        self.restricted_view: RestrictedView | None = None
        self._merges: Merges | None = None
        self._lock = threading.Lock()
        self.loaders = Loaders(self)
        self.inline = False
        self.version: str | None = None
        """The store's data version read when the operation started (:mod:`api.answers`)."""
        self.answer_key: Hashable | None = None
        """The key its answer is kept under, when it is kept."""
        self.answer_bytes: int | None = None
        """The size of the answer as JSON, when already measured (for the audit log)."""
        """Store calls run in the calling thread: it is the request's own worker, not the server's loop."""

    # -- the store as this caller sees it -------------------------------------------------------
    @property
    def model(self) -> Model:
        return self.base_store.model

    def _build(self) -> None:
        store: Store = self.base_store
        if self.timeout_s is not None:
            store = DeadlineStore(store, self.started + self.timeout_s, self.timeout_s)
        if not self.sees_restricted:  # facts only restricted documents tell do not exist for this caller
            self.restricted_view = RestrictedView(store)
            store = self.restricted_view
        # the merges in force are read once per version of the store, not on every request
        version = self.version if self.version is not None else data_version(self.base_store)
        merges = Merges.load(store) if version is None else per_version(
            self.base_store, version, ("merges", self.sees_restricted), lambda: Merges.load(store))
        self._merges, self._view = merges, merges.view(store)

    @property
    def store(self) -> Store:
        """The read view: merged entities read as one, and reads stop at the deadline.

        Built on first use (in a worker thread): a request that never reads costs nothing."""
        if self._view is None:
            with self._lock:
                if self._view is None:
                    self._build()
        assert self._view is not None
        return self._view

    @property
    def merges(self) -> Merges:
        if self._merges is None:
            _ = self.store
        assert self._merges is not None
        return self._merges

    def known_documents(self) -> dict[str, Node] | None:
        """The documents read by requests at this version of the store, as this caller may see them
        (the same few documents back the evidence of many chains; on Neo4j each read is a round
        trip). ``None`` when the version is not known (then every request reads its own)."""
        if self.version is None:
            return None
        return per_version(self.base_store, self.version, ("documents", self.sees_restricted), dict)

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn`` (which reads or writes the store) in a worker thread, its reads bounded by
        the operation's deadline inside each store call too (:mod:`graph.deadline`)."""
        at = None if self.timeout_s is None else self.started + self.timeout_s

        def bounded() -> T:
            with reads_until(at):
                return fn(*args, **kwargs)

        if self.inline:  # already in the request's own worker thread (api/execution.py)
            return bounded()
        return await asyncio.to_thread(bounded)

    async def view(self) -> Store:
        """:attr:`store`, built off the event loop."""
        if self._view is not None:
            return self._view
        return await self.call(lambda: self.store)

    # -- permissions and limits -------------------------------------------------------------------
    @property
    def who(self) -> Principal:
        assert self.principal is not None  # the schema refuses unauthenticated requests first
        return self.principal

    def require(self, permission: str) -> None:
        """Raise FORBIDDEN unless the caller's role grants ``permission``."""
        if not self.who.can(permission):
            raise Forbidden(f"your key's role ({self.who.role}) does not allow this; it needs a role with "
                            f"{permission!r} permission")

    @property
    def sees_restricted(self) -> bool:
        return self.who.can("restricted")

    def page_size(self, first: int | None, default: int = 20) -> int:
        n = default if first is None else first
        if n < 0 or n > self.settings.max_page_size:
            raise LimitExceeded(f"first must be between 0 and {self.settings.max_page_size}, got {n}")
        return n

    def hops(self, max_hops: int | None, *, minimum: int = 0) -> int | None:
        if max_hops is None:
            return None
        cap = min(self.settings.max_hops_cap, int(self.model.settings.get("max_hops_cap", 6)))
        if max_hops < minimum or max_hops > cap:
            raise LimitExceeded(f"maxHops must be between {minimum} and {cap}, got {max_hops}")
        return max_hops

    @property
    def author(self) -> str:
        """How decisions record who made them: the key's name and id (``local`` for the CLI)."""
        who = self.who
        return who.name if who.key_id == who.name else f"{who.name} ({who.key_id})"


def local_context(store: Store, settings: Settings | None = None) -> Context:
    """A context for the CLI and tests: the local user (admin), no deadline, no audit."""
    return Context(store, settings or Settings(), LOCAL)
