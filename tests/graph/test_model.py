from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ModelError
from graph.model import Model, load_model


def test_model_loads_kinds_relations_and_events(model: Model) -> None:
    assert model.label_of_kind("Depot") == "Location"
    assert model.label_of_kind("ArmedGroup") == "Actor"
    assert model.access_relations == ("AFFILIATED_WITH", "MEMBER_OF", "SUBORDINATE_TO")
    assert set(model.presence_relations) == {"BASED_AT", "OPERATES_AT", "CONTROLS"}
    assert model.event("SEIZURE").take and model.event("SEIZURE").custody == "moves"
    assert model.event("INVENTORY").check


def test_unknown_names_raise_model_error(model: Model) -> None:
    with pytest.raises(ModelError, match="unknown kind 'Spaceship'"):
        model.label_of_kind("Spaceship")
    with pytest.raises(ModelError, match="unknown relation"):
        model.relation("LIKES")
    with pytest.raises(ModelError, match="unknown event type"):
        model.event("TELEPORT")


def test_law_enforcement_is_judged_by_name_and_never_for_armed_groups(model: Model) -> None:
    assert model.is_law_enforcement("Customs Office K", "Organization")
    assert model.is_law_enforcement("border police", None)
    assert not model.is_law_enforcement("Red Falcon group", "ArmedGroup")
    assert not model.is_law_enforcement("Police Battalion Nine", "ArmedGroup")


def test_a_broken_model_file_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "model.yaml"
    p.write_text("version: 1\nlabels: {}\n")
    with pytest.raises(ModelError, match=r"model\.yaml"):
        load_model(p)
