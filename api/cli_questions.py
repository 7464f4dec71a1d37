"""The question commands of the ``custody`` CLI: chain, reach, reachable, paths, alerts, search.

Each runs its operation of ``api/cli.graphql`` on the API's schema (see :mod:`api.cli_json`):
``--json`` prints that answer as it is, ``--jsonl`` one line per result where results come as
a list, and without either a readable table is drawn from the same answer. Registered on the
main app by :func:`register` so that api/cli.py stays a table of contents. (No ``from
__future__ import annotations`` here: typer reads the annotations at run time.)
"""

from enum import Enum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from api.cli import JsonOption, StoreOption, WindowFrom, WindowTo, console, opened, settings_for
from api.cli_json import CLI_PAGE_SIZE, ask, emit, emit_lines
from api.schema.search import SEARCH_LABELS
from queries.alerts import ALERT_KINDS

__all__ = ["register", "step_sentence"]

STEP_WORDS = {"HOLDER": "held by", "AT_LOCATION": "stayed at"}
"""How a step reads (the page says the same): "JAV-0042 held by 7th Brigade"; relations
read as their type, "Petro member of 7th Brigade"."""

# choices for typer, which lists them in --help and in the error for any other value
AlertKind = Enum("AlertKind", {k: k for k in ALERT_KINDS}, type=str)  # type: ignore[misc]
SearchLabel = Enum("SearchLabel", {x: x for x in SEARCH_LABELS}, type=str)  # type: ignore[misc]

JsonlOption = Annotated[bool, typer.Option("--jsonl", help="JSON Lines: one result per line, in the GraphQL "
                                           "API's shape")]


def _name(entity: dict[str, Any] | None, fallback: str | None = None) -> str:
    if entity:
        return str(entity["name"])
    return fallback or "—"


def _event_label(event: dict[str, Any]) -> str:
    """``THEFT``, or ``THEFT (alleged)`` when the sources do not report it as having happened."""
    modality = event.get("modality") or "reported"
    return str(event["type"]) if modality == "reported" else f"{event['type']} ({modality})"


def _words(kind: str) -> str:
    return STEP_WORDS.get(kind, kind.replace("_", " ").lower())


def step_sentence(step: dict[str, Any]) -> str:
    """A reach step in the fact's own direction: "Mykola Fedorenko member of 1st Battalion"."""
    return f"{_name(step['source'], step['sourceId'])} {_words(step['kind'])} {_name(step['target'], step['targetId'])}"


def _span(interval: dict[str, Any]) -> str:
    start, end = interval.get("start"), interval.get("end")
    return "any time" if not start and not end else f"{start or '…'} – {end or '…'}"


def _one_output(as_json: bool, as_jsonl: bool) -> None:
    if as_json and as_jsonl:
        raise typer.BadParameter("--json and --jsonl: choose one")


def register(app: typer.Typer) -> None:
    AsOf = Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD) the rules are judged at; "
                                              "default today")]
    MaxHops = Annotated[int | None, typer.Option("--max-hops", help="Steps allowed (default 3, cap 6)")]

    def question(store: str | None, operation: str, variables: dict[str, Any]) -> Any:
        with opened(store, create=False) as s:
            return ask(s, settings_for(store), operation, variables)

    @app.command()
    def chain(serial: Annotated[str, typer.Argument(help="Serial, lot number or item id")],
              store: StoreOption = None, as_of: AsOf = None,
              overdue_days: Annotated[int | None, typer.Option("--overdue-days")] = None,
              as_json: JsonOption = False) -> None:
        """The custody chain of an item: every holder, where, when, the evidence, and anomalies."""
        c = question(store, "Chain", {"item": serial, "asOf": as_of, "overdueDays": overdue_days})
        if as_json:
            emit(c)
            return
        table = Table(title=f"custody chain of {escape(c['item']['name'])}")
        for col in ("#", "holder", "location", "from", "to", "events", "evidence"):
            table.add_column(col)
        for seg in c["segments"]:
            quotes = [ev for e in seg["events"] for ev in e["evidence"]]
            table.add_row(
                str(seg["index"]), escape(_name(seg["holder"], seg["holderId"]) + (" (inferred)" if seg["inferred"]
                                                                               else "")),
                escape(_name(seg["location"], seg["locationId"])), seg["start"] or "?", seg["end"] or "…",
                ", ".join(_event_label(e) for e in seg["events"]),
                escape(f"{len(quotes)}: " + (quotes[0]["quote"][:60] if quotes else "")),
            )
        console.print(table)
        for a in c["anomalies"]:
            console.print(f"[bold yellow]{a['kind']}[/]: {escape(a['message'])} (segments {a['segments']})")
        if not c["anomalies"]:
            console.print("no anomalies")

    @app.command()
    def reach(
        serial: Annotated[str, typer.Argument(help="Serial, lot number or item id")],
        store: StoreOption = None,
        max_hops: MaxHops = None,
        from_: WindowFrom = None,
        to: WindowTo = None,
        min_confidence: Annotated[float, typer.Option("--min-confidence")] = 0.0,
        first: Annotated[int, typer.Option("--first", help="At most this many actors")] = 200,
        as_of: AsOf = None,
        as_json: JsonOption = False,
    ) -> None:
        """Who could have reached an item, with the time-respecting path that explains each."""
        window = {"start": from_, "end": to} if from_ or to else None
        r = question(store, "Reach", {"item": serial, "maxHops": max_hops, "window": window,
                                      "minConfidence": min_confidence, "first": first, "asOf": as_of})
        if as_json:
            emit(r)
            return
        table = Table(title=f"who could reach {escape(r['item']['name'])} (max {r['maxHops']} hops)")
        for col in ("actor", "kind", "hops", "confidence", "when", "path"):
            table.add_column(col)
        for res in r["results"]:
            best = res["paths"][0]
            table.add_row(escape(_name(res["actor"], res["actorId"])), (res["actor"] or {}).get("kind", ""),
                          str(res["hops"]), f"{res['confidence']:.2f}", _span(best["interval"]),
                          escape("; ".join(step_sentence(st) for st in best["steps"])))
        console.print(table)

    @app.command()
    def reachable(
        actor: Annotated[str, typer.Argument(help="Actor name, alias or id")],
        store: StoreOption = None,
        max_hops: MaxHops = None,
        from_: WindowFrom = None,
        to: WindowTo = None,
        first: Annotated[int, typer.Option("--first", help="At most this many items")] = 500,
        as_of: AsOf = None,
        as_json: JsonOption = False,
        as_jsonl: JsonlOption = False,
    ) -> None:
        """Which items an actor could have reached (the reverse of reach)."""
        _one_output(as_json, as_jsonl)
        window = {"start": from_, "end": to} if from_ or to else None
        r = question(store, "Reachable", {"actor": actor, "maxHops": max_hops, "window": window, "first": first,
                                          "asOf": as_of})
        if as_json:
            emit(r)
            return
        if as_jsonl:
            emit_lines(r["results"])
            return
        table = Table(title=f"items {escape(r['actor']['name'])} could reach (max {r['maxHops']} hops)")
        for col in ("item", "hops", "confidence", "when", "path"):
            table.add_column(col)
        for i in r["results"]:
            path = i["path"]
            table.add_row(escape(i["item"]["name"]), str(i["hops"]), f"{i['confidence']:.2f}", _span(path["interval"]),
                          escape("; ".join(step_sentence(st) for st in path["steps"])))
        console.print(table)

    @app.command()
    def paths(
        a: Annotated[str, typer.Argument(help="First entity (name, serial or id)")],
        b: Annotated[str, typer.Argument(help="Second entity")],
        store: StoreOption = None,
        max_hops: Annotated[int, typer.Option("--max-hops")] = 4,
        limit: Annotated[int, typer.Option("--limit", "--first", help="At most this many paths")] = 10,
        as_json: JsonOption = False,
    ) -> None:
        """Paths between two entities, shortest first ("A —member of→ B": A is a member of B)."""
        r = question(store, "Paths", {"from": a, "to": b, "maxHops": max_hops, "first": limit})
        if as_json:
            emit(r)
            return
        if not r["paths"]:
            console.print(escape(f"no path of at most {max_hops} hops between {r['source']['name']} and "
                                 f"{r['target']['name']}"))
        for p in r["paths"]:
            names = [_name(e, i) for e, i in zip(p["entities"], p["nodeIds"], strict=True)]
            parts = [names[0]]
            for edge, name in zip(p["edges"], names[1:], strict=True):
                words = _words(edge["label"])
                parts.append(f" —{words}→ {name}" if edge["direction"] == "FORWARD" else f" ←{words}— {name}")
            console.print(escape("".join(parts)), highlight=False)
        if r["truncated"]:
            console.print("[dim](some very connected nodes were only partly explored)[/]")

    @app.command()
    def alerts(store: StoreOption = None, as_of: AsOf = None,
               kind: Annotated[list[AlertKind] | None, typer.Option("--kind", help="Only these kinds")] = None,
               overdue_days: Annotated[int | None, typer.Option("--overdue-days")] = None,
               first: Annotated[int | None, typer.Option("--first", help="At most this many (default all)")] = None,
               as_json: JsonOption = False, as_jsonl: JsonlOption = False) -> None:
        """Standing diversion alerts over the whole graph, with their evidence."""
        _one_output(as_json, as_jsonl)
        kinds = [k.value for k in kind] if kind else None
        found = question(store, "Alerts", {"asOf": as_of, "kinds": kinds, "overdueDays": overdue_days,
                                           "first": first if first is not None else CLI_PAGE_SIZE})
        if as_json:
            emit(found)
            return
        if as_jsonl:
            emit_lines(found["nodes"])
            return
        table = Table(title=f"{found['totalCount']} alerts")
        for col in ("kind", "subject", "message", "evidence"):
            table.add_column(col)
        for a in found["nodes"]:
            subject = (a["item"] or {}).get("name") or (a["shipment"] or {}).get("ref") or a["itemId"] or ""
            evidence = a["evidence"]
            table.add_row(a["kind"], escape(subject), escape(a["message"]),
                          escape(f"{len(evidence)}: " + (evidence[0]["quote"][:50] if evidence else "")))
        console.print(table)

    @app.command()
    def search(
        text: Annotated[str, typer.Argument(help="A name, alias, serial or part of one (JAV-004?, *0042)")],
        store: StoreOption = None,
        label: Annotated[list[SearchLabel] | None, typer.Option("--label", help="Only these labels")] = None,
        first: Annotated[int, typer.Option("--first", help="At most this many hits")] = 20,
        as_json: JsonOption = False,
        as_jsonl: JsonlOption = False,
    ) -> None:
        """Find entities by name, alias, serial (whole, part, wildcards * ? …), lot or reference."""
        _one_output(as_json, as_jsonl)
        hits = question(store, "Search", {"text": text, "labels": [x.value for x in label] if label else None,
                                          "first": first})
        if as_json:
            emit(hits)
            return
        if as_jsonl:
            emit_lines(hits)
            return
        table = Table(title=f"{len(hits)} matches for {escape(text)}")
        for col in ("name", "label", "kind", "id", "matched", "how", "score"):
            table.add_column(col)
        for h in hits:
            e = h["entity"]
            table.add_row(escape(e["name"]), e["label"], e["kind"], escape(e["id"]), escape(h["matched"]), h["how"],
                          f"{h['score']:g}")
        console.print(table)
