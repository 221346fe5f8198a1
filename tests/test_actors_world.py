"""The world catalogue converted from the PETRARCH2/Phoenix dictionaries: the converter reproduces the
shipped files, the tables load below the curated catalogue, and malformed user entries are named."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from eventgraph.actors import ActorResolver, CatalogueError, load_catalogue
from eventgraph.actors.catalogue import WORLD_DIR, add_world

ROOT = Path(__file__).resolve().parents[1]
PHOENIX = ROOT.parent / "shared" / "dictionaries" / "petrarch2"


def _converter():
    spec = importlib.util.spec_from_file_location(
        "convert_petrarch_actors", ROOT / "tools" / "convert_petrarch_actors.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="needs ../shared/dictionaries/petrarch2")
def test_the_converter_reproduces_the_shipped_world_files(tmp_path):
    written = _converter().convert(PHOENIX, tmp_path)
    assert {p.name for p in written} == {p.name for p in WORLD_DIR.iterdir()}
    for path in written:
        assert path.read_bytes() == (WORLD_DIR / path.name).read_bytes(), (
            f"{path.name} differs: re-run the tool"
        )


def test_the_licence_notice_travels_with_the_data():
    notice = (WORLD_DIR / "LICENSE-phoenix").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Open Event Data" in notice


def test_phoenix_codes_map_to_catalogue_ids_and_plover_sectors():
    tables = _converter().CodeTables()
    korea = tables.parse("KORGOVBUS")
    assert (korea.actor, korea.country, korea.sector, korea.secondary) == ("KOR", "KOR", "GOV", ("BUS",))
    assert tables.parse("IGOUNOWHO").actor == "WHO"
    un_agency = tables.parse("IGOUNOREFHCR")  # a UN agency: an IGO body, its field secondary
    assert (un_agency.actor, un_agency.sector, un_agency.secondary) == ("UN", "IGO", ("REF",))
    assert (tables.parse("PSEREBHMS").actor, tables.parse("PSEREBHMS").sector) == ("HAMAS", None)  # no IGO
    ngo = tables.parse("NGORUS")
    assert (ngo.actor, ngo.country, ngo.sector) == (None, "RUS", "NGO")
    assert tables.parse("USAMED").sector == "JRN"  # CAMEO media is PLOVER's JRN
    assert tables.parse("USAHLH").sector == "MED"  # CAMEO health is PLOVER's MED
    assert tables.parse("TMPGOV").country == "TLS"
    assert tables.parse("NGODEVUSA").country == "USA"  # a tag block, then the state
    assembly = tables.parse("IGOUNOHLHWHO")  # the World Health Assembly: the WHO's, not the UN's
    assert (assembly.actor, assembly.sector, assembly.secondary) == ("WHO", "IGO", ("MED",))


@pytest.mark.parametrize("code", ["IMGMUS", "IMGSEAMUSASF"])
def test_a_religion_tag_after_an_international_type_is_no_country(code):
    """MUS is Muslim in a Phoenix code after IMG, though it is Mauritius's ISO code too."""
    parsed = _converter().CodeTables().parse(code)
    assert (parsed.country, parsed.sector) == (None, "REB")


def test_a_state_after_a_religion_tag_is_the_groups_country():
    assert _converter().CodeTables().parse("IMGMUSRUSCNY").country == "RUS"  # Chechen groups


def test_the_apostrophe_the_dictionaries_drop_is_put_back_in_a_records_own_name():
    converter = _converter()
    record = converter.Record(["TIGRAY_PEOPLES_LIBERATION_FRONT", "PEOPLES_WORKERS_OF_THE_NORTH"])
    name, aliases = converter.names_of(record, keep_single=True)
    assert name == "Tigray Peoples Liberation Front"
    assert "Tigray People's Liberation Front" in aliases
    # only the record's own name: a synonym written so may be another actor's name
    assert "People's Workers of the North" not in aliases
    # not before a lower-case word or at the end: "Foundation for the Peoples of Asia"
    assert converter._possessive_forms("Foundation for the Peoples of Asia") == []


@pytest.fixture(scope="module")
def resolver():
    return ActorResolver(load_catalogue("south-caucasus"))


@pytest.mark.parametrize(
    ("phrase", "day", "expected"),
    [
        ("Hamid Karzai", date(2010, 5, 1), ("AFG", "GOV", "AFG")),
        ("Hamid Karzai", date(2020, 5, 1), ("AFG", "ELI", "AFG")),  # all roles ended: still Afghan
        ("Scotland Yard", date(2020, 1, 1), ("GBR", "COP", "GBR")),
        ("the Bundestag", date(2020, 1, 1), ("DEU", "LEG", "DEU")),
        ("Nigerian police", date(2020, 1, 1), ("NGA", "COP", "NGA")),
        ("Iraqi intelligence service", date(2020, 1, 1), ("IRQ", "SPY", "IRQ")),
        ("Karabakh authorities", date(2021, 1, 1), ("NKR", "GOV", "AZE")),
        ("the UN", date(2020, 1, 1), ("UN", "IGO", None)),
        ("Amnesty International", date(2020, 1, 1), ("AI", "NGO", None)),
    ],
)
def test_world_and_curated_actors_resolve_with_country_and_plover_sector(resolver, phrase, day, expected):
    ref = resolver.resolve(phrase, day)
    assert (ref.id, ref.sector, ref.country) == expected


def test_a_partially_recognised_entity_keeps_its_id_and_carries_pre(resolver):
    ref = resolver.resolve("Karabakh authorities", date(2021, 1, 1))
    assert ref.id == "NKR" and ref.secondary == ("PRE",) and ref.code == "AZEGOV"


def test_a_possessive_country_owns_a_body_named_like_another_states(resolver):
    # "the Defense Department" alone is the US one; after "Chile's" it is Chile's
    ref = resolver.resolve("Chile's Defense Department", date(2020, 1, 1))
    assert (ref.id, ref.country) == ("CHL", "CHL")
    assert resolver.resolve("the Defense Department", date(2020, 1, 1)).id == "USA"


def test_a_body_name_followed_by_party_is_another_body(resolver):
    ref = resolver.resolve("Congress Party", date(2020, 1, 1))
    assert ref is None or ref.id != "USA"
    assert resolver.resolve("the US Congress", date(2020, 1, 1)).id == "USA"


def test_an_open_role_continues_past_the_dictionaries_end(resolver):
    ref = resolver.resolve("Jan Figel", date(2024, 1, 1))  # Phoenix: SVK GOV from 2010, open
    assert (ref.id, ref.sector) == ("SVK", "GOV")


def test_the_curated_catalogue_wins_over_the_world_tables():
    catalogue = load_catalogue("south-caucasus")
    assert not catalogue.people["antony-blinken"].world
    world_names = {n.lower() for p in catalogue.people.values() if p.world for n in [p.name, *p.aliases]}
    assert "ilham aliyev" not in world_names and "nikol pashinyan" not in world_names
    # settings.yaml's not_actors stay no actor even where the world tables list the outlet
    assert ActorResolver(catalogue).resolve("The Washington Post") is None


def test_world_names_stay_out_of_the_entity_ruler():
    catalogue = load_catalogue("south-caucasus")
    patterns = {p["pattern"].lower() for p in catalogue.entity_patterns()}
    assert "mohammad zahir shah" not in patterns and "ilham aliyev" in patterns


def test_a_malformed_world_entry_names_the_file_and_the_line(tmp_path):
    for name in ("actors.tsv", "bodies.tsv", "agents.tsv"):
        (tmp_path / name).write_text(
            (WORLD_DIR / name).read_text(encoding="utf-8").splitlines(True)[1], encoding="utf-8"
        )
    (tmp_path / "people.tsv").write_text(
        "id\tname\taliases\troles\nsome-one\tSome One\t\tAFG/GOV//2001-13-40/\n", encoding="utf-8"
    )
    catalogue = load_catalogue.__wrapped__("south-caucasus", world=False)
    with pytest.raises(CatalogueError, match=r"people\.tsv: line 2: role 1: 'from' must be an ISO date"):
        add_world(catalogue, tmp_path)


def test_the_cli_resolves_a_phrase_in_its_sentence_as_a_table():
    from typer.testing import CliRunner

    from eventgraph.cli import app

    result = CliRunner().invoke(
        app,
        ["actors", "resolve", "Chile's Defense Department", "--date", "2020-06-01", "--format", "table",
         "--context", "Chile's Defense Department sent two ships."],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "CHLGOV" in result.output and "CHL" in result.output
    bad = CliRunner().invoke(app, ["actors", "resolve", "Hamas", "--context", "Nothing here."])
    assert bad.exit_code != 0 and "does not contain the phrase" in bad.output


def _profile(tmp_path, text):
    path = tmp_path / "my-profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            "{name: Transnistria, kind: nonstate, country: MDA, secondary: [PRX]}",
            "sector 'PRX' is not defined",
        ),
        ("{name: Transnistria, kind: nonstate, country: MDX}", "country 'MDX' is not in the catalogue"),
        ("{name: Transnistria, kind: breakaway}", "'kind' must be one of"),
    ],
)
def test_a_malformed_entry_in_a_users_profile_names_the_file_and_the_entry(tmp_path, entry, problem):
    from eventgraph.actors import build_catalogue
    from eventgraph.actors.catalogue import ACTORS_DIR, CATALOGUE_FILES
    from eventgraph.datafiles import DataFileError

    profile = _profile(tmp_path, f"actors:\n  TRN: {entry}\n")
    with pytest.raises(DataFileError, match=rf"my-profile\.yaml: entry 'TRN': {problem}"):
        build_catalogue(
            [ACTORS_DIR / n for n in CATALOGUE_FILES], ACTORS_DIR / "sectors.yaml", profile_file=profile
        )


def test_a_users_partially_recognised_entity_resolves_with_its_state_and_pre(tmp_path):
    from eventgraph.actors import build_catalogue
    from eventgraph.actors.catalogue import ACTORS_DIR, CATALOGUE_FILES

    profile = _profile(
        tmp_path,
        "actors:\n  TRN:\n    name: Transnistria\n    kind: nonstate\n    country: MDA\n"
        "    secondary: [PRE]\n    aliases: [Transnistria]\n"
        "    sectors: {GOV: [Transnistrian authorities]}\n",
    )
    catalogue = build_catalogue(
        [ACTORS_DIR / n for n in CATALOGUE_FILES], ACTORS_DIR / "sectors.yaml", profile_file=profile
    )
    ref = ActorResolver(catalogue).resolve("the Transnistrian authorities")
    assert (ref.id, ref.country, ref.sector, ref.secondary, ref.code) == (
        "TRN",
        "MDA",
        "GOV",
        ("PRE",),
        "MDAGOV",
    )


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("the Conservative Party", (None, None, "PTY")),  # a party of no known state
        ("Kenya's Orange Democratic Party", ("KEN", "KEN", "PTY")),
        ("Brazil's Supreme Court", ("BRA", "BRA", "JUD")),
        ("Pakistan's Inter-Services Intelligence", ("PAK", "PAK", "SPY")),
        ("Ukrainian intelligence", ("UKR", "UKR", "SPY")),
        ("the FBI", ("USA", "USA", "COP")),
        ("AU Commission chairman Moussa Faki Mahamat", ("AU", None, "IGO")),  # the body his title names
    ],
)
def test_named_bodies_and_titles_give_plover_sectors(resolver, phrase, expected):
    ref = resolver.resolve(phrase, date(2020, 11, 15))
    assert (ref.id, ref.country, ref.sector) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("the Pakistani Taliban", ("PAK", "PAK", "REB")),  # the group's branch in another state
        ("Palestinian Hamas", ("HAMAS", "PSE", "REB")),  # the group of that very state
        ("the Ethiopian National Defense Force", ("ETH", "ETH", "MIL")),  # a named body's last word
    ],
)
def test_a_state_word_before_a_group_or_an_unknown_body(resolver, phrase, expected):
    ref = resolver.resolve(phrase, date(2021, 6, 1))
    assert (ref.id, ref.country, ref.sector) == expected


@pytest.mark.parametrize(
    ("phrase", "sentence", "expected"),
    [
        ("Congress Party", "The opposition Congress Party won the vote in Karnataka.", (None, None, "PTY")),
        ("India's Congress Party", "India's Congress Party won the vote.", ("IND", "IND", "PTY")),
        (
            "Chile's Defense Department",
            "Chile's Defense Department said two ships left.",
            ("CHL", "CHL", "GOV"),
        ),
    ],
)
def test_body_names_resolve_inside_their_sentence(resolver, phrase, sentence, expected):
    from eventgraph.evaluate.actors import resolve_in_context

    ref = resolve_in_context(resolver, phrase, sentence, date(2023, 5, 13))
    assert (ref.id, ref.country, ref.sector) == expected


def test_a_countrys_other_names_become_places_of_its_state():
    """Phoenix lists regions, cities and spellings under each country; a state with a dated code (GEO since
    1991) too. Ordinary English words and short names stay out."""
    converter = _converter()
    places = converter.Converter(PHOENIX, converter.CodeTables()) if PHOENIX.is_dir() else None
    if places is None:
        pytest.skip("needs ../shared/dictionaries/petrarch2")
    places.run()
    state_of = dict(places.places)
    assert state_of.get("Kandahar") == "AFG" and state_of.get("Abkhaz") == "GEO"
    assert all(len(name) >= converter.MIN_PLACE for name in state_of)
