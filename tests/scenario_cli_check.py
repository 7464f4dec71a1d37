"""Check a scenario's ``expected.json`` through ``custody ... --json`` alone.

    python -m tests.scenario_cli_check SCENARIO_DIR [--store PATH] [--custody "COMMAND"]

Ingests ``SCENARIO_DIR/manifests`` and ``SCENARIO_DIR/reports`` with ``custody ingest`` (into
``--store`` when given and missing; an existing ``--store`` is used as it is), then checks
every statement of ``expected.json`` (see tests/scenario_check.py for what each says) with
the CLI's JSON answers: ``chain``, ``reach``, ``reachable``, ``alerts`` and, to resolve a
name the answers do not spell the same way, ``search``. It runs the CLI as a script author
would, in subprocesses, and imports nothing of the project, so it checks the JSON contract
as much as the answers. Prints every failed statement; exits 0 when all hold, 1 otherwise,
2 when the scenario or the CLI cannot be run.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["CliChecker", "main"]

BIG = "100000"  # --first: every result, not a page


def _norm(text: Any) -> str:
    return " ".join(str(text).replace("–", "-").replace("—", "-").casefold().split())


def _key(text: Any) -> str:
    """Names and serials compared as the store normalises them: case, spaces and dashes aside."""
    return "".join(ch for ch in _norm(text) if ch.isalnum())


class CliFailed(Exception):
    pass


def required(matches: Callable[[bool], list[bool]]) -> bool:
    """A required statement holds when something matches by name, or else once names are resolved."""
    return any(matches(False)) or any(matches(True))


class CliChecker:
    """The statements of one ``expected.json``, checked against one store through the CLI."""

    def __init__(self, custody: list[str], store: Path, expected: dict[str, Any]) -> None:
        self.custody, self.store, self.expected = custody, store, expected
        self.as_of = str(expected.get("alerts", {}).get("as_of", "2024-06-30"))
        self.checked = 0
        self._resolved: dict[tuple[str, str | None], set[str]] = {}

    # -- the CLI -------------------------------------------------------------------------------
    def ask(self, *args: str) -> Any:
        """One ``custody ARGS --json --store STORE`` answer, parsed."""
        cmd = [*self.custody, *args, "--json", "--store", str(self.store)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            try:
                error = json.loads(proc.stderr.strip().splitlines()[-1])["error"]
                why = f"{error['code']}: {error['message']}"
            except (ValueError, KeyError, IndexError):
                why = proc.stderr.strip()[-500:]
            raise CliFailed(f"`{shlex.join(cmd)}` exited {proc.returncode}: {why}")
        return json.loads(proc.stdout)

    def ids_of(self, name: str, label: str | None) -> set[str]:
        """The ids ``name`` resolves to (exact search hits), for names the answers spell differently."""
        key = (name, label)
        if key not in self._resolved:
            args = ["search", name, "--first", "20"] + (["--label", label] if label else [])
            self._resolved[key] = {h["entity"]["id"] for h in self.ask(*args) if h["how"] == "exact"}
        return self._resolved[key]

    def names(self, entity: dict[str, Any] | None, name: str, label: str | None = None, *,
              resolve: bool = True) -> bool:
        """Whether ``entity`` is what ``name`` names (see :meth:`which`)."""
        return self.which([entity], name, label, resolve=resolve) is not None

    def which(self, entities: Iterable[dict[str, Any] | None], name: str, label: str | None = None, *,
              resolve: bool = True) -> dict[str, Any] | None:
        """The first of ``entities`` that ``name`` names: by its name, an alias, serial, lot or
        reference, compared as the store's lookup does (case, spaces, dashes); else, with
        ``resolve``, by an id the name resolves to (one ``custody search``). Forbidden
        statements do not resolve: a name that matches nothing by those keys names nothing."""
        present = [e for e in entities if e]
        for e in present:
            keys = [e.get("name"), *e.get("aliases", []), e.get("serial"), e.get("lot"), e.get("ref")]
            if _key(name) in {_key(k) for k in keys if k}:
                return e
        if not present or not resolve:
            return None
        ids = self.ids_of(name, label)
        return next((e for e in present if e.get("id") in ids), None)

    # -- the statements --------------------------------------------------------------------------
    def check(self) -> list[str]:
        problems: list[str] = []
        for serial, spec in self.expected.get("custody_chain", {}).items():
            problems += self._chain(serial, spec)
        for serial, spec in self.expected.get("who_could_reach", {}).items():
            problems += self._reach(serial, spec)
        for actor, spec in self.expected.get("reachable_items", {}).items():
            problems += self._reachable(actor, spec)
        if "alerts" in self.expected:
            problems += self._alerts(self.expected["alerts"])
        return problems

    def _count(self, items: Iterable[Any]) -> None:
        self.checked += sum(1 for _ in items)

    def _anomaly(self, a: dict[str, Any], chain: dict[str, Any], spec: dict[str, Any], resolve: bool) -> bool:
        if a["kind"] != spec["kind"]:
            return False
        if "holder" in spec and not self.names(a["holder"], spec["holder"], "Actor", resolve=resolve):
            return False
        if "between" in spec:
            first, second = spec["between"]
            actors = a["actors"]
            ends = [actors[0], actors[-1]] if actors else []
            pairs = [p for p in (ends, actors[:2]) if len(p) == 2]
            if not any(self.names(x, first, "Actor", resolve=resolve)
                       and self.names(y, second, "Actor", resolve=resolve) for x, y in pairs):
                return False
        if "shipment" in spec and not self.names(a["shipment"], spec["shipment"], "Shipment", resolve=resolve):
            return False
        if "after" in spec:
            idx = min(a["segments"], default=-1)
            if idx < 0 or not self.names(chain["segments"][idx]["holder"], spec["after"], "Actor", resolve=resolve):
                return False
        return True

    def _chain(self, serial: str, spec: dict[str, Any]) -> list[str]:
        out: list[str] = []
        chain = self.ask("chain", serial, "--as-of", self.as_of)
        holders = chain["holders"]
        if "holders_in_order" in spec:
            self.checked += 1
            want = spec["holders_in_order"]
            if len(holders) != len(want) or not all(self.names(h, n, "Actor") for h, n in zip(holders, want,
                                                                                              strict=False)):
                out.append(f"chain {serial}: holders {[h['name'] for h in holders]} != {want}")
        locations = [s["location"] for s in chain["segments"] if s["location"]]
        for loc in spec.get("locations_required", []):
            self.checked += 1
            if self.which(locations, loc, "Location") is None:
                out.append(f"chain {serial}: location {loc} missing (have {sorted({x['name'] for x in locations})})")
        anomalies = chain["anomalies"]
        have = [(a["kind"], [x["name"] for x in a["actors"]]) for a in anomalies]
        for want in spec.get("anomalies_required", []):
            self.checked += 1
            if not required(lambda resolve, want=want: [self._anomaly(a, chain, want, resolve) for a in anomalies]):
                out.append(f"chain {serial}: anomaly {want} missing (have {have})")
        for bad in spec.get("anomalies_forbidden", []):
            self.checked += 1
            if any(self._anomaly(a, chain, bad, False) for a in anomalies):
                out.append(f"chain {serial}: anomaly {bad} must not be reported")
        one_of = spec.get("anomalies_required_one_of", [])
        if one_of:
            self.checked += 1
            if not required(lambda resolve: [self._anomaly(a, chain, w, resolve) for w in one_of for a in anomalies]):
                out.append(f"chain {serial}: none of {one_of} reported (have {have})")
        if spec.get("every_segment_has_evidence"):
            self.checked += 1
            for seg in chain["segments"]:
                if not any(e["evidence"] for e in seg["events"]):
                    out.append(f"chain {serial}: segment {seg['index']} has no evidence")
        return out

    def _reach(self, serial: str, spec: dict[str, Any]) -> list[str]:
        out: list[str] = []
        args = ["reach", serial, "--as-of", self.as_of, "--first", BIG]
        if spec.get("max_hops") is not None:
            args += ["--max-hops", str(spec["max_hops"])]
        results = self.ask(*args)["results"]

        def find(name: str, resolve: bool = True) -> dict[str, Any] | None:
            actor = self.which((r["actor"] for r in results), name, "Actor", resolve=resolve)
            return next((r for r in results if r["actor"] is actor), None) if actor else None

        for name, limit in spec.get("required_with_max_hops", {}).items():
            self.checked += 1
            r = find(name)
            if r is None:
                out.append(f"reach {serial}: {name} missing")
            elif r["hops"] > limit:
                out.append(f"reach {serial}: {name} at {r['hops']} hops, expected at most {limit}")
        for name in spec.get("forbidden", []):
            self.checked += 1
            if find(name, resolve=False) is not None:
                out.append(f"reach {serial}: {name} must not be reachable")
        if spec.get("every_result_has_a_path_with_evidence"):
            self.checked += 1
            for r in results:
                if not r["paths"] or not all(st["evidence"] for st in r["paths"][0]["steps"]):
                    out.append(f"reach {serial}: {r['actorId']} has no path with evidence on every step")
        return out

    def _reachable(self, actor: str, spec: dict[str, Any]) -> list[str]:
        args = ["reachable", actor, "--as-of", self.as_of, "--first", BIG]
        if spec.get("max_hops") is not None:
            args += ["--max-hops", str(spec["max_hops"])]
        items = [r["item"] for r in self.ask(*args)["results"]]

        def reached(name: str, resolve: bool = True) -> bool:
            return self.which(items, name, "Item", resolve=resolve) is not None

        self._count(spec.get("required", []))
        self._count(spec.get("forbidden", []))
        return ([f"reachable_items {actor}: {s} missing" for s in spec.get("required", []) if not reached(s)]
                + [f"reachable_items {actor}: {s} must not be reachable" for s in spec.get("forbidden", [])
                   if reached(s, resolve=False)])

    def _alert(self, a: dict[str, Any], spec: dict[str, Any], resolve: bool) -> bool:
        details = a["details"] or {}
        if a["kind"] != spec["kind"]:
            return False
        if "item" in spec and not self.names(a["item"], spec["item"], "Item", resolve=resolve):
            return False
        if "holder" in spec and self.which(a["actors"], spec["holder"], "Actor", resolve=resolve) is None:
            return False
        if "shipment" in spec and not self.names(a["shipment"], spec["shipment"], "Shipment", resolve=resolve):
            return False
        if "system" in spec:
            system = details.get("system")
            if system is None or not (_key(system) == _key(spec["system"])
                                      or (resolve and self._system_named(system, spec["system"]))):
                return False
        return all(details.get(key) == spec[key] for key in ("shipped", "received", "report") if key in spec)

    def _system_named(self, system: str, name: str) -> bool:
        """Whether the weapon system an alert names (by its name) is the one ``name`` resolves to."""
        return bool(self.ids_of(system, "WeaponSystem") & self.ids_of(name, "WeaponSystem"))

    def _alerts(self, spec: dict[str, Any]) -> list[str]:
        found = self.ask("alerts", "--as-of", self.as_of)["nodes"]
        out: list[str] = []
        for want in spec.get("required", []):
            self.checked += 1
            hits = [a for a in found if self._alert(a, want, False)] or [a for a in found if self._alert(a, want, True)]
            if not hits:
                out.append(f"alert {want} missing")
            elif not all(a["evidence"] for a in hits):
                out.append(f"alert {want} has no evidence")
        for bad in spec.get("forbidden", []):
            self.checked += 1
            if any(self._alert(a, bad, False) for a in found):
                out.append(f"alert {bad} must not be raised")
        return out


def ingest(custody: list[str], scenario: Path, store: Path) -> None:
    folders = [str(scenario / d) for d in ("manifests", "reports") if (scenario / d).is_dir()]
    if not folders:
        raise CliFailed(f"{scenario} has neither manifests/ nor reports/")
    cmd = [*custody, "ingest", *folders, "--store", str(store), "--errors", str(store.with_suffix(".errors.jsonl"))]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise CliFailed(f"`{shlex.join(cmd)}` exited {proc.returncode}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.scenario_cli_check", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", type=Path, help="a folder with expected.json, manifests/ and reports/")
    parser.add_argument("--store", type=Path, help="the store to check (ingested into when missing)")
    parser.add_argument("--custody", default=f"{shlex.quote(sys.executable)} -m api",
                        help="how to run the CLI (default: this Python's `-m api`)")
    args = parser.parse_args(argv)
    custody = shlex.split(args.custody)
    expected_path = args.scenario / "expected.json"
    if not expected_path.is_file():
        print(f"no expected.json in {args.scenario}", file=sys.stderr)
        return 2
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="scenario-cli-") as tmp:
        store = args.store or Path(tmp) / "store.db"
        try:
            if not store.exists():
                ingest(custody, args.scenario, store)
            checker = CliChecker(custody, store, expected)
            problems = checker.check()
        except CliFailed as exc:
            print(exc, file=sys.stderr)
            return 2
    for p in problems:
        print(p)
    print(f"{checker.checked} statements checked through the CLI, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
