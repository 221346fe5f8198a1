"""Actor recall beyond the South Caucasus profile: world leaders with dated roles, appositions that say
whom a person acts for, named bodies, more organisations and armed groups, cabinet titles.

Each test is a constructed sentence and the actor it must (or must not) yield.
"""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from eventgraph.actors import CatalogueError
from eventgraph.actors.catalogue import ACTORS_DIR
from eventgraph.actors.generic import load_generic_agents
from eventgraph.records import ActorRef, Document, Sentence, content_hash


@pytest.fixture(scope="session")
def actors_in(annotator, resolver):
    """Text and article day → {mention text: ActorRef} for the first sentence, via the real pipeline."""

    def _actors(text: str, on: date) -> dict[str, ActorRef]:
        document = Document(doc_id=content_hash(text), name="t", text=text, original_text=text)
        sentence: Sentence = annotator.annotate_one(document).sentences[0]
        return {m.actor.text: m.actor for m in resolver.mentions(sentence, on=on)}

    return _actors


def _pair(ref: ActorRef | None) -> tuple[str | None, str | None]:
    return (ref.id, ref.sector) if ref is not None else (None, None)


# ------------------------------------------------------------------------------------ world leaders


def test_every_person_in_the_world_figures_file_has_dated_roles():
    people = yaml.safe_load((ACTORS_DIR / "people.yaml").read_text(encoding="utf-8"))["people"]
    undated = [pid for pid, entry in people.items() for role in entry["roles"] if "from" not in role]
    assert not undated


def test_theresa_may_speaks_for_britain_while_prime_minister(actors_in):
    found = actors_in("Theresa May called on Brussels to compromise.", date(2018, 3, 1))
    assert _pair(found.get("Theresa May")) == ("GBR", "GOV")


def test_theresa_may_after_office_is_one_of_the_british_elites(actors_in):
    ref = actors_in("Theresa May called on Brussels to compromise.", date(2023, 3, 1))["Theresa May"]
    assert (ref.id, ref.sector, ref.person) == ("GBR", "ELI", "theresa-may")


def test_the_month_may_is_not_a_person(actors_in):
    found = actors_in("In May, Armenia and Azerbaijan resumed talks in Washington.", date(2023, 6, 1))
    assert all(ref.person is None for ref in found.values())
    assert "May" not in found


@pytest.mark.parametrize(
    ("sentence", "words", "day", "expected"),
    [
        (
            "South Sudan President Salva Kiir met rebel leaders in Juba.",
            "South Sudan President Salva Kiir",
            date(2019, 5, 1),
            ("SSD", "GOV"),
        ),
        (
            "President Uhuru Kenyatta held talks with Obama in Nairobi.",
            "President Uhuru Kenyatta",
            date(2015, 7, 25),
            ("KEN", "GOV"),
        ),
        (
            "Prime Minister Shinzo Abe visited Tehran.",
            "Prime Minister Shinzo Abe",
            date(2019, 6, 12),
            ("JPN", "GOV"),
        ),
        (
            "Chancellor Gerhard Schroeder opposed the war.",
            "Chancellor Gerhard Schroeder",
            date(2003, 2, 1),
            ("DEU", "GOV"),
        ),
    ],
)
def test_heads_of_government_resolve_without_a_country_word(actors_in, sentence, words, day, expected):
    assert _pair(actors_in(sentence, day).get(words)) == expected


def test_a_persons_government_is_the_state_they_lead(actors_in):
    found = actors_in("Prime Minister Hun Sen's government rejected the report.", date(2020, 5, 1))
    assert _pair(found.get("Prime Minister Hun Sen's government")) == ("KHM", "GOV")


def test_a_persons_troops_are_the_states_forces(actors_in):
    found = actors_in("Assad's forces shelled the town overnight.", date(2016, 5, 1))
    assert _pair(found.get("Assad's forces")) == ("SYR", "MIL")


def test_a_states_prisoners_are_not_its_people(actors_in):
    found = actors_in("Azerbaijan's prisoners were handed over at the border.", date(2023, 6, 1))
    assert _pair(found.get("prisoners")) == (None, "CVL")


# --------------------------------------------------------------------------------------- appositions


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("Jeffrey Kupfer, US Deputy Secretary of Energy, visited Baku.", "Jeffrey Kupfer", ("USA", "GOV")),
        ("Li Wenhua, a Chinese diplomat, met the delegation in Yerevan.", "Li Wenhua", ("CHN", "GOV")),
        ("Ivan Sorokin, Russia's envoy to the OSCE, criticised the plan.", "Ivan Sorokin", ("RUS", "GOV")),
        (
            "Sara Lind, a Swedish Foreign Ministry spokeswoman, declined to comment.",
            "Sara Lind",
            ("SWE", "GOV"),
        ),
        ("Tom Hale, the State Councillor of China, arrived in Baku.", "Tom Hale", ("CHN", "GOV")),
    ],
)
def test_an_apposition_names_whom_an_unknown_person_acts_for(actors_in, sentence, name, expected):
    assert _pair(actors_in(sentence, date(2023, 6, 1)).get(name)) == expected


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("Russia's envoy to the OSCE, Ivan Sorokin, criticised the plan.", "Ivan Sorokin", ("RUS", "GOV")),
        (
            "The head of the Russian peacekeeping contingent, Andrei Volkov, met Karabakh officials.",
            "Andrei Volkov",
            ("RUS", "MIL"),
        ),
    ],
)
def test_a_role_before_the_name_names_whom_the_person_acts_for(actors_in, sentence, name, expected):
    assert _pair(actors_in(sentence, date(2023, 6, 1)).get(name)) == expected


def test_an_aide_to_a_leader_acts_for_the_leaders_state(actors_in):
    found = actors_in("Ivan Petrov, an aide to Putin, denied the report.", date(2023, 8, 1))
    assert _pair(found.get("Ivan Petrov")) == ("RUS", "GOV")


def test_a_spokesman_for_a_group_speaks_for_it(actors_in):
    found = actors_in(
        "A spokesman for the Taliban, Qari Yusuf Ahmadi, claimed responsibility for the attack.",
        date(2019, 1, 1),
    )
    assert found["Qari Yusuf Ahmadi"].id == "TALIBAN"


def test_an_envoy_to_a_state_is_not_that_states(actors_in):
    found = actors_in("John Smith, an envoy to Armenia, met Pashinyan in Yerevan.", date(2023, 8, 1))
    assert found["John Smith"].id is None


def test_a_former_official_is_one_of_the_states_elites_not_its_government(actors_in):
    found = actors_in(
        "Karen Abrahamyan, a former minister of Armenia, criticised Pashinyan.", date(2023, 6, 1)
    )
    assert _pair(found.get("Karen Abrahamyan")) == ("ARM", "ELI")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("former Georgian President Mikheil Saakashvili", ("GEO", "ELI")),
        ("former Iraqi Prime Minister Nouri al-Maliki", ("IRQ", "ELI")),
        ("former Armenian President Robert Kocharyan", ("ARM", "OPP")),  # his own role that day
    ],
)
def test_a_former_title_makes_an_elite_unless_the_person_holds_a_role_with_that_state(
    resolver, phrase, expected
):
    assert _pair(resolver.resolve(phrase, on=date(2023, 5, 7))) == expected


def test_a_catalogue_official_out_of_office_gets_no_actor_from_a_title(actors_in):
    found = actors_in("Antony Blinken, the US Secretary of State, met Bayramov.", date(2026, 3, 1))
    assert (found["Antony Blinken"].id, found["Antony Blinken"].sector) == ("USA", "ELI")


def test_a_country_deeper_in_the_apposition_is_not_the_persons_actor(actors_in):
    found = actors_in(
        "John Hale, head of the Russia programme at Chatham House, said the talks failed.", date(2023, 6, 1)
    )
    assert found.get("John Hale") is None or found["John Hale"].id is None


# -------------------------------------------------------------------------------- offices and bodies


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("German Interior Minister Horst Seehofer", ("DEU", "GOV")),
        ("Azerbaijani Economy Minister Mikayil Jabbarov", ("AZE", "GOV")),
        ("Armenian Deputy Prime Minister Mher Grigoryan", ("ARM", "GOV")),
        ("the US Assistant Secretary of State", ("USA", "GOV")),
        ("Jordan's King", ("JOR", "GOV")),
    ],
)
def test_cabinet_titles_after_a_state_word_name_its_government(resolver, phrase, expected):
    assert _pair(resolver.resolve(phrase, on=date(2023, 6, 1))) == expected


def test_an_unknown_named_court_is_a_judiciary_without_a_country(actors_in):
    found = actors_in("The Supreme Court rejected the appeal on Monday.", date(2023, 6, 1))
    assert _pair(found.get("The Supreme Court")) == (None, "JUD")


def test_an_unknown_body_after_a_states_possessive_is_that_states(actors_in):
    found = actors_in("Georgia's Anti-Corruption Bureau summoned two activists.", date(2024, 6, 1))
    # "Bureau" is a named_bodies word (generic.yaml): a state agency, GOV
    assert _pair(found.get("Georgia's Anti-Corruption Bureau")) == ("GEO", "GOV")


def test_a_single_lawmaker_is_the_legislature(actors_in):
    found = actors_in("An Azerbaijani MP accused France of colonialism.", date(2023, 6, 1))
    assert _pair(found.get("Azerbaijani MP")) == ("AZE", "LEG")


def test_ministers_from_a_states_government_are_that_government(actors_in):
    found = actors_in(
        "Georgian demonstrators received ministers from the Georgian government.", date(2023, 6, 1)
    )
    assert _pair(found.get("ministers")) == ("GEO", "GOV")


def test_officials_of_an_organisation_are_that_organisation(actors_in):
    found = actors_in("Officials of the European Union criticised the decision.", date(2023, 6, 1))
    assert _pair(found.get("Officials")) == ("EU", "IGO")
    assert found["Officials"].secondary == ("GOV",)


def test_a_former_minister_is_an_elite_not_the_government(actors_in):
    found = actors_in("A former minister of Armenia criticised the agreement.", date(2023, 6, 1))
    assert _pair(found.get("minister of Armenia")) == ("ARM", "ELI")


def test_prisoners_of_an_army_are_not_that_army(actors_in):
    found = actors_in("Prisoners of the Azerbaijani army were released on Friday.", date(2023, 6, 1))
    assert found["Prisoners"].id is None


# ------------------------------------------------------------------------------------- organisations


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Medecins Sans Frontieres", ("MSF", "NGO")),
        ("Doctors Without Borders", ("MSF", "NGO")),
        ("the ELN", ("ELN", "REB")),
        ("FARC rebels", ("FARC", "REB")),
        ("the New People's Army", ("NPA", "REB")),
        ("ECOWAS", ("ECOWAS", "IGO")),
        ("the Lord's Resistance Army", ("LRA", "REB")),
        ("Immigration and Customs Enforcement", ("USA", "GOV")),
        ("the Syrian Observatory for Human Rights", ("SYR", "OPP")),
        ("UNDOF", ("UN", "IGO")),
        ("WHO", ("WHO", "IGO")),
        ("the UN General Assembly", ("UN", "IGO")),  # not "the UN" with a "General" (MIL) title
    ],
)
def test_widely_reported_organisations_resolve(resolver, phrase, expected):
    assert _pair(resolver.resolve(phrase)) == expected


def test_the_word_who_is_not_the_health_organisation(resolver):
    assert resolver.resolve("who") is None


# ---------------------------------------------------------------------------------------- validation


def test_person_roles_must_be_single_lower_case_words(tmp_path):
    path = tmp_path / "generic.yaml"
    path.write_text("agents: {GOV: [government]}\nperson_roles: {GOV: [Press Secretary]}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"person_roles\.GOV: 'Press Secretary' must be one lower-case"):
        load_generic_agents(path)


def test_former_sector_must_be_a_defined_sector(tmp_path):
    path = tmp_path / "generic.yaml"
    path.write_text("agents: {GOV: [government]}\nformer_sector: XYZ\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"former_sector: 'XYZ' is not a sector"):
        load_generic_agents(path, sectors=frozenset({"GOV", "ELI"}))


def test_role_prepositions_must_list_lower_case_nouns(tmp_path):
    path = tmp_path / "generic.yaml"
    path.write_text("agents: {GOV: [government]}\nrole_prepositions: {to: Aide}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"role_prepositions\.to: expected a list of lower-case nouns"):
        load_generic_agents(path)


def test_a_surname_that_is_an_english_word_is_no_person_in_lower_case(actors_in):
    found = actors_in("Soldiers praised the gallant defenders of the village.", date(2023, 8, 1))
    assert all(ref.person is None for ref in found.values())
