"""GraphML and GEXF, written as the elements come (``xml.sax.saxutils.XMLGenerator``), so a
whole-store export never holds the graph in memory.

GraphML declares every attribute as a ``<key>`` up front (:data:`~api.export.elements.NODE_ATTRS`,
``EDGE_ATTRS``); GEXF (1.2, what Gephi and networkx read) does the same with ``<attributes>``, uses
the entity's name as the node ``label`` Gephi shows, and gives each element its validity as
``start``/``end`` (first and last day of the partial dates) so Gephi's timeline can filter by
time. A GEXF file lists all nodes before any edge, so its edges are a second pass over the slice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO, Any, cast
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from api.export.elements import EDGE_ATTRS, NODE_ATTRS, Element
from graph.dates import PartialDate
from graph.errors import InvalidInput

__all__ = ["write_gexf", "write_graphml"]

# Characters XML 1.0 does not allow, even escaped.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_GRAPHML_TYPES = {"string": "string", "int": "long", "double": "double"}
_GEXF_TYPES = {"string": "string", "int": "long", "double": "double"}


def _text(value: Any) -> str:
    return _FORBIDDEN.sub("", str(value))


class _Xml:
    def __init__(self, out: IO[str]) -> None:
        self.gen = XMLGenerator(cast(Any, out), encoding="utf-8", short_empty_elements=False)
        self.out = out
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, Any] | None = None, *, nl: bool = True) -> None:
        self.out.write("  " * self.depth)
        self.gen.startElement(tag, AttributesImpl({k: _text(v) for k, v in (attrs or {}).items() if v is not None}))
        if nl:
            self.out.write("\n")
        self.depth += 1

    def end(self, tag: str, *, indent: bool = True) -> None:
        self.depth -= 1
        if indent:
            self.out.write("  " * self.depth)
        self.gen.endElement(tag)
        self.out.write("\n")

    def leaf(self, tag: str, attrs: dict[str, Any] | None = None, text: str | None = None) -> None:
        self.start(tag, attrs, nl=False)
        if text is not None:
            self.gen.characters(_text(text))
        self.end(tag, indent=False)


def write_graphml(out: IO[str], description: str, nodes: Iterable[Element], edges: Iterable[Element]) -> None:
    """GraphML (directed): one ``<key>`` per attribute, then every node, then every edge."""
    x = _Xml(out)
    x.gen.startDocument()
    x.start("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns",
                        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                        "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns "
                                              "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"})
    x.leaf("desc", text=description)
    for domain, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        for name, type_ in attrs:
            x.leaf("key", {"id": f"{domain[0]}_{name}", "for": domain, "attr.name": name,
                           "attr.type": _GRAPHML_TYPES[type_]})
    x.start("graph", {"id": "G", "edgedefault": "directed"})
    for n in nodes:
        x.start("node", {"id": n.id})
        for name, value in n.attrs.items():
            x.leaf("data", {"key": f"n_{name}"}, str(value))
        x.end("node")
    for e in edges:
        x.start("edge", {"id": e.id, "source": e.source, "target": e.target})
        for name, value in e.attrs.items():
            x.leaf("data", {"key": f"e_{name}"}, str(value))
        x.end("edge")
    x.end("graph")
    x.end("graphml")
    x.gen.endDocument()


def _day(text: Any, end: bool) -> str | None:
    if not text:
        return None
    try:
        d = PartialDate.parse(str(text))
    except InvalidInput:
        return None
    return (d.end if end else d.start).isoformat()


def write_gexf(out: IO[str], description: str, nodes: Iterable[Element], edges: Iterable[Element]) -> None:
    """GEXF 1.2 (directed, dynamic by date): names as labels, validity as start/end."""
    node_ids = {name: str(i) for i, (name, _) in enumerate(a for a in NODE_ATTRS if a[0] != "label")}
    edge_ids = {name: str(i) for i, (name, _) in enumerate(a for a in EDGE_ATTRS if a[0] != "label")}
    x = _Xml(out)
    x.gen.startDocument()
    x.start("gexf", {"xmlns": "http://www.gexf.net/1.2draft", "version": "1.2"})
    x.start("meta")
    x.leaf("creator", text="custody-graph")
    x.leaf("description", text=description)
    x.end("meta")
    x.start("graph", {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"})
    for cls, ids, attrs in (("node", node_ids, NODE_ATTRS), ("edge", edge_ids, EDGE_ATTRS)):
        x.start("attributes", {"class": cls, "mode": "static"})
        for name, type_ in attrs:
            if name in ids:
                x.leaf("attribute", {"id": ids[name], "title": name, "type": _GEXF_TYPES[type_]})
        x.end("attributes")

    def element(tag: str, el: Element, ids: dict[str, str], extra: dict[str, Any]) -> None:
        span = {"start": _day(el.attrs.get("valid_from"), False), "end": _day(el.attrs.get("valid_to"), True)}
        values = [(ids[k], v) for k, v in el.attrs.items() if k in ids]
        x.start(tag, {"id": el.id, **extra, "label": el.attrs.get("label", el.id), **span})
        if values:
            x.start("attvalues")
            for key, value in values:
                x.leaf("attvalue", {"for": key, "value": value})
            x.end("attvalues")
        x.end(tag)

    x.start("nodes")
    for n in nodes:
        element("node", n, node_ids, {})
    x.end("nodes")
    x.start("edges")
    for e in edges:
        element("edge", e, edge_ids, {"source": e.source, "target": e.target})
    x.end("edges")
    x.end("graph")
    x.end("gexf")
    x.gen.endDocument()
