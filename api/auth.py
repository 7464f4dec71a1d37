"""API keys and roles.

A key is a random token shown once by ``custody keys create``; the keys file keeps only its
sha256, so a leaked file gives no usable key. Roles grant permissions:

========  =====================================================
viewer    read (evidence from restricted documents is withheld)
analyst   read, read restricted evidence, merge and split entities
ingester  read, ingest reports and files
admin     all of the above; keys are managed with the CLI
========  =====================================================

A server with no keys runs open (every caller is the local admin), which :func:`check_exposure`
allows only on a loopback address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import secrets
import socket
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.errors import CustodyError, InvalidInput, NotFound

__all__ = [
    "LOCAL",
    "ROLES",
    "ApiKey",
    "KeyRing",
    "Principal",
    "check_exposure",
    "is_loopback",
    "token_from_headers",
]

ROLES: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "analyst": frozenset({"read", "restricted", "resolve"}),
    "ingester": frozenset({"read", "ingest"}),
    "admin": frozenset({"read", "restricted", "resolve", "ingest", "keys"}),
}
TOKEN_PREFIX = "cgk_"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a key (its id, name and role), or the local user of an open server."""

    key_id: str
    name: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in ROLES.get(self.role, frozenset())


LOCAL = Principal("local", "local", "admin")
"""The caller of an open server (no keys) and of the CLI: it has a shell on the machine anyway."""


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    name: str
    role: str
    sha256: str
    created: str
    revoked: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_from_headers(headers: Mapping[str, str]) -> str | None:
    """The key sent as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``."""
    auth = headers.get("authorization", "")
    if auth[:7].lower() == "bearer " and auth[7:].strip():
        return auth[7:].strip()
    key = headers.get("x-api-key", "").strip()
    return key or None


class KeyRing:
    """The keys file: a small JSON document, re-read when it changes on disk, so a key created
    or revoked with the CLI takes effect on a running server without a restart."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._keys: list[ApiKey] = []
        self._by_hash: dict[str, ApiKey] = {}

    # -- reading -----------------------------------------------------------------------
    def _load(self) -> None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._keys, self._by_hash = None, [], {}
            return
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            keys = [ApiKey(**k) for k in raw.get("keys", [])]
        except (OSError, ValueError, TypeError) as exc:
            raise CustodyError(f"{self.path}: cannot read the API keys file: {exc}") from exc
        self._stamp, self._keys = stamp, keys
        self._by_hash = {k.sha256: k for k in keys if k.revoked is None}

    def all(self) -> list[ApiKey]:
        with self._lock:
            self._load()
            return list(self._keys)

    def active(self) -> bool:
        """Whether any key is in force (then every request needs one)."""
        with self._lock:
            self._load()
            return bool(self._by_hash)

    def authenticate(self, token: str | None) -> Principal | None:
        """The principal of ``token``; ``LOCAL`` when the server has no keys; ``None`` when
        keys exist and the token is missing, unknown or revoked."""
        with self._lock:
            self._load()
            if not self._by_hash:
                return LOCAL
            if not token:
                return None
            key = self._by_hash.get(_hash(token))
        return Principal(key.id, key.name, key.role) if key else None

    # -- writing (the CLI) ---------------------------------------------------------------
    def _save(self, keys: list[ApiKey]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"version": 1, "keys": [asdict(k) for k in keys]}, f, indent=2)
            f.write("\n")
        os.replace(tmp, self.path)  # atomic: a running server never reads half a file

    def create(self, role: str, name: str = "") -> tuple[ApiKey, str]:
        """A new key of ``role``; returns the record and the token (shown once, never stored)."""
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey(id="key-" + secrets.token_hex(4), name=name or role, role=role, sha256=_hash(token),
                     created=datetime.now(UTC).isoformat(timespec="seconds"))
        with self._lock:
            self._stamp = None
            self._load()
            self._save([*self._keys, key])
            self._stamp = None
        return key, token

    def revoke(self, key_id: str) -> ApiKey:
        with self._lock:
            self._stamp = None
            self._load()
            found = [k for k in self._keys if k.id == key_id]
            if not found:
                raise NotFound(f"no API key with id {key_id!r}", [k.id for k in self._keys][:5])
            now = datetime.now(UTC).isoformat(timespec="seconds")
            keys = [ApiKey(**{**asdict(k), "revoked": k.revoked or now}) if k.id == key_id else k
                    for k in self._keys]
            self._save(keys)
            self._stamp = None
            return next(k for k in keys if k.id == key_id)


def _loopback_address(text: str) -> bool:
    """Whether an address literal is loopback; an IPv4-mapped IPv6 address is judged by the IPv4
    address it maps (``::ffff:127.0.0.1`` is loopback, ``::ffff:10.0.0.1`` and ``::`` are not)."""
    addr = ipaddress.ip_address(text.split("%", 1)[0])  # a zone (fe80::1%eth0) says nothing about loopback
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped.is_loopback
    return addr.is_loopback


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` can only be reached from this machine.

    Anything not provably loopback counts as public: the empty host and ``0`` (every interface
    to the socket layer), ``0.0.0.0`` and ``::``, a mapped address of another machine, a host
    name that does not resolve, or one that resolves to any address that is not loopback.
    ``localhost`` is resolved like any other name.

    Examples
    --------
    >>> [is_loopback(h) for h in ("127.0.0.1", "[::1]", "::ffff:127.0.0.1", "127.1")]
    [True, True, True, True]
    >>> [is_loopback(h) for h in ("", "0", "0.0.0.0", "::", "::ffff:10.0.0.1", "no-such-host.invalid")]
    [False, False, False, False, False, False]
    """
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if not text:
        return False
    try:
        return _loopback_address(text)
    except ValueError:
        pass
    try:  # a name, or a short form such as "0" or "127.1", as the socket layer will read it
        infos = socket.getaddrinfo(text, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    addresses = {str(info[4][0]) for info in infos}
    try:
        return bool(addresses) and all(_loopback_address(a) for a in addresses)
    except ValueError:
        return False


def check_exposure(host: str, keyring: KeyRing) -> str | None:
    """Refuse to serve an open API beyond this machine.

    Returns a warning line for an open server on a loopback address, ``None`` with keys.

    Raises
    ------
    CustodyError
        When there are no keys and ``host`` is not a loopback address.
    """
    if keyring.active():
        return None
    if not is_loopback(host):
        raise CustodyError(
            f"refusing to serve on {host} without API keys: anyone who can reach it could read and "
            f"change the graph. Create one with `custody keys create --role admin` (keys file: "
            f"{keyring.path}), or bind to 127.0.0.1."
        )
    return (f"warning: no API keys in {keyring.path}: the API is open to anyone on this machine "
            f"(create one with `custody keys create --role viewer`)")


def describe(key: ApiKey) -> dict[str, Any]:
    """A key as listed by the CLI: everything but the hash."""
    return {k: v for k, v in asdict(key).items() if k != "sha256"}
