"""A real GraphQL client (gql over httpx) asks the investigator's three questions of a real
server: uvicorn on a free 127.0.0.1 port, in a thread, over the world on every store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport

from graph.store import Store
from tests.api.conftest import Keys, live_server
from tests.api.world import AS_OF, CUSTOMS, GROUP, MEMBER


@pytest.fixture
def server(world: Store, tmp_path: Path, keys: Keys) -> Iterator[str]:
    with live_server(world, tmp_path) as url:
        yield url


def client(url: str, token: str) -> Client:
    return Client(transport=HTTPXTransport(url=f"{url}/graphql", headers={"Authorization": f"Bearer {token}"},
                                           timeout=30), fetch_schema_from_transport=True)


CHAIN = GraphQLRequest("""query Chain($item: String!, $asOf: String) {
  custodyChain(item: $item, asOf: $asOf) {
    segments { index start end holder { id name } location { name } evidence { quote document { title } } }
    anomalies { kind holder { name } segments }
  }
}""", variable_values={"item": "JAV-7002", "asOf": AS_OF})
REACH = GraphQLRequest("""query Reach($item: String!) {
  whoCouldReach(item: $item, maxHops: 3) {
    results { actor { id name kind } hops confidence paths { interval { start end } steps { kind fact } } }
  }
}""", variable_values={"item": "JAV-7002"})
ALERTS = GraphQLRequest("""query Alerts($asOf: String) {
  alerts(asOf: $asOf, first: 100) { totalCount nodes { kind message item { serial } shipment { ref } } }
}""", variable_values={"asOf": AS_OF})


def test_the_three_questions_over_http_with_a_real_client(server: str, keys: Keys) -> None:
    with client(server, keys.tokens["analyst"]) as session:
        chain = session.execute(CHAIN)["custodyChain"]
        holders = [s["holder"]["name"] for s in chain["segments"] if s["holder"]]
        assert holders[-2:] == [GROUP, CUSTOMS]
        assert {"kind": "unauthorised_holder", "holder": {"name": GROUP}} in [
            {"kind": a["kind"], "holder": a["holder"]} for a in chain["anomalies"]]
        assert all(s["evidence"] for s in chain["segments"])

        reach = session.execute(REACH)["whoCouldReach"]["results"]
        by_name = {r["actor"]["name"]: r for r in reach}
        assert by_name[MEMBER]["hops"] == 1 and "Mykola Shevchuk" not in by_name
        assert by_name[MEMBER]["paths"][0]["steps"][0]["kind"] == "HOLDER"

        alerts = session.execute(ALERTS)["alerts"]
        kinds = {(a["kind"], (a["item"] or {}).get("serial")) for a in alerts["nodes"]}
        assert ("unauthorised_holder", "JAV-7002") in kinds and ("overdue", "JAV-7003") in kinds


def test_the_client_sees_typed_errors(server: str, keys: Keys) -> None:
    with client(server, keys.tokens["viewer"]) as session:
        with pytest.raises(TransportQueryError) as info:
            session.execute(GraphQLRequest('{ item(serial: "JAV-7O01") { id } }'))
        [error] = info.value.errors or []
        assert error["extensions"]["code"] == "NOT_FOUND" and "JAV-7001" in error["extensions"]["suggestions"]
    assert httpx.get(f"{server}/ready").json() == {"status": "ready"}
