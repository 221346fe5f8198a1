"""Nominal events (data/lexicon/predicates-nominal.yaml): sanctions, condemnation and war told as nouns, with
their agent in a by-/from-phrase, a possessive, an adjective or a list; targets taken from the deed a
noun names; and the senses of "offer", "press", "pull", "meet", "order" and "warn" that are no events.
Sentences are our own; the real annotator, actor resolver and coder run."""

from __future__ import annotations

import pytest

from tests.test_coding import code, facts

# ---------------------------------------------------------------------------------------- sanctions


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("The European Union unveiled a new package of sanctions against Moscow.", ("EU", "SANCTION", "RUS")),
        ("Washington slapped fresh sanctions on Iran.", ("USA", "SANCTION", "IRN")),
        ("The EU adopted a sixth round of sanctions on Russia.", ("EU", "SANCTION", "RUS")),
        ("The United States unveiled new sanctions on Thursday.", ("USA", "SANCTION", None)),
    ],
)
def test_sanctions_announced_as_a_noun_are_imposed_by_the_announcer(parts, sentence, coding):
    assert coding in facts(code(parts, sentence))


def test_sanctions_merely_mentioned_are_no_event_of_their_own(parts):
    events = code(parts, "Western sanctions have weakened the Russian economy.")
    assert not any(e.type == "SANCTION" for e in events)
    events = code(parts, "Russia complained about the sanctions after the Western talks.")
    assert not any(e.type == "SANCTION" for e in events)


# ------------------------------------------------------------------------------------- condemnation


def test_condemnation_drawn_from_a_list_accuses_the_doer_each_member_its_own_event(parts):
    events = code(
        parts,
        "Russia's strikes on Odesa drew condemnation from the United Nations, the European Union, "
        "the United States, Britain and Italy.",
    )
    found = {(s, t) for s, kind, t in facts(events) if kind == "ACCUSE"}
    assert found == {(s, "RUS") for s in ("UN", "EU", "USA", "GBR", "ITA")}


def test_the_doer_of_a_deed_drawing_condemnation_may_come_from_the_article(parts):
    events = code(
        parts,
        "Russian forces fired missiles at Odesa on Saturday. "
        "The strikes drew sharp criticism from Germany and France.",
    )
    assert {("DEU", "ACCUSE", "RUS"), ("FRA", "ACCUSE", "RUS")} <= facts(events)


def test_an_actor_subject_drawing_criticism_is_its_target(parts):
    assert ("EU", "ACCUSE", "HUN") in facts(code(parts, "Hungary drew criticism from the European Union."))


def test_condemnation_drawn_by_something_that_is_no_deed_names_no_target(parts):
    events = code(parts, "The new film drew criticism from France.")
    assert not any(e.type == "ACCUSE" and e.target is not None for e in events)


def test_a_list_is_not_stretched_into_the_next_clause(parts):
    """ "…from Armenia, and the EU said …": the EU is the subject of its own clause, not in the list."""
    text = "The blockade drew criticism from Armenia, and the European Union said it was worried."
    events = code(parts, text)
    assert not any(e.source.id == "EU" and e.type == "ACCUSE" for e in events)


# ------------------------------------------------------------------------------------- war as a noun


def test_a_war_in_a_country_targets_that_country(parts):
    text = "Germany condemned the Kremlin's aggression in Ukraine."
    assert ("RUS", "ASSAULT", "UKR") in facts(code(parts, text))
    assert ("RUS", "ASSAULT", "UKR") in facts(code(parts, "Prices rose because of Russia's war in Ukraine."))


def test_a_war_noun_without_target_is_against_the_other_side_of_the_fighting_told(parts):
    text = "Russia invaded Ukraine in February. In response to Putin's invasion, Britain launched a scheme."
    events = [e for e in code(parts, text) if e.sentence_index == 1]
    assert ("RUS", "ASSAULT", "UKR") in facts(events)
    blockade = "Russia invaded Ukraine in February. Prices rose after a Russian blockade of Black Sea ports."
    assert ("RUS", "COERCE", "UKR") in facts(code(parts, blockade))


def test_a_war_noun_with_no_fighting_told_before_codes_nothing(parts):
    events = code(parts, "In response to Putin's invasion, Britain launched a visa scheme.")
    assert not any(e.type == "ASSAULT" for e in events)
    # nor does a side outside the fighting told take its opponent
    text = "Russia invaded Ukraine in February. Prices rose after a Turkish blockade of the port."
    events = code(parts, text)
    assert not any(e.type == "COERCE" for e in events)


def test_a_time_as_possessor_refers_back_to_the_deed_told(parts):
    text = "Russian forces shelled Kharkiv on Saturday. Zelenskyy denounced Saturday's attack as barbarism."
    events = [e for e in code(parts, text) if e.sentence_index == 1]
    assert ("UKR", "ACCUSE", "RUS") in facts(events)


# ------------------------------------------------------------------------------------- verb senses


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Ukraine's foreign minister offered a bleak assessment of the fighting in the east.", "AGREE"),
        ("Ukraine and Russia offered differing versions of the attack.", "AGREE"),
        ("Ukraine pressed ahead on Sunday with efforts to restart grain exports.", "REQUEST"),
        ("Lukashenko said Belarus had started pulling forces together.", "RETREAT"),
        ("Finland already meets NATO's 2% spending target.", "CONSULT"),
        ("The combat readiness test, ordered by Lukashenko, began on Monday.", "REQUEST"),
        ("NATO warned the number of Russian forces is going up.", "THREATEN"),
        ("Putin ordered Russian troops to invade Ukraine.", "REQUEST"),
        ("The president ordered additional troops to Europe.", "REQUEST"),
        ("Western countries warned Russian forces massed near Ukraine could be used.", "THREATEN"),
    ],
)
def test_a_sense_of_the_trigger_that_is_no_event(parts, sentence, kind):
    assert not any(e.type == kind for e in code(parts, sentence))


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("Azerbaijan ordered Armenia to withdraw its troops from the border.", ("AZE", "REQUEST", "ARM")),
        ("The International Court of Justice ordered Russia to halt its assault.", ("ICJ", "REQUEST", "RUS")),
        ("Iran warned Azerbaijan against any change to the border.", ("IRN", "THREATEN", "AZE")),
        ("The United States pledged support to Ukraine.", ("USA", "AGREE", "UKR")),
        ("Blinken met Lavrov in Geneva.", ("USA", "CONSULT", "RUS")),
        ("The European Union pressed Serbia to recognise Kosovo.", ("EU", "REQUEST", "SRB")),
    ],
)
def test_the_event_sense_of_the_same_triggers_stays(parts, sentence, coding):
    assert coding in facts(code(parts, sentence))


def test_a_country_compounded_with_a_war_noun_is_where_it_is_waged_not_its_doer(parts):
    text = "Russia invaded Ukraine in February. The UN passed a resolution condemning the Ukraine invasion."
    events = [e for e in code(parts, text) if e.sentence_index == 1]
    assert not any(e.type == "ASSAULT" and e.source.id == "UKR" for e in events)


# ------------------------------------------------------------------------------- denying a deed


def test_denying_a_deed_told_as_ones_own_answers_the_side_it_was_done_to(parts):
    text = "Russia said a Ukrainian drone attack hit its Black Sea fleet. Ukraine has denied the attack."
    assert ("UKR", "REJECT", "RUS") in facts([e for e in code(parts, text) if e.sentence_index == 1])


def test_denying_a_deed_answers_whoever_accused_the_denier(parts):
    text = "Russia accused Ukraine of a drone attack on its fleet. Ukraine has denied the attack."
    assert ("UKR", "REJECT", "RUS") in facts([e for e in code(parts, text) if e.sentence_index == 1])


def test_denying_a_deed_names_its_victim_on_the_noun(parts):
    assert ("UKR", "REJECT", "RUS") in facts(code(parts, "Ukraine denied the attack on Russian ships."))


def test_denying_a_deed_nobody_alleged_against_the_denier_has_no_target(parts):
    text = "Russian forces shelled Kharkiv. Ukraine denied the attack."  # not Ukraine's deed
    events = [e for e in code(parts, text) if e.sentence_index == 1]
    assert not any(e.type == "REJECT" and e.target is not None for e in events)


def test_an_agent_the_parser_hung_on_the_of_object_is_the_noun_events(parts):
    text = "Grain is trapped by a blockade of Ukrainian ports by Russia's Black Sea fleet."
    assert ("RUS", "COERCE", "UKR") in facts(code(parts, text))


# ------------------------------------------------------------------------------------------ brokering


def test_a_deal_brokered_in_a_participle_has_the_parties_the_article_named(parts):
    text = "Russia and Ukraine signed a grain deal. The deal, brokered by the UN and Turkey, has held."
    found = {(s, t) for s, kind, t in facts(code(parts, text)) if kind == "CONSULT"}
    assert found == {("UN", "RUS"), ("UN", "UKR"), ("TUR", "RUS"), ("TUR", "UKR")}


def test_a_broker_is_never_a_party_of_the_deal_it_brokered(parts):
    text = "Russia and Turkey discussed Syria. The deal, brokered by Turkey, has held."
    events = [e for e in code(parts, text) if e.type == "CONSULT" and e.source.id == "TUR"]
    assert events and all(e.target is None for e in events)


def test_a_participle_after_a_list_introduced_by_with_is_done_by_the_whole_list(parts):
    text = "The summit ended with Britain and France accusing the Kremlin of using hunger as a weapon."
    assert {("GBR", "ACCUSE", "RUS"), ("FRA", "ACCUSE", "RUS")} <= facts(code(parts, text))
    # a participle on the last member of any other list is that member's
    text = "Germany imposed sanctions on Russia and companies supporting Belarus."
    assert not any(e.type == "SUPPORT" and e.source.id == "RUS" for e in code(parts, text))


# ------------------------------------------------------------------------------- accusations as nouns


def test_an_accusation_noun_targets_the_subject_of_its_content_even_when_rejected(parts):
    events = code(parts, "The Kremlin dismissed Western allegations that Russia was preparing to attack.")
    assert {("WST", "ACCUSE", "RUS"), ("RUS", "REJECT", "WST")} <= facts(events)


def test_a_claim_noun_is_no_accusation_of_whom_it_is_about(parts):
    events = code(parts, "Ukraine's claim that Russia controls the city was confirmed by the mayor.")
    assert not any(e.type == "ACCUSE" for e in events)
    # nor does a relative clause give an accusation's content
    events = code(parts, "The allegations that Russia published were denied by Ukraine.")
    assert not any(e.type == "ACCUSE" and e.target is not None and e.target.id == "RUS" for e in events)


# --------------------------------------------------------------------------- lists and energy cuts


def test_a_generic_noun_stands_for_the_actors_it_is_exemplified_by(parts):
    events = code(parts, "Countries such as Germany and France condemned Russia.")
    assert {("DEU", "ACCUSE", "RUS"), ("FRA", "ACCUSE", "RUS")} <= facts(events)
    assert ("GBR", "SANCTION", "RUS") in facts(
        code(parts, "Many governments, including Britain, sanctioned Russia.")
    )


def test_cutting_the_flow_of_gas_to_a_country_is_economic_coercion(parts):
    assert ("RUS", "SANCTION", "DEU") in facts(
        code(parts, "Russia reduced the flow of gas to Germany by 60 percent.")
    )
    # a flow of anything else is not
    events = code(parts, "Poland reduced the flow of refugees to Germany.")
    assert not any(e.type == "SANCTION" for e in events)


def test_a_claim_pronoun_opening_its_sentence_refers_to_what_the_sentence_before_said(parts):
    text = "Putin calls the war a special operation. Kyiv and the West call this a baseless pretext."
    events = [e for e in code(parts, text) if e.sentence_index == 1]
    assert {("UKR", "ACCUSE", "RUS"), ("WST", "ACCUSE", "RUS")} <= facts(events)
    text = "Russia accused Ukraine of shelling the plant. Ukraine denied it."
    assert ("UKR", "REJECT", "RUS") in facts([e for e in code(parts, text) if e.sentence_index == 1])


def test_a_claim_pronoun_after_a_clause_of_its_sentence_is_that_clauses(parts):
    text = "Armenia met France. Baku said Armenian units shelled its posts, but Yerevan denied it."
    events = [e for e in code(parts, text) if e.sentence_index == 1 and e.type == "REJECT"]
    assert [(e.source.id, e.target.id if e.target else None) for e in events] == [("ARM", "AZE")]


def test_an_attack_noun_doing_harm_is_an_attack_that_happened(parts):
    text = "Kyiv's railway station was damaged by a Russian missile strike."
    assert ("RUS", "ASSAULT", None) in facts(code(parts, text))
    assert ("RUS", "ASSAULT", None) in facts(code(parts, "Russian strikes destroyed the bridge."))
    # an attack merely named is none
    assert not any(e.type == "ASSAULT" for e in code(parts, "Ukraine prepared for a Russian strike."))
    # a country compounded with the noun is where it happened, not its doer
    text = "Dubai's role since the Ukraine invasion has put a spotlight on its banks."
    assert not any(e.type == "ASSAULT" and e.source.id == "UKR" for e in code(parts, text))
