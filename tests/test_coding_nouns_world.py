"""World-news mechanisms of the coder (issue 12): findings of wrongdoing as accusations, and noun events
whose doers are a list of premodifiers. Sentences are our own; the real annotator, actor resolver and
coder run."""

from __future__ import annotations

import pytest

from tests.test_coding import code, facts

# ------------------------------------------------------------------------------ findings of wrongdoing


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("UN investigators found that the Syrian army had committed war crimes.", ("UN", "ACCUSE", "SYR")),
        ("France concluded that Iran was responsible for the atrocities.", ("FRA", "ACCUSE", "IRN")),
        # no "that": the parser flattens the clause under "the attacks"; the deed's doer is blamed
        (
            "The U.S. government has determined the attacks by the Sudanese army against the Masalit "
            "constituted genocide.",
            ("USA", "ACCUSE", "SDN"),
        ),
    ],
)
def test_a_finding_of_wrongdoing_accuses_the_wrongdoer(parts, sentence, coding):
    assert coding in facts(code(parts, sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "The European Union found that Russia had resumed gas deliveries.",  # no wrong found
        "Ukraine found a mass grave near Izium.",  # a thing found, no clause
        "The court found that Russia had committed war crimes.",  # a court's finding convicts (PLOVER)
    ],
)
def test_findings_of_no_wrong_or_by_a_court_are_no_accusation(parts, sentence):
    events = code(parts, sentence)
    assert not any(e.pattern == "finding_of_wrongdoing.verb" for e in events)


# -------------------------------------------------------------- noun events with a list of doers


def test_each_actor_of_a_premodifier_list_the_parser_breaks_is_a_doer(parts):
    # the small parser reads "U.S." as the verb's object and "sanctions" as its conjunct
    events = code(parts, "Moscow condemned U.S., European Union and British sanctions against Russia.")
    found = {s for s, kind, t in facts(events) if kind == "SANCTION" and t == "RUS"}
    assert found == {"USA", "EU", "GBR"}
    events = code(
        parts, "Successive rounds of French, European Union, British and Canadian sanctions on Iran failed."
    )
    found = {s for s, kind, t in facts(events) if kind == "SANCTION" and t == "IRN"}
    assert found == {"FRA", "EU", "GBR", "CAN"}


@pytest.mark.parametrize(
    "sentence",
    [
        "In Kyiv, Russian and Belarusian attacks on Ukraine were condemned.",  # a place before a comma
        "In Poland and Lithuania, Russian and Belarusian attacks on Ukraine were condemned.",
    ],
)
def test_a_phrase_before_a_comma_is_no_doer_of_the_listed_noun(parts, sentence):
    doers = {s for s, kind, _ in facts(code(parts, sentence)) if kind == "ASSAULT"}
    assert doers == {"RUS", "BLR"}


def test_sanctions_someone_faces_target_it_each_listed_imposer_its_own_event(parts):
    events = code(parts, "Iran faces U.S., European Union, British and Canadian sanctions.")
    assert {
        ("USA", "SANCTION", "IRN"),
        ("EU", "SANCTION", "IRN"),
        ("GBR", "SANCTION", "IRN"),
        ("CAN", "SANCTION", "IRN"),
    } <= facts(events)
    events = code(parts, "Russia faces new sanctions from the United States and the European Union.")
    assert {("USA", "SANCTION", "RUS"), ("EU", "SANCTION", "RUS")} <= facts(events)


def test_support_relied_on_comes_from_each_listed_supporter(parts):
    events = code(parts, "Belarus relies on continued support from Russia and China.")
    assert {("RUS", "SUPPORT", "BLR"), ("CHN", "SUPPORT", "BLR")} <= facts(events)


@pytest.mark.parametrize(
    "sentence",
    [
        "Americans face higher prices because of the sanctions.",  # no sanctions faced by an actor
        "Western sanctions have weakened the Russian economy.",  # merely mentioned: no target, no event
        "Armenia relies on its own army.",
    ],
)
def test_no_noun_event_where_nothing_is_faced_or_relied_on(parts, sentence):
    events = code(parts, sentence)
    assert not any(e.pattern in ("sanctions_faced.noun", "support_relied_on.noun") for e in events)


# ------------------------------------------------------------- a mediation participle misplaced


@pytest.mark.parametrize(
    "sentence",
    [
        # the parser hangs "mediated" on "leaders", inside the talks' "between" phrase
        "The clashes followed the collapse of talks between Armenian and Azerbaijani leaders mediated by "
        "the European Union.",
        # … or on the main verb, as a clause of its own (tagged as a past tense without a subject)
        "The speech followed the collapse of talks between Armenian and Azerbaijani leaders mediated "
        "earlier this week by the European Union in Brussels.",
        # … or on "collapse", whose "of" object the talks are
        "The clashes followed the collapse of talks between Armenian and Azerbaijani leaders last week "
        "mediated by the European Union in Brussels.",
    ],
)
def test_talks_mediated_by_a_third_party_when_the_participle_hangs_on_a_nearby_noun(parts, sentence):
    events = code(parts, sentence)
    assert {("EU", "CONSULT", "ARM"), ("EU", "CONSULT", "AZE")} <= facts(events)


def test_a_participle_on_a_party_of_a_fight_is_no_mediation(parts):
    events = code(parts, "Fighting broke out between Armenia and separatists backed by Russia.")
    assert not any(e.pattern == "talks.host" for e in events)


@pytest.mark.parametrize(
    ("sentence", "doers", "target"),
    [
        (
            "The U.S., EU, British and Canadian sanctions on the Belarusian government remain.",
            {"USA", "EU", "GBR", "CAN"},
            "BLR",
        ),
        ("Continued support from Russia and China for Iran has shielded it.", {"RUS", "CHN"}, "IRN"),
    ],
)
def test_every_listed_doer_of_a_noun_event_with_its_target_named(parts, sentence, doers, target):
    events = code(parts, sentence)
    assert {s for s, _, t in facts(events) if t == target} == doers
