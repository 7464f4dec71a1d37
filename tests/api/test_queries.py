"""Every query through the schema, without HTTP, on every store (the ``store`` fixture)."""

from __future__ import annotations

from tests.api.conftest import Run, codes, ok
from tests.api.world import AS_OF, BATTALION, BRIGADE, CUSTOMS, GROUP, MEMBER

CHAIN = """
query($item: String!, $asOf: String) {
  custodyChain(item: $item, asOf: $asOf) {
    item { id serial system { name eeum } }
    asOf
    holders { id name }
    segments { index start end interval { start end } inferred
               holder { id name kind __typename } location { id name kind }
               events { id type date fromActor { name } toActor { name } }
               evidence { quote locator span { start end } extractor confidence document { title kind } }
               evidenceWithheld }
    anomalies { kind message segments holder { id name } actors { id name } shipment { ref } days }
    shipments { ref }
  }
}"""


def test_custody_chain_has_every_holder_in_order_with_evidence_and_anomalies(gql: Run) -> None:
    chain = ok(gql(CHAIN, {"item": "jav 7002", "asOf": AS_OF}))["custodyChain"]
    assert chain["item"]["serial"] == "JAV-7002" and chain["item"]["system"]["eeum"] is True
    assert [h["name"] for h in chain["holders"]] == [
        "Donor Supply Office", "Transit Cell Bravo", "National Logistics Command", BRIGADE, BATTALION, GROUP, CUSTOMS]
    assert chain["segments"][0]["holder"]["__typename"] == "Organization"
    assert chain["segments"][0]["start"] == "2023-03-02" and chain["segments"][-1]["end"] is None
    assert all(s["evidence"] for s in chain["segments"])
    kinds = {(a["kind"], (a["holder"] or {}).get("name")) for a in chain["anomalies"]}
    assert ("unauthorised_holder", GROUP) in kinds and any(k == "break" for k, _ in kinds)
    brk = next(a for a in chain["anomalies"] if a["kind"] == "break")
    assert [x["name"] for x in brk["actors"]] == [BATTALION, GROUP]
    assert chain["shipments"] == [{"ref": "SHP-7001"}]


def test_an_item_missing_from_the_receipt_is_not_received(gql: Run) -> None:
    chain = ok(gql(CHAIN, {"item": "JAV-7005", "asOf": AS_OF}))["custodyChain"]
    assert [h["name"] for h in chain["holders"]] == ["Donor Supply Office", "Transit Cell Bravo"]
    [anomaly] = chain["anomalies"]
    assert anomaly["kind"] == "not_received" and anomaly["shipment"]["ref"] == "SHP-7001"


def test_unknown_serial_is_not_found_with_suggestions(gql: Run) -> None:
    out = gql(CHAIN, {"item": "JAV-7O02"})
    assert codes(out) == ["NOT_FOUND"]
    err = out["errors"][0]
    assert "JAV-7002" in err["extensions"]["suggestions"] and "did you mean" in err["message"]
    assert "Traceback" not in str(out)


def test_bad_as_of_is_invalid_input(gql: Run) -> None:
    assert codes(gql(CHAIN, {"item": "JAV-7002", "asOf": "last tuesday"})) == ["INVALID_INPUT"]


REACH = """
query($item: String!, $hops: Int, $window: IntervalInput) {
  whoCouldReach(item: $item, maxHops: $hops, window: $window) {
    item { serial } maxHops window { start end }
    results { actor { id name kind } actorId hops confidence
      paths { interval { start end } confidence hops
        steps { kind sourceId targetId direction source { name } target { name } fact validity { start end } confidence
                evidence { quote document { title } } evidenceWithheld } } }
  }
}"""


def test_who_could_reach_respects_time_and_explains_each_actor(gql: Run) -> None:
    res = ok(gql(REACH, {"item": "JAV-7002", "hops": 3}))["whoCouldReach"]
    hops = {r["actor"]["name"]: r["hops"] for r in res["results"]}
    for holder in ("Donor Supply Office", "Transit Cell Bravo", BRIGADE, BATTALION, GROUP, CUSTOMS):
        assert hops[holder] == 0
    for near in ("Border Guard Unit 5", "Quartermaster Section T", MEMBER, "Reserve Corps Bravo",
                 "Home Defence Forces"):
        assert hops[near] == 1
    for decoy in ("Mykola Shevchuk", "Logistics Team Kilo", "Border Guard Unit 3"):
        assert decoy not in hops
    member = next(r for r in res["results"] if r["actor"]["name"] == MEMBER)
    steps = member["paths"][0]["steps"]
    assert steps[0]["kind"] == "HOLDER"
    # the relation reads in its own direction ("Ivan Petrenko AFFILIATED_WITH / MEMBER_OF ..."), walked backward
    assert (steps[-1]["sourceId"], steps[-1]["direction"]) == ("actor:ivan-petrenko", "BACKWARD")
    assert all(s["evidence"] for s in steps)
    assert res["maxHops"] == 3 and res["window"] == {"start": None, "end": None}


def test_who_could_reach_within_a_window(gql: Run) -> None:
    res = ok(gql(REACH, {"item": "JAV-7002", "hops": 0, "window": {"start": "2024-03", "end": "2024-12"}}))
    names = {r["actor"]["name"] for r in res["whoCouldReach"]["results"]}
    assert names == {CUSTOMS}
    assert res["whoCouldReach"]["window"] == {"start": "2024-03-01", "end": "2024-12-31"}


def test_reachable_items_is_the_reverse_question(gql: Run) -> None:
    q = """{ reachableItems(actor: "Ivan Petrenko", maxHops: 1) { actor { name } maxHops
              results { item { serial } hops confidence path { steps { kind sourceId targetId } } } } }"""
    res = ok(gql(q))["reachableItems"]
    serials = {r["item"]["serial"]: r["hops"] for r in res["results"]}
    assert serials == {"JAV-7001": 1, "JAV-7002": 1}
    assert res["actor"]["name"] == MEMBER


def test_paths_between_two_entities(gql: Run) -> None:
    q = """{ paths(from: "Ivan Petrenko", to: "JAV-7001", maxHops: 3) { source { name } target { name } truncated
              paths { hops nodeIds entities { name } edges { sourceId targetId label fact } } } }"""
    res = ok(gql(q))["paths"]
    assert res["source"]["name"] == MEMBER and res["paths"]
    assert res["paths"][0]["hops"] == 2 and [e["label"] for e in res["paths"][0]["edges"]] == ["MEMBER_OF",
                                                                                                "HANDOVER"]


def test_alerts_over_the_whole_graph(gql: Run) -> None:
    q = """query($first: Int, $after: String) { alerts(asOf: "2024-06-30", first: $first, after: $after) {
              totalCount pageInfo { hasNextPage endCursor }
              nodes { id kind message item { serial } shipment { ref } actors { name } facts details
                      evidence { document { title } } evidenceWithheld } } }"""
    res = ok(gql(q, {"first": 50}))["alerts"]
    found = {(a["kind"], (a["item"] or {}).get("serial") or a["shipment"]["ref"]) for a in res["nodes"]}
    assert {("unauthorised_holder", "JAV-7002"), ("quantity_mismatch", "SHP-7001"), ("serial_match", "M4-77001"),
            ("overdue", "JAV-7003")} <= found
    assert ("overdue", "JAV-7001") not in found
    mismatch = next(a for a in res["nodes"] if a["kind"] == "quantity_mismatch")
    assert mismatch["details"]["shipped"] == 5 and mismatch["details"]["received"] == 4
    first = ok(gql(q, {"first": 2}))["alerts"]
    assert first["pageInfo"]["hasNextPage"] and len(first["nodes"]) == 2
    rest = ok(gql(q, {"first": 50, "after": first["pageInfo"]["endCursor"]}))["alerts"]
    assert [a["id"] for a in first["nodes"] + rest["nodes"]] == [a["id"] for a in res["nodes"]]


def test_unknown_alert_kind_is_invalid_input(gql: Run) -> None:
    assert codes(gql('{ alerts(kinds: ["rumour"]) { totalCount } }')) == ["INVALID_INPUT"]


def test_item_by_serial_or_id_with_shipments_and_events(gql: Run) -> None:
    q = """query($s: String, $id: ID) { item(serial: $s, id: $id) { id name serial lot nsn quantity kind label
              system { id name category eeum } shipments { ref consignor { name } endUser { name }
              origin { name } destination { name } receipt date } events { type date location { name } }
              evidence { document { title } locator } evidenceWithheld mergedFrom } }"""
    by_serial = ok(gql(q, {"s": "jav7001"}))["item"]
    assert by_serial["id"] == "item:JAV7001" and by_serial["system"]["category"] == "ATGM"
    assert by_serial["shipments"][0]["endUser"]["name"] == "Home Defence Forces"
    assert [e["type"] for e in by_serial["events"]] == ["HANDOVER", "HANDOVER", "INVENTORY"]
    assert ok(gql(q, {"id": "item:JAV7001"}))["item"]["serial"] == "JAV-7001"
    assert codes(gql(q, {"s": "x", "id": "y"})) == ["INVALID_INPUT"]


def test_items_page_through_with_cursors_and_filters(gql: Run) -> None:
    q = """query($f: ItemFilter, $first: Int, $after: String) { items(filter: $f, first: $first, after: $after) {
              totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id serial lot } } } }"""
    page1 = ok(gql(q, {"first": 3}))["items"]
    assert page1["totalCount"] == 8 and page1["pageInfo"]["hasNextPage"]
    page2 = ok(gql(q, {"first": 10, "after": page1["pageInfo"]["endCursor"]}))["items"]
    ids = [e["node"]["id"] for e in page1["edges"] + page2["edges"]]
    assert ids == sorted(ids) and len(ids) == 8 and not page2["pageInfo"]["hasNextPage"]
    javs = ok(gql(q, {"f": {"system": "Javelin"}, "first": 10}))["items"]
    assert javs["totalCount"] == 5
    part = ok(gql(q, {"f": {"serialContains": "7700"}}))["items"]
    assert [e["node"]["serial"] for e in part["edges"]] == ["M4-77001"]
    assert codes(gql(q, {"after": "%%%"})) == ["INVALID_INPUT"]


def test_actor_by_name_or_alias_with_relations_and_events(gql: Run) -> None:
    q = """query($n: String) { actor(name: $n) { __typename id name kind aliases
              relations(types: ["AFFILIATED_WITH"]) { type text sourceId source { name } target { name }
              validFrom validTo validity { start end } evidence { document { title } } }
              events { type date toActor { name } } } }"""
    group = ok(gql(q, {"n": "black kites"}))["actor"]
    assert group["__typename"] == "ArmedGroup" and group["aliases"] == ["Black Kites"]
    [rel] = group["relations"]
    assert rel["source"]["name"] == MEMBER and rel["validFrom"] == "2023-08-01" and rel["validTo"] is None
    assert rel["text"] == "is affiliated with"
    assert [e["type"] for e in group["events"]] == ["SEIZURE"]


def test_actors_by_kind_and_name(gql: Run) -> None:
    q = """query($k: String, $n: String) { actors(kind: $k, nameContains: $n, first: 50) {
              totalCount nodes { name kind } } }"""
    units = ok(gql(q, {"k": "MilitaryUnit"}))["actors"]
    assert {a["name"] for a in units["nodes"]} == {"Reserve Corps Bravo", BRIGADE, BATTALION,
                                                   "2nd Battalion, 31st Reserve Brigade"}
    assert ok(gql(q, {"n": "border"}))["actors"]["totalCount"] == 3
    assert codes(gql(q, {"k": "Wizard"})) == ["INVALID_INPUT"]


def test_location_and_shipment_queries(gql: Run) -> None:
    loc = ok(gql('{ location(name: "Forward Base Tango") { kind relations(types: ["BASED_AT"]) { source { name } } '
                 'events { type } } }'))["location"]
    assert loc["kind"] == "Depot" and len(loc["relations"]) == 2
    ship = ok(gql('{ shipment(ref: "shp 7001") { ref items(first: 3) { serial lot } events { type } } }'))["shipment"]
    assert len(ship["items"]) == 3 and [e["type"] for e in ship["events"]] == ["STORAGE", "STORAGE", "DELIVERY",
                                                                                "TRANSIT"]


SEARCH = """query($t: String!, $l: [String!]) { search(text: $t, labels: $l) { score how matched
              entity { __typename id name } } }"""


def test_search_exact_part_wildcard_and_fuzzy(gql: Run) -> None:
    exact = ok(gql(SEARCH, {"t": "JAV 7003"}))["search"]
    assert exact[0]["entity"]["id"] == "item:JAV7003" and exact[0]["how"] == "exact"
    part = ok(gql(SEARCH, {"t": "7700"}))["search"]
    assert [h["entity"]["id"] for h in part] == ["item:M477001"] and part[0]["how"] == "part"
    wild = ok(gql(SEARCH, {"t": "JAV-700?"}))["search"]
    assert {h["entity"]["id"] for h in wild} == {f"item:JAV700{i}" for i in range(1, 6)}
    assert {h["how"] for h in wild} == {"wildcard"}
    tail = ok(gql(SEARCH, {"t": "…7002"}))["search"]
    assert [h["entity"]["id"] for h in tail] == ["item:JAV7002"]
    fuzzy = ok(gql(SEARCH, {"t": "Black Kyte", "l": ["Actor"]}))["search"]
    assert fuzzy[0]["entity"]["name"] == GROUP and fuzzy[0]["how"] == "fuzzy"
    assert codes(gql(SEARCH, {"t": "  "})) == ["INVALID_INPUT"]
    assert codes(gql(SEARCH, {"t": "x", "l": ["Document"]})) == ["INVALID_INPUT"]


def test_document_by_id_and_hash(gql: Run) -> None:
    ev = ok(gql('{ item(serial: "M4-77001") { evidence { document { id sha256 title kind sensitivity } } } }'))
    doc = next(e["document"] for e in ev["item"]["evidence"] if e["document"]["kind"] == "Report")
    by_id = ok(gql("query($id: ID) { document(id: $id) { title published ingestedAt } }", {"id": doc["id"]}))
    assert by_id["document"]["title"] == "border_report_2024-06.txt"
    by_hash = ok(gql("query($h: String) { document(sha256: $h) { id } }", {"h": doc["sha256"]}))
    assert by_hash["document"]["id"] == doc["id"]
    assert codes(gql('{ document(id: "doc:nothing") { id } }')) == ["NOT_FOUND"]


def test_limits_in_arguments_are_limit_exceeded(gql: Run) -> None:
    assert codes(gql('{ items(first: 1000) { totalCount } }')) == ["LIMIT_EXCEEDED"]
    assert codes(gql('{ whoCouldReach(item: "JAV-7002", maxHops: 7) { maxHops } }')) == ["LIMIT_EXCEEDED"]
    assert codes(gql('{ paths(from: "JAV-7001", to: "JAV-7002", maxHops: 0) { maxHops } }')) == ["LIMIT_EXCEEDED"]
