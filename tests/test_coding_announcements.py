"""Announced acts coded as PLOVER codes them (data/lexicon/announced.yaml): the announcement is a fact
(AGREE, CONCEDE, THREATEN, REJECT), the act itself stays hypothetical. Sentences of our own, through the
real annotator, resolver and coder."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventgraph.coding.announcements import ANNOUNCED_FILE, load_announcements
from eventgraph.coding.lexicon import LexiconError
from eventgraph.evaluate.runner import code_texts


def coded(text: str) -> set[tuple]:
    [result] = code_texts([("t", text, None)])
    return {
        (e.source.id, e.type, e.target.id if e.target else None, e.cameo, e.hypothetical, e.negated)
        for e in result.events
    }


def announced(text: str) -> set[tuple]:
    [result] = code_texts([("t", text, None)])
    return {
        (e.source.id, e.type, e.target.id if e.target else None, e.cameo)
        for e in result.events
        if e.pattern.startswith("announced:")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Cooperative actions ... reported in future tense ... should be coded as AGREE"
        ("South Africa said it would give Nigeria technical assistance.", ("ZAF", "AGREE", "NGA", "033")),
        ("Brazil said it would host the Argentine president next month.", ("BRA", "AGREE", "ARG", "036")),
        ("Japan pledged to send aid to Nepal.", ("JPN", "AGREE", "NPL", "033")),
        # "Announcements of future retreats should be coded as CONCEDE"
        ("Turkey announced it would withdraw its troops from Syria.", ("TUR", "CONCEDE", "SYR", "035")),
        # an announced use of force is a threat
        ("Iran threatened to attack Israel.", ("IRN", "THREATEN", "ISR", "138")),
        # an act announced not to happen is a refusal
        ("Russia said it would not lift its sanctions on Georgia.", ("RUS", "REJECT", "GEO", "124")),
    ],
)
def test_an_announced_act_is_also_coded_as_the_announcement(text, expected):
    assert expected in announced(text)


def test_the_act_itself_stays_hypothetical_beside_the_announcement():
    events = coded("South Africa said it would give Nigeria technical assistance.")
    assert ("ZAF", "AID", "NGA", "070", True, False) in events
    assert ("ZAF", "AGREE", "NGA", "033", False, False) in events


@pytest.mark.parametrize(
    "text",
    [
        "Russia sent troops to attack Ukraine.",  # a purpose, not an announcement
        "Analysts said Russia would attack Ukraine.",  # someone else's prediction
        "Baku said Armenian forces would attack Azerbaijani positions.",  # an allegation, not Armenia's word
        "He did not say that Armenia would leave the CSTO.",  # nothing was said
        # a motive told in a participle
        "Blinken hosted talks between Armenia and Azerbaijan, intending to broker a peace treaty.",
        "Russia could attack Ukraine.",  # only possible
        "Brazil will host the Argentine president next month.",  # a schedule told by the newspaper
        "Germany urged France to send aid to Ukraine.",  # asked for
    ],
)
def test_no_announcement_where_nothing_was_announced_by_the_actor(text):
    assert announced(text) == set()


def test_the_table_is_checked_against_the_ontology(tmp_path: Path):
    broken = tmp_path / "announced.yaml"
    shipped = ANNOUNCED_FILE.read_text()
    broken.write_text(shipped.replace('AID: {type: AGREE, cameo: "033"}', "AID: {type: AGREE}"))
    with pytest.raises(LexiconError, match=r"announced.yaml: future: AID: 'cameo' is required"):
        load_announcements.__wrapped__(broken)
    broken.write_text(shipped.replace("  CONSULT: {type: AGREE", "  MEET: {type: AGREE"))
    with pytest.raises(LexiconError, match="future: MEET: not a PLOVER type"):
        load_announcements.__wrapped__(broken)
