"""The PETRARCH2 gold-standard evaluator: loading records, Phoenix codes for our actors, both figures
for eventgraph and PETRARCH2, and the full pipeline on real records of the set."""

from __future__ import annotations

import json
from datetime import date

import pytest

from eventgraph.evaluate import GoldError, run_evaluation
from eventgraph.evaluate.petr import (
    PetrRecord,
    country_root,
    format_petr_report,
    load_petr_gold,
    load_phoenix_codes,
    score_petr,
)
from eventgraph.records import ActorRef, Event
from tests.conftest import SHARED

PETR_FILE = SHARED / "eval" / "petr2_gsr.jsonl"
CODES = load_phoenix_codes()


def actor(actor_id, sector=None) -> ActorRef:
    return ActorRef(id=actor_id, name=actor_id or "someone", text=actor_id or "someone", sector=sector)


def event(source, target, cameo, pattern="p.test", negated=False) -> Event:
    return Event(
        event_id="e",
        doc_id="d",
        doc_name="r",
        sentence_index=0,
        sentence="s",
        span=(0, 1),
        source=source,
        target=target,
        type="ASSAULT",
        mode=None,
        cameo=cameo,
        goldstein=0.0,
        quad_class=4,
        negated=negated,
        pattern=pattern,
    )


def record(expected, petrarch=(), rid="r1") -> PetrRecord:
    return PetrRecord(rid, "text", None, frozenset(expected), frozenset(petrarch))


def never_symmetric(_pattern: str) -> bool:
    return False


@pytest.fixture(scope="module")
def gold() -> list[PetrRecord]:
    if not PETR_FILE.exists():
        pytest.skip(f"{PETR_FILE} is missing")
    records, problems = load_petr_gold(PETR_FILE)
    assert problems == []
    return records


# ------------------------------------------------------------------------------------ Phoenix codes


@pytest.mark.parametrize(
    ("ours", "phoenix"),
    [
        (actor("ARM", "GOV"), "ARMGOV"),
        (actor("USA"), "USA"),
        (actor("EU"), "IGOEUREEC"),
        (actor("UN", "MIL"), "IGOUNOMIL"),
        (actor(None, "REB"), "---REB"),
        (actor("ISIL"), "IMGMUSISI"),
    ],
)
def test_our_actors_become_phoenix_codes(ours, phoenix):
    assert CODES.actor_code(ours) == phoenix


def test_an_actor_with_neither_id_nor_sector_has_no_code():
    assert CODES.actor_code(actor(None)) is None
    assert CODES.actor_code(None) is None


def test_country_root_keeps_three_letters_and_the_cameo_root():
    assert country_root([("USAGOV", "IGOEUREEC", "0874")]) == {("USA", "IGO", "08")}


def test_a_malformed_phoenix_table_is_named(tmp_path):
    bad = tmp_path / "phoenix.yaml"
    bad.write_text("organisations: {EU: igo-eu}\nsectors: {}\n")
    with pytest.raises(GoldError, match="phoenix.yaml: organisations entry 'EU'"):
        load_phoenix_codes(bad)


# ---------------------------------------------------------------------------------------- scoring


def test_exact_and_country_root_figures_differ_on_sector_and_subcode():
    records = [record({("USAGOV", "RUS", "190")})]
    score = score_petr(records, [[event(actor("USA"), actor("RUS"), "193")]], never_symmetric)
    assert (score.exact.tp, score.exact.fp, score.exact.fn) == (0, 1, 1)
    assert (score.root.tp, score.root.fp, score.root.fn) == (1, 0, 0)


def test_negated_attacks_and_events_without_target_are_not_scored():
    records = [record(set())]
    events = [event(actor("USA"), actor("ISR"), "190", negated=True), event(actor("USA"), None, "190")]
    score = score_petr(records, [events], never_symmetric)
    assert score.exact.fp == 0


def test_a_symmetric_pattern_yields_both_directions():
    records = [record({("BRA", "USA", "040"), ("USA", "BRA", "040")})]
    score = score_petr(
        records, [[event(actor("BRA"), actor("USA"), "040", "meet.verb")]], {"meet.verb"}.__contains__
    )
    assert score.exact.tp == 2


def test_petrarch_output_is_scored_on_the_same_records():
    records = [record({("ISR", "PSE", "0352")}, petrarch={("ISR", "PSE", "0842")})]
    score = score_petr(records, [[]], never_symmetric)
    assert (score.petrarch_exact.tp, score.petrarch_root.tp) == (0, 0)
    assert score.exact.fn == 1


def test_errors_name_the_pattern_or_no_pattern():
    records = [record({("USA", "RUS", "190")}), record({("GEOOPP", "GEOGOV", "194")}, rid="r2")]
    score = score_petr(
        records, [[event(actor("USA"), actor("RUS"), "193", "fire_on.verb")], []], never_symmetric
    )
    report = format_petr_report(score, errors=True)
    assert "USA 193 RUS  [fire_on.verb]" in report
    assert "r2  GEOOPP 194 GEOGOV  [no pattern]" in report


# ------------------------------------------------------------------------------------- the gold file


def test_the_gold_file_loads_every_record(gold):
    assert len(gold) == 78
    assert all(r.expected or r.expect_no_events or not r.text for r in gold)


def test_record_dates_become_publication_dates(gold):
    assert gold[0].published == date(2008, 8, 4)
    assert any(r.published is None for r in gold)  # "121108" is not a YYYYMMDD date


def test_petrarch_figures_count_every_expected_triple(gold):
    score = score_petr(gold, [[] for _ in gold], never_symmetric)
    expected = sum(len(r.expected) for r in gold)
    assert score.petrarch_exact.tp + score.petrarch_exact.fn == expected
    assert score.exact.fn == expected


def test_bad_lines_are_named_and_the_rest_is_kept(tmp_path):
    path = tmp_path / "gold.jsonl"
    good = {"id": "a", "date": "20150609", "text": "x", "expected_events": []}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "b"}) + "\n")
    records, problems = load_petr_gold(path)
    assert [r.id for r in records] == ["a"]
    assert problems[0].startswith("gold.jsonl line 2")
    assert "line 3: missing field 'text'" in problems[1]


def test_a_file_without_any_record_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n")
    with pytest.raises(GoldError, match="no readable PETRARCH gold records"):
        load_petr_gold(path)


# ---------------------------------------------------------------------------------- whole pipeline


def test_the_pipeline_codes_real_gold_records(gold, tmp_path):
    chosen = [r for r in gold if r.id in ("GOLD_4", "TEST_2", "AFP0808020824_1")]
    path = tmp_path / "subset.jsonl"
    lines = [
        line
        for line in PETR_FILE.read_text().splitlines()
        if json.loads(line)["id"] in {r.id for r in chosen}
    ]
    path.write_text("\n".join(lines) + "\n")
    report = run_evaluation(path, "petr", errors=True)
    root_line = next(
        line for line in report.splitlines() if line.startswith("country + root        eventgraph")
    )
    assert float(root_line.split()[6]) >= 0.75  # F1: ratified -> UKR 05 EU, fired at -> USA 19 RUS, jailed


def test_a_negated_cooperation_is_scored_as_the_rejection_cameo_codes():
    records = [record({("USAGOV", "ISR", "121")})]
    events = [event(actor("USA", "GOV"), actor("ISR"), "070", negated=True)]
    assert score_petr(records, [events], never_symmetric).exact.tp == 1


def test_a_negated_attack_is_no_event():
    assert CODES.event_cameo(event(actor("USA"), actor("RUS"), "190", negated=True)) is None
