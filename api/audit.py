"""The audit log: who asked what, one JSON line per GraphQL operation.

Investigators' questions are themselves sensitive (asking about a serial says what you are
looking at), so the log keeps who (key id and name), when, the operation, its variables
(long strings cut), how long it took, how big the answer was and which error codes came
back. ``custody audit`` reads it.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import KeyRing, token_from_headers
from graph.errors import CustodyError

__all__ = ["AuditEveryRequest", "AuditLog", "AuditRecord", "json_size", "read_audit"]

_MAX_STRING = 200  # longer variable values (a pasted report) are cut: the log says what, not all of it
_MAX_QUERY = 4000


def _trim(value: Any) -> Any:
    if isinstance(value, str):
        return value if len(value) <= _MAX_STRING else value[:_MAX_STRING] + f"… ({len(value)} chars)"
    if isinstance(value, dict):
        return {str(k): _trim(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_trim(v) for v in value[:50]]
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return f"<{type(value).__name__}>"  # an upload: its name is in the result, not its bytes


def json_size(data: Any) -> int:
    """Bytes of ``data`` as compact JSON (the size of an answer, for the log). orjson: the log
    measures every answer, and ``json.dumps`` cost as much as encoding the response itself."""
    try:
        return len(orjson.dumps(data, default=str))
    except TypeError:  # a lone surrogate in a string: orjson refuses it, json escapes it
        return len(json.dumps(data, default=str, separators=(",", ":")))


@dataclass
class AuditRecord:
    time: str
    key_id: str
    key_name: str
    role: str
    operation: str | None
    operation_type: str | None
    query: str | None
    variables: dict[str, Any] | None
    duration_ms: float
    result_bytes: int
    errors: list[str] = field(default_factory=list)
    client: str | None = None


class AuditLog:
    """Appends records to a JSON Lines file; safe to share between threads (and, with
    ``O_APPEND`` writes of one line each, between worker processes).

    The file stays open from one record to the next (opening, appending and closing it cost more
    than the rest of the record); each record still goes to the file the path names at that
    moment: when the file was moved away or deleted (log rotation), it is opened again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._file_id: tuple[int, int] | None = None
        self._closer: weakref.finalize[[int], AuditLog] | None = None

    def record(
        self,
        *,
        key_id: str,
        key_name: str,
        role: str,
        operation: str | None,
        operation_type: str | None,
        query: str | None,
        variables: dict[str, Any] | None,
        duration_ms: float,
        result_bytes: int,
        errors: list[str],
        client: str | None,
    ) -> None:
        rec = AuditRecord(
            time=datetime.now(UTC).isoformat(timespec="milliseconds"),
            key_id=key_id, key_name=key_name, role=role, operation=operation, operation_type=operation_type,
            query=(query[:_MAX_QUERY] if query else query), variables=_trim(variables) if variables else None,
            duration_ms=round(duration_ms, 2), result_bytes=result_bytes, errors=errors, client=client,
        )
        try:
            data = orjson.dumps(rec, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            line = json.dumps(asdict(rec), ensure_ascii=False, separators=(",", ":")) + "\n"
            # a lone surrogate (\ud800) is not UTF-8: it is written as its JSON escape, which reads back the same
            data = line.encode("utf-8", "backslashreplace")
        with self._lock:
            fd = self._descriptor()
            view = memoryview(data)
            while view:  # one write() for a line in practice; a short write is finished, not lost
                view = view[os.write(fd, view):]

    def _descriptor(self) -> int:
        """The open log file, opened (again) when the path does not name it any more."""
        try:
            st = os.stat(self.path)
            here: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except FileNotFoundError:
            here = None
        if self._fd is not None and here is not None and here == self._file_id:
            return self._fd
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
        st = os.fstat(fd)
        self._fd, self._file_id = fd, (st.st_dev, st.st_ino)
        self._closer = weakref.finalize(self, os.close, fd)
        return fd

    def close(self) -> None:
        """Close the file (the next record opens it again)."""
        if self._closer is not None:
            self._closer()
        self._fd = self._file_id = self._closer = None


_ERROR_BODY = 64 * 1024  # an error answer is small; a bigger body is a result, not worth reading here


class AuditEveryRequest:
    """ASGI middleware: every request to the GraphQL endpoint leaves exactly one audit record.

    The schema records the operations it runs (with who, what and how long). Requests that never
    reach it (a body that is not JSON, too large, an unsupported content type, a server fault)
    are recorded here, with the key as the headers present it and the error codes of the answer,
    so the log counts every request, including the malformed ones an attacker sends.
    The schema marks what it recorded in the request's ``state`` (``audited``)."""

    def __init__(self, app: ASGIApp, *, log: AuditLog, keyring: KeyRing, path: str = "/graphql") -> None:
        self.app = app
        self.log = log
        self.keyring = keyring
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path or (
                scope["method"] == "GET" and b"query=" not in scope.get("query_string", b"")):
            await self.app(scope, receive, send)  # the GraphiQL page and other routes are not operations
            return
        started = time.monotonic()
        state = scope.setdefault("state", {})
        status = 500
        body = bytearray()

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body" and status >= 400 and len(body) < _ERROR_BODY:
                body.extend(message.get("body", b"")[:_ERROR_BODY])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if not state.get("audited"):
                await asyncio.to_thread(self._record, scope, status, bytes(body), started)

    def _record(self, scope: Scope, status: int, body: bytes, started: float) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        try:
            who = self.keyring.authenticate(token_from_headers(headers))
        except CustodyError:
            who = None
        codes: list[str] = []
        try:
            codes = [str(e["extensions"]["code"]) for e in json.loads(body)["errors"]]
        except (ValueError, KeyError, TypeError):
            codes = [f"HTTP_{status}"]
        client = scope.get("client")
        self.log.record(key_id=who.key_id if who else "-", key_name=who.name if who else "-",
                        role=who.role if who else "-", operation=None, operation_type=None, query=None,
                        variables=None, duration_ms=(time.monotonic() - started) * 1000, result_bytes=0,
                        errors=codes, client=client[0] if client else None)


def read_audit(path: Path) -> Iterator[dict[str, Any]]:
    """The records of an audit log, oldest first; a torn last line is skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError:
                continue
