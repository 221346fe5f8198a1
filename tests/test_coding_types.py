"""Recall by event type on forms news uses and the lexicon first missed: one-sided events whose doer is
told by the place ("protests in Ecuador", "were detained in Moldova"), riots and marching protesters,
troops massing or leaving, weapons tests, approvals of deliveries, intelligence passed on, eased
measures, pardons, and announced withdrawals read as concessions (PLOVER manual). Each mechanism with a
sense it must not take. Sentences are our own; the real annotator, actor resolver and coder run. The
dev set of corpus sentences typed by hand (data/dev_gold/types.dev.jsonl) is checked for form and held
to a floor."""

from __future__ import annotations

import json

import pytest

from eventgraph.evaluate.sentence_types import TYPES_DEV, load_rows, score
from tests.conftest import SHARED
from tests.test_coding import code, facts
from tests.test_lexicon_coverage import codings  # (source, type, target, CAMEO) asserted

# ------------------------------------------------------------------- the place as the unnamed doer


@pytest.mark.parametrize(
    ("sentence", "coding"),
    [
        ("Protests in Ecuador turned violent.", ("ECU", "PROTEST", None, "141")),
        ("Mass protests erupted in Kazakhstan.", ("KAZ", "PROTEST", None, "141")),
        (
            "In Kazakhstan, protests over fuel prices have gripped the capital.",
            ("KAZ", "PROTEST", None, "141"),
        ),
        ("The decision sparked protests in Georgia.", ("GEO", "PROTEST", None, "141")),
        ("Thousands of people protested in Ecuador on Monday.", ("ECU", "PROTEST", None, "141")),
        (
            "Several opposition politicians were detained on Sunday in Moldova.",
            ("MDA", "COERCE", None, "173"),
        ),
        ("Ukrainian refugees were detained in Poland.", ("POL", "COERCE", "UKR", "173")),
        ("Restrictions in China were eased on Monday.", ("CHN", "CONCEDE", None, "081")),
        ("A state of emergency was declared in Kazakhstan.", ("KAZ", "COERCE", None, "172")),
    ],
)
def test_the_state_of_the_place_is_the_doer_the_sentence_leaves_unnamed(parts, sentence, coding):
    assert coding in codings(code(parts, sentence))


def test_a_place_standing_for_the_doer_gives_a_one_sided_fact(parts):
    assert ("ECU", "PROTEST", None) in facts(code(parts, "Protests in Ecuador turned violent."))
    # someone of the same state named as undergoing it: an act inside one state, not coded
    events = code(parts, "Germany hailed Alexei Navalny, who is still imprisoned in Russia.")
    assert not [e for e in events if e.type == "COERCE"]


def test_a_named_doer_wins_over_the_place(parts):
    found = codings(code(parts, "Russian forces detained the mayor of Melitopol in Ukraine."))
    assert any(c[:2] == ("RUS", "COERCE") for c in found)
    assert not any(c[0] == "UKR" for c in found)
    # Armenians protesting in Moscow are Armenians, not Russia's people
    found = codings(code(parts, "Armenians protested in Moscow."))
    assert ("ARM", "PROTEST") in {c[:2] for c in found} and not any(c[0] == "RUS" for c in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian strikes in Kharkiv killed ten people.",  # a military strike is no protest
        "The talks in Geneva ended without agreement.",
        "The rally in the dollar continued in London.",  # a market rally
        "Stocks rallied in Japan on Monday.",
        "The army held a demonstration of its drones in Turkey.",  # a showing
        "Russian forces tightened the siege in Mariupol.",  # the siege's place is not its doer
    ],
)
def test_the_place_makes_no_event_of_what_is_not_one(parts, sentence):
    events = code(parts, sentence)
    assert not [e for e in events if e.type in ("PROTEST", "COERCE") and not e.hypothetical], sentence


# ------------------------------------------------------------------------- riots and protesters


def test_riots_and_marching_protesters_are_protests(parts):
    assert ("ARM", "PROTEST", None, "145") in codings(
        code(parts, "Armenian football fans rioted in Yerevan.")
    )
    assert ("GEO", "PROTEST", None, "141") in codings(
        code(parts, "Georgian protesters marched through Tbilisi.")
    )


def test_gathering_and_marching_are_no_protest_without_protesters(parts):
    for sentence in ("NATO leaders gathered in Brussels.", "Russian troops marched into Kherson."):
        assert not [e for e in code(parts, sentence) if e.type == "PROTEST"], sentence


# -------------------------------------------------------------------------------- troops massing


def test_troops_massing_without_an_object_is_a_mobilisation(parts):
    found = codings(code(parts, "Russian troops had been amassing on the border with Ukraine."))
    assert any(c[:2] == ("RUS", "MOBILIZE") and c[3] == "154" for c in found)


def test_massing_protesters_or_gathering_evidence_is_no_mobilisation(parts):
    for sentence in (
        "Georgian protesters massed outside parliament.",
        "Ukraine gathered evidence of war crimes.",
    ):
        assert not [e for e in code(parts, sentence) if e.type == "MOBILIZE"], sentence


# ----------------------------------------------------------------- approvals, intelligence, easing


def test_approving_a_delivery_or_authorising_aid_is_the_aid(parts):
    assert ("DEU", "AID", "UKR", "070") in codings(
        code(parts, "Germany approved the delivery of tanks to Ukraine.")
    )
    assert ("USA", "AID", "UKR", "070") in codings(
        code(parts, "The United States authorised military aid to Ukraine.")
    )


def test_approving_what_is_not_a_delivery_is_no_aid(parts):
    for sentence in (
        "The Armenian parliament approved the budget.",
        "Germany cleared the way for talks with Russia.",
    ):
        assert not [e for e in code(parts, sentence) if e.type == "AID"], sentence


def test_intelligence_passed_on_is_cooperation_but_evidence_is_not(parts):
    assert ("USA", "COOPERATE", "UKR", "064") in codings(
        code(parts, "The United States provided intelligence to Ukraine.")
    )
    assert not [e for e in code(parts, "Russia provided evidence to the court.") if e.type == "COOPERATE"]


def test_eased_measures_are_a_concession_but_eased_policy_is_not(parts):
    assert ("CHN", "CONCEDE", None, "081") in codings(
        code(parts, "China eased quarantine measures for foreign visitors.")
    )
    assert not [
        e for e in code(parts, "The Russian central bank eased monetary policy.") if e.type == "CONCEDE"
    ]


# ---------------------------------------------------------------------- the hand-typed dev sentences


def test_dev_sentences_are_short_quotes_of_the_corpus_typed_before_coding():
    rows = load_rows(TYPES_DEV)
    assert len(rows) >= 60
    corpus = SHARED / "corpora" / "ukraine-media.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is missing")
    wanted = {row["doc"] for row in rows}
    texts = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                texts[record["id"]] = " ".join(record["text"].split())
    for row in rows:
        assert len(row["text"].split()) <= 25, row["text"]
        assert row["text"] in texts[row["doc"]], row["text"]
        assert set(row) >= {
            "doc",
            "sentence_index",
            "kind",
            "text",
            "type",
            "source",
            "target",
            "hypothetical",
        }


def test_dev_sentences_hold_their_type_accuracy_floor():
    result = score(load_rows(TYPES_DEV))
    assert result.accuracy >= 0.43, result.by_type  # 0.45 when the floor was set (0.38 before)
    assert result.false_alarms <= 3


# ------------------------------------------------------ announced retreats (PLOVER: CONCEDE)


def test_an_announced_withdrawal_is_an_asserted_concession_beside_the_planned_retreat(parts):
    events = code(parts, "Ethiopia said it would withdraw its forces from Tigray.")
    retreat = [e for e in events if e.type == "RETREAT"]
    concede = [e for e in events if e.type == "CONCEDE"]
    assert retreat and all(e.hypothetical for e in retreat)
    assert concede and not any(e.hypothetical or e.negated for e in concede)
    assert {e.cameo for e in concede} == {"035"} and all(e.pattern.startswith("announced:") for e in concede)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia will not withdraw its troops from Ukraine.",  # refused, not announced
        "Ukrainian troops could withdraw from the city.",  # only possible
        "Azerbaijan urged Armenia to withdraw its troops.",  # asked of another
        "Armenia said it will withdraw from the talks if Azerbaijan attacks.",  # a condition set
        "Analysts said Russia would withdraw its troops from Belarus.",  # a forecast by others
        "The defeat would free up thousands of Russian troops.",  # no one announces it
    ],
)
def test_a_refused_possible_or_requested_withdrawal_concedes_nothing(parts, sentence):
    assert not [e for e in code(parts, sentence) if e.type == "CONCEDE" and not e.hypothetical], sentence
