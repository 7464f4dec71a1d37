"""Entity resolution: exact, alias, fuzzy (within a label, designators equal), store, kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.builder import FactBuilder
from graph.errors import InvalidInput
from graph.model import Model
from graph.sqlite_store import SqliteStore
from ingest.resolve import Resolver, designators
from tests.ingest.tablefiles import memory_store

FICTIONAL_ALIASES = {
    "Actor": [{"name": "Red Falcon group", "kind": "ArmedGroup", "aliases": ["Red Falcons", "RF group"]}],
    "Location": [{"name": "Depot D-9", "kind": "Depot", "aliases": ["Site Nine"]}],
}


@pytest.fixture
def resolver(model: Model) -> Resolver:
    return Resolver(memory_store(model), model)


def test_a_new_name_gets_the_deterministic_id_of_its_canonical_name(resolver: Resolver, model: Model) -> None:
    r = resolver.actor("14th Reserve Brigade")
    assert (r.id, r.name, r.label, r.kind) == ("actor:14th-reserve-brigade", "14th Reserve Brigade", "Actor",
                                               "MilitaryUnit")
    assert (r.resolution.method, r.resolution.score) == ("new", 100.0)
    again = Resolver(memory_store(model), model).actor("14th Reserve Brigade")
    assert again.id == r.id


def test_the_same_name_resolves_exactly_and_from_the_cache(resolver: Resolver) -> None:
    first = resolver.actor("14th Reserve Brigade")
    second = resolver.actor("the 14th  reserve brigade")
    assert second.id == first.id and second.resolution.method == "exact"
    assert resolver.actor("14th Reserve Brigade") is first


@pytest.mark.parametrize(
    ("known", "other"),
    [
        ("14th Reserve Brigade", "22nd Reserve Brigade"),
        ("14th Reserve Brigade", "2nd Battalion, 14th Reserve Brigade"),
        ("14th Reserve Brigade", "4th Reserve Brigade"),
        ("2nd Battalion, 14th Reserve Brigade", "3rd Battalion, 14th Reserve Brigade"),
        ("Border Guard Detachment 9", "Border Guard Detachment 12"),
        ("Customs Office K", "Customs Office L"),
        ("Reserve Corps II", "Reserve Corps III"),
    ],
)
def test_names_with_different_numbers_or_designators_never_merge(resolver: Resolver, known: str, other: str) -> None:
    a = resolver.actor(known)
    b = resolver.actor(other)
    assert a.id != b.id and b.resolution.method == "new"


def test_locations_with_different_designators_never_merge(resolver: Resolver) -> None:
    assert resolver.location("Depot L-3").id != resolver.location("Depot L-7").id
    assert resolver.location("Depot D-7").id != resolver.location("Depot L-7").id


def test_a_close_spelling_merges_fuzzily_with_its_score_and_reason(resolver: Resolver) -> None:
    canonical = resolver.actor("Central Supply Directorate")
    typo = resolver.actor("Central Suply Directorate")
    assert typo.id == canonical.id and typo.name == "Central Supply Directorate"
    res = typo.resolution
    assert res.method == "fuzzy" and 92 <= res.score < 100 and res.matched == "Central Supply Directorate"
    assert res.mention == "Central Suply Directorate"
    assert typo.node().aliases == ("Central Suply Directorate",)  # the mention is kept as an alias
    assert resolver.drain_merges() == [res] and resolver.drain_merges() == []
    # the next time it is an exact alias match
    assert resolver.actor("Central Suply Directorate").id == canonical.id


def test_word_order_does_not_stop_a_fuzzy_merge(resolver: Resolver) -> None:
    a = resolver.actor("Logistics Team Hotel")
    assert resolver.actor("Team Hotel Logistics").id == a.id


def test_fuzzy_matching_stays_within_a_label(resolver: Resolver) -> None:
    place = resolver.location("Forward Base Kilo")
    actor = resolver.actor("Forward Base Kilo")
    assert place.label == "Location" and actor.label == "Actor" and place.id != actor.id


def test_a_stated_kind_never_merges_into_another_kind(resolver: Resolver) -> None:
    unit = resolver.actor("Falcon Brigade Veterans", "MilitaryUnit")
    person = resolver.actor("Falcon Brigade Veteran", "Person")
    assert person.id != unit.id and person.kind == "Person"


def test_the_default_alias_table_merges_real_renamings(resolver: Resolver) -> None:
    ids = {resolver.actor(n).id for n in ("Azov Battalion", "Azov Regiment", "Azov")}
    assert ids == {"actor:azov-regiment"}
    mech = {resolver.actor(n).id for n in ("93rd Mechanized Brigade", "93rd Separate Mechanized Brigade")}
    assert mech == {"actor:93rd-separate-mechanized-brigade"}
    r = resolver.actor("Azov")
    assert (r.resolution.method, r.resolution.matched, r.kind) == ("alias", "Azov", "MilitaryUnit")


def test_an_alias_table_is_data(model: Model) -> None:
    r = Resolver(memory_store(model), model, aliases=FICTIONAL_ALIASES)
    falcons = r.actor("Red Falcons")
    assert (falcons.id, falcons.kind, falcons.resolution.method) == ("actor:red-falcon-group", "ArmedGroup", "alias")
    site = r.location("site nine")
    assert site.id == "location:depot-d-9" and site.kind == "Depot"


def test_names_already_in_the_store_are_found_with_their_ids(model: Model) -> None:
    store = SqliteStore(":memory:", model)
    b = FactBuilder(model, title="t.txt", text="fictional", kind="Report")
    b.actor("Fictional Ministry of Defence", "Organization", node_id="actor:custom-id", aliases=("FMoD",))
    store.write(b.batch)
    r = Resolver(store, model)
    assert r.actor("FMoD").id == "actor:custom-id"
    assert r.actor("FMoD").resolution.method == "alias"
    assert r.actor("Fictional Ministry of Defence").resolution.method == "exact"
    assert r.actor("Fictional Ministry of Defense").id == "actor:custom-id"  # fuzzy against the store


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("14th Reserve Brigade", "MilitaryUnit"),
        ("2nd Battalion, 14th Reserve Brigade", "MilitaryUnit"),
        ("Reserve Corps Alpha", "MilitaryUnit"),
        ("Red Falcon group", "ArmedGroup"),
        ("Contact Group on Arms Control", "Organization"),
        ("Acme Trading Company", "Company"),
        ("Fictional Arms Ltd", "Company"),
        ("Central Supply Directorate", "Organization"),
        ("Poland", "Country"),
    ],
)
def test_actor_kinds_are_guessed_from_the_name(resolver: Resolver, name: str, kind: str) -> None:
    assert resolver.actor(name).kind == kind


@pytest.mark.parametrize(
    ("name", "label", "kind"),
    [
        ("Depot L-3", "Location", "Depot"),
        ("Forward Base Kilo", "Location", "Depot"),
        ("Hub North", "Location", "Hub"),
        ("Krakovets–Korczowa", "Location", "BorderCrossing"),
        ("Palanca crossing point", "Location", "BorderCrossing"),
        ("Ivano-Frankivsk", "Location", "Place"),
        ("Town K", "Location", "Place"),
        ("Ukraine", "Actor", "Country"),
    ],
)
def test_location_kinds_are_guessed_and_countries_are_actors(resolver: Resolver, name: str, label: str,
                                                             kind: str) -> None:
    r = resolver.location(name)
    assert (r.label, r.kind) == (label, kind)


def test_a_stated_kind_wins_over_the_rules(resolver: Resolver) -> None:
    assert resolver.location("Town K", "Depot").kind == "Depot"
    assert resolver.entity("Poland", "Country").label == "Actor"
    with pytest.raises(InvalidInput, match="not a kind of Actor"):
        resolver.actor("x", "Depot")


def test_weapon_systems_resolve_against_the_catalogue(resolver: Resolver) -> None:
    jav = resolver.weapon_system("Javelin")
    assert (jav.id, jav.kind, jav.props) == ("weaponsystem:fgm-148-javelin", "ATGM", {"category": "ATGM",
                                                                                      "eeum": True})
    assert resolver.weapon_system("FGM-148").id == jav.id
    assert resolver.weapon_system("FGM-148 Javelin").resolution.method == "exact"
    assert resolver.weapon_system("Stinger").props == {"category": "MANPADS", "eeum": True}
    assert resolver.weapon_system("M4").id == "weaponsystem:m4-carbine"
    assert resolver.weapon_system("5.56mm ammunition").kind == "Ammunition"
    assert "Javelin" in jav.node().aliases


def test_an_unknown_weapon_system_is_other_and_not_monitored(resolver: Resolver) -> None:
    r = resolver.weapon_system("Fictional Launcher Mk 7")
    assert (r.kind, r.props, r.resolution.method) == ("Other", {"category": "Other", "eeum": False}, "new")
    assert r.id == "weaponsystem:fictional-launcher-mk-7"


def test_not_a_name_is_refused(resolver: Resolver) -> None:
    for bad in ("", "   ", "--", "x" * 400):
        with pytest.raises(InvalidInput):
            resolver.actor(bad)


def test_rollback_forgets_entities_created_since_the_mark(resolver: Resolver) -> None:
    resolver.actor("14th Reserve Brigade")
    mark = resolver.mark()
    resolver.actor("Central Supply Directorate")
    resolver.rollback(mark)
    assert resolver.actor("Central Suply Directorate").resolution.method == "new"
    assert resolver.actor("14th Reserve Brigade").resolution.method in ("new", "exact")


def test_designators() -> None:
    assert designators("2nd battalion 14th reserve brigade") == ("14", "2")
    assert designators("depot l-3") == ("3", "l")
    assert designators("reserve corps ii") == ("ii",)
    assert designators("fgm-148 javelin") == designators("fgm148 javelin") == ("148",)


def test_a_capital_named_as_an_actor_is_its_country(resolver: Resolver) -> None:
    washington = resolver.actor("Washington")
    assert (washington.name, washington.kind) == ("United States", "Country")
    assert resolver.actor("Kyiv", "Organization").id == resolver.actor("Ukraine").id
    assert resolver.location("Kyiv", "Place").kind == "Place"  # "talks in Kyiv": the city
    assert resolver.capital_country("Velmora") is None


def test_formal_country_names_and_us_prefixes_compare_equal(resolver: Resolver) -> None:
    assert resolver.actor("the Islamic Republic of Iran").id == resolver.actor("Iran").id
    assert resolver.actor("Democratic Republic of the Congo").name == "Democratic Republic of the Congo"
    dea = resolver.actor("United States Drug Enforcement Administration")
    assert resolver.actor("U.S. Drug Enforcement Administration").id == dea.id
    assert resolver.actor("US Drug Enforcement Administration").id == dea.id


def test_one_name_keeps_one_entity_across_labels(resolver: Resolver) -> None:
    place = resolver.location("Velmora Quay", "Place")
    as_org = resolver.mention("Velmora Quay", "Organization")
    assert (as_org.id, as_org.label, as_org.kind) == (place.id, "Location", "Place")
    assert resolver.is_location_name("Velmora Quay")
    unit = resolver.mention("Red Falcon group", "ArmedGroup")
    assert resolver.mention("Red Falcon group", "Place").id == unit.id
    assert not resolver.is_location_name("Red Falcon group")
    assert not resolver.is_location_name("Kyiv")  # a capital can stand for its government


def test_the_resolution_files_are_parsed_once_per_content(model: Model, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ingest run (and every report the API takes) makes a resolver: the YAML of its three
    files is parsed once, and a file whose content changed is read afresh."""
    import yaml

    from ingest import resolve

    parsed: list[str] = []
    real = yaml.safe_load

    def counting(text: str) -> object:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(resolve.yaml, "safe_load", counting)
    resolve._parse.cache_clear()
    Resolver(memory_store(model), model)
    assert len(parsed) == 3
    second = Resolver(memory_store(model), model)
    assert len(parsed) == 3
    assert second.actor("Red Falcons").name != "Red Falcon group"
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(yaml.safe_dump(FICTIONAL_ALIASES), encoding="utf-8")
    assert Resolver(memory_store(model), model, aliases=aliases).actor("Red Falcons").name == "Red Falcon group"
    assert len(parsed) == 4
    aliases.write_text(yaml.safe_dump({"Actor": [], "Location": []}), encoding="utf-8")
    assert Resolver(memory_store(model), model, aliases=aliases).actor("Red Falcons").name == "Red Falcons"
    assert len(parsed) == 5
