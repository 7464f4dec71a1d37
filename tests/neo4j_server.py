"""A real Neo4j 5.26 server for the test suite, without Docker.

The server is the embedded-Neo4j launcher in ``tools/neo4j-launcher`` (a small Maven
project), run as a subprocess with a throwaway data directory and a Bolt port on
127.0.0.1. Its first build downloads Neo4j's jars from Maven Central into ``~/.m2``;
later builds and every start work offline.

Used in two ways:

* as a library: ``with Neo4jServer() as server: ...`` (``.uri``, ``.user``,
  ``.password``, ``.driver()``, ``.clear()``, ``.stop()``, ``.start()``, ``.restart()``);
* as a pytest plugin (``pytest_plugins = ["tests.neo4j_server"]`` in conftest.py):
  fixtures ``neo4j_server`` (one server per session) and ``neo4j_clean`` (same server,
  emptied before the test). Mark such tests ``@pytest.mark.neo4j``.

Without java or mvn the fixtures skip, unless ``CUSTODY_REQUIRE_NEO4J=1`` (e.g. in CI),
in which case they fail.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NoReturn

import neo4j
import pytest
from neo4j.exceptions import AuthError, DriverError, Neo4jError

LAUNCHER_DIR = Path(__file__).resolve().parent.parent / "tools" / "neo4j-launcher"
MAIN_CLASS = "custody.tools.Neo4jLauncher"
_CLASS_FILE = LAUNCHER_DIR / "target" / "classes" / "custody" / "tools" / "Neo4jLauncher.class"
_CLASSPATH_FILE = LAUNCHER_DIR / "target" / "classpath.txt"
# Touched after each successful build. Maven leaves classes and classpath.txt untouched
# when nothing changed, so their own mtimes cannot prove the build is newer than pom.xml.
_BUILD_STAMP = LAUNCHER_DIR / "target" / ".built"

DEFAULT_PASSWORD = "custody-test-password"  # Neo4j requires at least 8 characters
REQUIRE_ENV = "CUSTODY_REQUIRE_NEO4J"
JAVA_OPTS_ENV = "CUSTODY_NEO4J_JAVA_OPTS"  # replaces DEFAULT_JAVA_OPTS when set

# Flags the Neo4j server scripts also pass on Java 17: without the --add-opens the page
# cache and transaction logs fall back to slower paths and log warnings.
DEFAULT_JAVA_OPTS: tuple[str, ...] = (
    "-Xms128m",
    "-Xmx512m",
    "-XX:+UseSerialGC",  # one small heap, no GC threads per core: less RSS
    "-XX:TieredStopAtLevel=1",  # C1 only: faster start, plenty for tiny test graphs
    "-XX:+ExitOnOutOfMemoryError",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)

BUILD_TIMEOUT_S = 1200.0  # first build downloads ~160 MB
START_TIMEOUT_S = 180.0  # until BOLT_PORT= is printed
READY_TIMEOUT_S = 60.0  # until RETURN 1 answers over Bolt
STOP_TIMEOUT_S = 60.0  # clean shutdown before SIGTERM, then as long again before SIGKILL


class Neo4jUnavailable(Exception):
    """The Neo4j test server could not be built or started."""


def _java() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("java")


def neo4j_prerequisites() -> str | None:
    """Return why the Neo4j test server cannot run here (one line), or None if it can."""
    missing = [name for name, path in (("java", _java()), ("mvn", shutil.which("mvn"))) if path is None]
    if missing:
        return (
            f"Neo4j test server needs {' and '.join(missing)} on PATH "
            "(Java 17+ and Maven, to build and run tools/neo4j-launcher)"
        )
    return None


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no output)"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


def _launcher_is_built() -> bool:
    try:
        built = _BUILD_STAMP.stat().st_mtime
        if not _CLASS_FILE.is_file():
            return False
        classpath = _CLASSPATH_FILE.read_text().strip()
    except OSError:
        return False
    inputs = [LAUNCHER_DIR / "pom.xml", *(p for p in (LAUNCHER_DIR / "src").rglob("*") if p.is_file())]
    if any(p.stat().st_mtime > built for p in inputs):
        return False
    # A wiped or different ~/.m2 makes the recorded classpath point at nothing.
    return all(Path(jar).is_file() for jar in classpath.split(os.pathsep) if jar)


def build_launcher() -> None:
    """Build tools/neo4j-launcher unless it is already up to date (fast no-op then).

    Safe to call from several processes at once (pytest-xdist): builds are serialised
    by a file lock.
    """
    if _launcher_is_built():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jUnavailable("cannot build the Neo4j launcher: mvn is not on PATH")
    target = LAUNCHER_DIR / "target"
    target.mkdir(exist_ok=True)
    with open(target / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _launcher_is_built():  # another process built it while we waited
            return
        log = target / "build.log"
        try:
            with open(log, "w") as out:
                result = subprocess.run(
                    [mvn, "-q", "-B", "-Dstyle.color=never", "compile"],
                    cwd=LAUNCHER_DIR,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=BUILD_TIMEOUT_S,
                    check=False,
                )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jUnavailable(
                f"building the Neo4j launcher timed out after {BUILD_TIMEOUT_S:.0f} s; log {log}:\n{_tail(log)}"
            ) from exc
        if result.returncode != 0:
            raise Neo4jUnavailable(
                f"building the Neo4j launcher failed (mvn exit {result.returncode}; the first build "
                f"needs Maven Central); log {log}:\n{_tail(log)}"
            )
        _BUILD_STAMP.touch()


def _read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)  # EOF


class Neo4jServer:
    """One embedded Neo4j DBMS in a subprocess, reachable over Bolt on 127.0.0.1."""

    def __init__(
        self,
        password: str = DEFAULT_PASSWORD,
        port: int = 0,
        data_dir: Path | None = None,
    ) -> None:
        """``port=0`` picks a free port on first start; later starts reuse that port.

        Auth is always on (user ``neo4j``), so tests can check a wrong password is refused.
        ``data_dir`` given: used as the server's home and kept; else a temp dir, deleted by
        ``close()``.
        """
        self.user = "neo4j"
        self.password = password
        self.port = port
        self._own_base = data_dir is None
        self._base = Path(tempfile.mkdtemp(prefix="custody-neo4j-")) if data_dir is None else data_dir
        self.data_dir = self._base / "neo4j" if data_dir is None else data_dir
        self.log_file = self._base / "launcher.log" if data_dir is None else data_dir / "launcher.log"
        self._proc: subprocess.Popen[str] | None = None
        self._admin: neo4j.Driver | None = None

    # -- addresses ----------------------------------------------------------------
    @property
    def uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def pid(self) -> int | None:
        """The server's JVM process (benches read its CPU time from ``/proc``), while it runs."""
        return self._proc.pid if self.running and self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def driver(self, **config: Any) -> neo4j.Driver:
        """A new driver for this server; the caller closes it."""
        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **config)

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> None:
        """Start the server (no-op if running). Later starts reuse the port and data dir."""
        if self.running:
            return
        build_launcher()
        java = _java()
        if java is None:
            raise Neo4jUnavailable("cannot start Neo4j: java is not on PATH")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env_opts = os.environ.get(JAVA_OPTS_ENV)
        java_opts = env_opts.split() if env_opts is not None else list(DEFAULT_JAVA_OPTS)
        classpath = f"{LAUNCHER_DIR / 'target' / 'classes'}{os.pathsep}{_CLASSPATH_FILE.read_text().strip()}"
        cmd = [java, *java_opts, "-cp", classpath, MAIN_CLASS, str(self.data_dir), str(self.port), self.password]

        with open(self.log_file, "a") as log:
            log.write(f"--- starting launcher on port {self.port} at {time.strftime('%H:%M:%S')}\n")
            log.flush()
            # stdin stays open as the "keep running" signal: the launcher exits when it
            # closes, so a killed test run cannot leave a server behind.
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                cwd=self._base,
            )
        self._proc = proc
        assert proc.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()

        deadline = time.monotonic() + START_TIMEOUT_S
        port: int | None = None
        while port is None:
            remaining = deadline - time.monotonic()
            try:
                line = lines.get(timeout=max(remaining, 0.0))
            except queue.Empty:
                self._abort(f"no BOLT_PORT= line within {START_TIMEOUT_S:.0f} s")
            if line is None:
                self._abort(f"launcher exited (code {proc.wait()}) before printing BOLT_PORT=")
            elif line.startswith("BOLT_PORT="):
                port = int(line.strip().removeprefix("BOLT_PORT="))
        self.port = port
        self._wait_ready()

    def _abort(self, why: str) -> NoReturn:
        self._kill()
        raise Neo4jUnavailable(
            f"Neo4j launcher failed to start: {why}. Launcher stderr ({self.log_file}):\n{_tail(self.log_file)}\n"
            f"Neo4j debug log: {self.data_dir / 'logs' / 'debug.log'}"
        )

    def _wait_ready(self) -> None:
        """Wait until a real query answers: the port can be open before auth is set up."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        last: Exception | None = None
        with neo4j.GraphDatabase.driver(self.bolt_uri, auth=self.auth) as driver:
            while time.monotonic() < deadline:
                if not self.running:
                    self._abort("launcher exited while waiting for Bolt")
                try:
                    records, _, _ = driver.execute_query("RETURN 1 AS one")
                    if records[0]["one"] == 1:
                        return
                except AuthError as exc:
                    self._abort(f"Bolt rejected user {self.user!r}: {exc}")
                except (DriverError, Neo4jError, OSError) as exc:
                    last = exc
                time.sleep(0.2)
        self._abort(f"Bolt on port {self.port} did not answer RETURN 1 within {READY_TIMEOUT_S:.0f} s ({last!r})")

    def stop(self) -> None:
        """Shut down cleanly (close stdin, then SIGTERM, then SIGKILL). Keeps the data dir."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            with contextlib.suppress(OSError):  # already closed / broken pipe
                proc.stdin.close()
        for escalate in (proc.terminate, proc.kill):
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
                return
            except subprocess.TimeoutExpired:
                escalate()
        proc.wait()

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def restart(self) -> None:
        """Stop and start again on the same port with the same data."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop and delete the data dir if this object created it."""
        self.stop()
        if self._own_base:
            shutil.rmtree(self._base, ignore_errors=True)

    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- test helpers -------------------------------------------------------------
    def clear(self) -> None:
        """Delete every node, relationship, constraint and (non-lookup) index."""
        if self._admin is None:
            self._admin = neo4j.GraphDatabase.driver(self.bolt_uri, auth=self.auth)
        with self._admin.session() as session:
            # Auto-commit transaction, as CALL { } IN TRANSACTIONS requires.
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
            for record in session.run("SHOW CONSTRAINTS YIELD name").data():
                session.run(f"DROP CONSTRAINT `{record['name']}` IF EXISTS").consume()
            for record in session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").data():
                session.run(f"DROP INDEX `{record['name']}` IF EXISTS").consume()


# -- pytest plugin --------------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "neo4j: needs the real Neo4j test server (fixtures neo4j_server/neo4j_clean)")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """One Neo4j server for the whole session (skips without java/mvn unless required)."""
    reason = neo4j_prerequisites()
    if reason is not None:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    server = Neo4jServer()
    failure: str | None = None
    try:
        server.start()
    except Neo4jUnavailable as exc:
        server.stop()  # keeps the temp dir: the message points at its logs
        failure = str(exc)
    if failure is not None:
        pytest.fail(failure, pytrace=False)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def neo4j_clean(neo4j_server: Neo4jServer) -> Neo4jServer:
    """The session's server, emptied; restarted first if an earlier test left it stopped."""
    if not neo4j_server.running:
        neo4j_server.start()
    neo4j_server.clear()
    return neo4j_server


# -- command line -----------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """``python -m tests.neo4j_server build`` (e.g. a CI step before pytest, so the first,
    downloading build is not charged to a test) or ``serve`` (a server for manual use)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.neo4j_server", description=main.__doc__)
    parser.add_argument("command", choices=["build", "serve"])
    args = parser.parse_args(argv)
    reason = neo4j_prerequisites()
    if reason is not None:
        print(reason)
        return 1
    try:
        if args.command == "build":
            started = time.monotonic()
            build_launcher()
            print(f"Neo4j launcher ready in {LAUNCHER_DIR} ({time.monotonic() - started:.1f} s)")
            return 0
        with Neo4jServer() as server:
            print(f"Neo4j at {server.uri} user={server.user} password={server.password}; Ctrl-C stops it", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                threading.Event().wait()
    except Neo4jUnavailable as exc:
        print(exc)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
