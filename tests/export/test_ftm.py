"""The FollowTheMoney export: FtM's own ``ftm validate`` accepts the public scenario's export
unchanged, entities reference only entities of the file, and the mapping is the documented one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api.export import StoreSlice, check_format, reach_slice
from graph.errors import InvalidInput
from graph.store import Store
from tests.api.world import BATTALION, BRIGADE, MEMBER
from tests.export.conftest import exported

followthemoney = pytest.importorskip("followthemoney")


def _ftm_cli() -> str:
    beside = Path(sys.executable).with_name("ftm")
    found = str(beside) if beside.exists() else shutil.which("ftm")
    if found is None:
        pytest.fail("followthemoney is installed but its `ftm` command is not on PATH")
    return found


def _entities(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def _names(entities: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["properties"]["name"][0]: e for e in entities if e["properties"].get("name")}


def test_ftm_validate_accepts_the_scenario_export(scenario_store: Store, tmp_path: Path) -> None:
    data = exported(scenario_store, StoreSlice(scenario_store), "ftm")
    (tmp_path / "in.json").write_bytes(data)
    done = subprocess.run([_ftm_cli(), "validate", "-i", str(tmp_path / "in.json"), "-o", str(tmp_path / "out.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    sent, back = _entities(data), _entities((tmp_path / "out.json").read_bytes())
    # validation re-parses every value: nothing was dropped or rewritten
    assert len(back) == len(sent) > 50
    assert {e["id"]: (e["schema"], e["properties"]) for e in back} == \
        {e["id"]: (e["schema"], e["properties"]) for e in sent}
    model = followthemoney.model
    ids = {e["id"] for e in sent}
    for e in sent:
        schema = model.get(e["schema"])
        assert schema is not None and not schema.abstract, e["schema"]
        missing = [p for p in schema.required if not e["properties"].get(p)]
        assert not missing, (e["schema"], missing)
        for prop, values in e["properties"].items():
            if schema.properties[prop].type.name == "entity":
                assert set(values) <= ids, (e["schema"], prop)
    schemata = {e["schema"] for e in sent}
    assert {"Person", "Organization", "Address", "Asset", "Event", "Membership", "Control", "Document"} <= schemata


def test_the_mapping(world_store: Store) -> None:
    entities = _entities(exported(world_store, StoreSlice(world_store), "ftm"))
    by_id = {e["id"]: e for e in entities}
    names = _names(entities)
    assert names[MEMBER]["schema"] == "Person"
    assert names["Black Kite group"]["schema"] == "Organization"
    assert names["Black Kite group"]["properties"]["alias"] == ["Black Kites"]
    assert names["Hub East"]["schema"] == "Address"
    assert names["JAV-7001"]["schema"] == "Asset" and "FGM-148 Javelin" in names["JAV-7001"]["properties"]["summary"][0]
    membership = [e for e in entities if e["schema"] == "Membership"
                  and by_id[e["properties"]["member"][0]]["properties"]["name"] == [MEMBER]]
    assert len(membership) == 1
    m = membership[0]["properties"]
    assert by_id[m["organization"][0]]["properties"]["name"] == [BATTALION]
    assert (m["startDate"], m["endDate"]) == (["2023-02-01"], ["2023-11-30"])
    assert m["proof"] and by_id[m["proof"][0]]["schema"] == "Document"
    assert "confidence" in m["description"][0]
    control = [e["properties"] for e in entities if e["schema"] == "Control"
               and by_id[e["properties"]["controlled"][0]]["properties"]["name"] == [BATTALION]]
    assert by_id[control[0]["controller"][0]]["properties"]["name"] == [BRIGADE]
    seizure = [e["properties"] for e in entities
               if e["schema"] == "Event" and e["properties"].get("date") == ["2024-06-18"]]
    assert seizure and seizure[0]["summary"] == ["seizure of M4-77001 to Border Police Post 2"]


def test_a_reach_answer_exports_only_what_it_names(world_store: Store) -> None:
    entities = _entities(exported(world_store, reach_slice(world_store, "JAV-7001", max_hops=1), "ftm"))
    ids = {e["id"] for e in entities}
    for e in entities:
        for prop in ("member", "organization", "controller", "controlled", "subject", "object", "involved", "proof"):
            assert set(e["properties"].get(prop, [])) <= ids


def test_without_followthemoney_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)
    with pytest.raises(InvalidInput, match=r"pip install 'custody-graph\[ftm\]'"):
        check_format("ftm")
