"""Forms the coder reads besides plain clauses, and modality as the PLOVER manual has it: hyphenated
compound modifiers ("the Russian-brokered truce"), event nouns the tagger took for verbs ("Azerbaijani
shelling resumed"), agreements whose content is only planned, hedged reports, and denials after an
accusation. Sentences are our own; the real annotator, actor resolver and coder run."""

from __future__ import annotations

import pytest

from eventgraph.records import Event
from tests.test_coding import code, facts


def coded(events: list[Event], kind: str) -> list[Event]:
    return [e for e in events if e.type == kind]


# ----------------------------------------------------------------------------- hyphenated compounds


def test_a_brokered_truce_is_mediation_between_the_parties_named(parts):
    events = code(parts, "The Russian-brokered truce between Armenia and Azerbaijan collapsed within hours.")
    assert {("RUS", "CONSULT", "ARM"), ("RUS", "CONSULT", "AZE")} <= facts(events)
    assert all(e.mode == "third-party" and e.cameo == "045" for e in coded(events, "CONSULT"))


def test_a_brokered_truce_without_parties_takes_the_pair_the_sentence_names(parts):
    events = code(parts, "The Armenian-Azerbaijani war ended in 2020 with a Russian-brokered ceasefire.")
    assert {("RUS", "CONSULT", "ARM"), ("RUS", "CONSULT", "AZE")} <= facts(events)
    # unless the broker is one of the pair: then it names no parties
    events = code(parts, "Russia and Turkey discussed the Russian-brokered truce in Syria.")
    assert [(e.source.id, e.target) for e in coded(events, "CONSULT")] == [("RUS", None)]


def test_a_brokered_truce_names_its_broker_not_the_party_violating_it(parts):
    events = code(parts, "Azerbaijani forces violated the Russian-brokered ceasefire.")
    assert ("RUS", "CONSULT", None) in facts(events)  # mediation with no parties named: one-sided
    assert ("AZE", "ASSAULT", None) in facts(events)
    assert not any(e.target and e.target.id == "RUS" for e in events)


def test_the_brokering_is_presupposed_whatever_the_clause_around_it_says(parts):
    events = code(parts, "Russia will violate the US-brokered deal.")
    mediation = [e for e in events if e.source.id == "USA" and e.type == "CONSULT"]
    assert mediation and not any(e.hypothetical or e.negated for e in mediation)


def test_a_led_alliance_stands_for_its_leader(parts):
    assert ("SAU", "ASSAULT", "YEM") in facts(
        code(parts, "The Saudi-led coalition launched airstrikes on Yemen.")
    )
    assert ("RUS", "ACCUSE", "ARM") in facts(code(parts, "The Moscow-led alliance condemned Armenia."))


def test_backed_forces_are_supported_not_the_backer_acting(parts):
    events = code(parts, "Kremlin-backed separatists shelled the town.")
    support = coded(events, "SUPPORT")
    assert [(e.source.id, e.pattern) for e in support] == [("RUS", "backed.attributive")]
    assert support[0].target is not None and support[0].target.text == "separatists"
    assert not any(e.type == "ASSAULT" and e.source.id == "RUS" for e in events)
    armed = code(parts, "Azerbaijan deployed Turkish-trained special forces.")
    assert any((e.source.id, e.type, e.cameo) == ("TUR", "AID", "072") for e in armed)


def test_a_maker_of_weapons_is_not_who_attacks_with_them(parts):
    events = code(parts, "Iranian-made drones struck Kyiv overnight.")
    assert not any(e.source.id == "IRN" for e in events)
    used = code(parts, "Russia used Iranian-made drones in the attack on Kyiv.")
    assert ("RUS", "ASSAULT", "UKR") in facts(used)
    assert not any(e.source.id == "IRN" or (e.target and e.target.id == "IRN") for e in used)


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("Armenia-Azerbaijan talks resumed in Washington.", ("ARM", "CONSULT", "AZE")),
        ("The US-Russia summit took place in Geneva.", ("USA", "CONSULT", "RUS")),
        ("Russia-Ukraine fighting continued.", ("RUS", "ASSAULT", "UKR")),
    ],
)
def test_a_hyphenated_pair_before_a_noun_is_its_two_sides(parts, sentence, coding):
    assert coding in facts(code(parts, sentence))


def test_a_hyphenated_pair_of_one_actor_is_no_pair(parts):
    assert not code(parts, "The Moscow-Russia talks resumed.")  # one actor twice: nobody to talk to


# ----------------------------------------------------------------- event nouns the tagger made verbs


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("Azerbaijani shelling resumed near Stepanakert.", ("AZE", "ASSAULT", None)),
        ("Russian shelling continued in Kharkiv.", ("RUS", "ASSAULT", None)),
        ("Fighting erupted between Armenia and Azerbaijan on Tuesday.", ("ARM", "ASSAULT", "AZE")),
        ("Heavy fighting broke out between Azerbaijani and Armenian forces.", ("ARM", "ASSAULT", "AZE")),
    ],
)
def test_an_event_noun_that_erupts_or_resumes_is_coded(parts, sentence, coding):
    events = code(parts, sentence)
    found = facts(events) | {(t, k, s) for s, k, t in facts(events) if t}  # a clash is undirected
    assert coding in found


def test_the_annotator_reads_an_event_noun_subject_as_a_noun(annotator):
    from eventgraph.records import Document, content_hash

    text = "Azerbaijani shelling resumed near Stepanakert."
    document = Document(doc_id=content_hash(text), name="t.txt", text=text, original_text=text)
    tokens = annotator.annotate_one(document).sentences[0].tokens
    shelling = tokens[1]
    assert (shelling.pos, shelling.lemma, shelling.dep) == ("NOUN", "shelling", "nsubj")
    assert tokens[0].head == 1  # "Azerbaijani" modifies the noun again


def test_an_event_that_did_not_break_out_or_only_could_stays_out_of_the_facts(parts):
    events = code(parts, "Fighting did not erupt between Armenia and Azerbaijan.")
    assert events and all(e.negated for e in events)
    events = code(parts, "Clashes could break out between Armenia and Azerbaijan.")
    assert events and all(e.modality == "possibility" for e in events)


# ------------------------------------------------------------------------------ modality (PLOVER)


def test_agreeing_to_a_deed_is_an_asserted_agreement_and_the_deed_stays_planned(parts):
    events = code(parts, "Russia agreed to supply weapons to Armenia.")
    assert ("RUS", "AGREE", "ARM") in facts(events)
    aid = coded(events, "AID")
    assert aid and all(e.hypothetical and e.modality == "intent" for e in aid)
    talks = code(parts, "Armenia and Azerbaijan agreed to hold talks in Moscow.")
    assert ("ARM", "AGREE", "AZE") in facts(talks)
    # whom the agreement is with, named only in what was agreed
    lend = code(parts, "Australia has agreed to lend $1 billion to Indonesia.")
    assert ("AUS", "AGREE", "IDN") in facts(lend)


def test_agreeing_to_halt_fighting_is_an_agreement_and_a_planned_ceasefire_not_fighting(parts):
    events = code(parts, "Armenia and Azerbaijan agreed to halt fighting over the separatist region.")
    assert ("ARM", "AGREE", "AZE") in facts(events)
    assert not coded(events, "ASSAULT")  # "fighting" is the noun halted, not a verb of fighting
    ceasefire = coded(events, "RETREAT")
    assert ceasefire and all(e.mode == "ceasefire" and e.modality == "intent" for e in ceasefire)
    # a gerund with an object of its own stays a verb: the shelling happened
    assert ("RUS", "ASSAULT", None) in facts(code(parts, "Russia stopped shelling the town."))


def test_a_deed_that_appeared_or_seemed_to_happen_is_a_hedged_fact(parts):
    for sentence, coding in [
        ("Russian forces appeared to launch an offensive on Kyiv.", ("RUS", "ASSAULT", "UKR")),
        ("Azerbaijani troops seemed to shell Armenian villages overnight.", ("AZE", "ASSAULT", "ARM")),
        ("Russian forces are believed to have attacked Kharkiv.", ("RUS", "ASSAULT", None)),
    ]:
        assert coding in facts(code(parts, sentence)), sentence
    # a plan stays a plan
    events = code(parts, "Russian forces planned to launch an offensive on Kyiv.")
    assert events and all(e.modality == "intent" for e in events)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Officials prepared for a Russian-Turkish summit scheduled for the near future.", "future"),
        ("The upcoming talks between Armenia and Azerbaijan were postponed.", "future"),
        ("Diplomats discussed the next round of talks between Armenia and Azerbaijan.", "future"),
        ("Russia's possible attack on Ukraine worried NATO.", "possibility"),
    ],
)
def test_a_noun_event_its_modifiers_place_ahead_is_not_a_fact(parts, sentence, kind):
    events = [e for e in code(parts, sentence) if e.pattern.endswith(".noun")]
    assert events and all(e.modality == kind for e in events)


def test_a_noun_event_without_such_modifiers_stays_a_fact(parts):
    events = code(parts, "The talks between Armenia and Azerbaijan took place in Brussels.")
    assert ("ARM", "CONSULT", "AZE") in facts(events)
    # a participle that names the event places nothing ahead
    events = code(parts, "Georgian and American troops began a joint exercise called Noble Partner.")
    assert {("GEO", "COOPERATE", "USA"), ("USA", "COOPERATE", "GEO")} & facts(events)


def test_a_later_denial_does_not_negate_the_accusation_before_it(parts):
    events = code(parts, "Moscow blamed Kyiv for the attack, a charge Ukraine denied.")
    assert ("RUS", "ACCUSE", "UKR") in facts(events)
    events = code(parts, "Azerbaijan said Armenian forces shelled its positions, but Yerevan denied it.")
    assert {("AZE", "ACCUSE", "ARM"), ("ARM", "REJECT", "AZE")} <= facts(events)
    events = code(parts, "Azerbaijan said Armenian forces shelled its positions, which Yerevan denied.")
    assert {("AZE", "ACCUSE", "ARM"), ("ARM", "REJECT", "AZE")} <= facts(events)


def test_a_denial_of_what_follows_it_still_negates_it(parts):
    events = code(parts, "Moscow denied that Russian troops had shelled the town.")
    shelling = coded(events, "ASSAULT")
    assert shelling and all(e.negated for e in shelling)


# -------------------------------------------------------------- curated entries and their wrong senses


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("Putin ruled out talks with Ukraine.", ("RUS", "REJECT", "UKR", "125")),
        ("Russia proposed a ceasefire to Ukraine.", ("RUS", "AGREE", "UKR", "035")),
        ("Baku described the Armenian statement as baseless.", ("AZE", "ACCUSE", "ARM", "112")),
        ("Azerbaijan described Armenia's claims as groundless.", ("AZE", "ACCUSE", "ARM", "112")),
        ("Iran voiced doubts about the Turkish plan.", ("IRN", "ACCUSE", "TUR", "110")),
        ("Ukrainian forces routed the Russian units near Izium.", ("UKR", "ASSAULT", "RUS", "190")),
        ("Russian troops surrounded the Ukrainian garrison.", ("RUS", "COERCE", "UKR", "191")),
    ],
)
def test_curated_judgement_and_conquest_entries(parts, sentence, coding):
    events = code(parts, sentence)
    found = {(e.source.id, e.type, e.target.id if e.target else None, e.cameo) for e in events}
    assert coding in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Voters defeated the motion in Armenia.",
        "The judge ruled out of order the Armenian motion.",
        "Armenia cut down its spending on Russian gas.",
        "Protesters surrounded the Armenian parliament.",  # not troops: a crowd, not a blockade
    ],
)
def test_curated_entries_keep_out_of_other_senses(parts, sentence):
    events = code(parts, sentence)
    assert not any(
        e.pattern in ("defeat.verb", "rule_out_settlement.verb", "gun_down.verb", "surround.verb")
        for e in events
    )


def test_condemning_a_deed_done_by_forces_targets_them(parts):
    # "Ukrainian forces" names an actor, no act of forcing: the target, not a deed whose doer is sought
    events = code(parts, "Russia will defeat Ukrainian forces.")
    assert [(e.source.id, e.target and e.target.id, e.modality) for e in coded(events, "ASSAULT")] == [
        ("RUS", "UKR", "future")
    ]
    events = code(parts, "Azerbaijan condemned the shelling of Tavush by Armenian forces.")
    assert ("AZE", "ACCUSE", "ARM") in facts(events)


def test_a_relative_that_is_no_pronoun_for_what_was_said(parts):
    events = code(parts, "Polyanskiy said the only solution that Moscow would not veto was its own.")
    assert all(e.target is None or e.target.text != "Polyanskiy" for e in coded(events, "REJECT"))


def test_a_malformed_event_noun_file_is_named_in_the_error(tmp_path):
    from eventgraph.nlp.annotate import EVENT_NOUNS_FILE, EventNounsError, load_event_noun_readings

    good = load_event_noun_readings(EVENT_NOUNS_FILE)
    assert good.nouns["clashes"] == "clash" and "erupt" in good.occurrence_verbs
    bad = tmp_path / "event_nouns.yaml"
    bad.write_text(EVENT_NOUNS_FILE.read_text(encoding="utf-8").replace("object_verbs:", "objects:"))
    with pytest.raises(EventNounsError, match="event_nouns.yaml: expected the keys"):
        load_event_noun_readings(bad)
    bad.write_text(
        "nouns: [fighting]\noccurrence_verbs: []\nmisread_deps: []\nobject_verbs: []\n"
        "misread_object_deps: []\n"
    )
    with pytest.raises(EventNounsError, match="nouns must map words to lemmas"):
        load_event_noun_readings(bad)
