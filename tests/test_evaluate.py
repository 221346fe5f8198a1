"""The seed-gold metric (shared/eval/README.md) on constructed event lists with known answers,
and the full seed evaluation on the real articles."""

from __future__ import annotations

import json

import pytest

from eventgraph.evaluate import (
    GoldError,
    GoldRow,
    format_seed_report,
    load_seed_gold,
    run_seed_evaluation,
    score_seed_events,
)
from eventgraph.records import ActorRef, DateRef, Event, PlaceRef
from tests.conftest import GOLD_FILE

DOC = "003.txt"


def event(
    source,
    kind,
    target,
    doc=DOC,
    negated=False,
    hypothetical=False,
    date=None,
    place=None,
    sentence="s",
    pattern="p.test",
) -> Event:
    return Event(
        event_id=f"{source}{kind}{target}",
        doc_id="d",
        doc_name=doc,
        sentence_index=0,
        sentence=sentence,
        span=(0, 1),
        source=ActorRef(id=source, name=source or "?", text=source or "someone"),
        target=ActorRef(id=target, name=target or "?", text=target or "someone")
        if target is not False
        else None,
        type=kind,
        mode=None,
        cameo="010",
        goldstein=0.0,
        quad_class=0,
        negated=negated,
        hypothetical=hypothetical,
        date=DateRef(date, "day") if date else None,
        place=PlaceRef(place) if place else None,
        pattern=pattern,
    )


def row(source, kind, target, doc=DOC, **extra) -> GoldRow:
    return GoldRow(
        doc=doc, quote=f"{source} {kind} {target}", source=source, type=kind, target=target, **extra
    )


# ---------------------------------------------------------------------------------------- metric


def test_perfect_match():
    gold = [row("RUS", "ACCUSE", "USA"), row("RUS", "ACCUSE", "EU")]
    score = score_seed_events([event("RUS", "ACCUSE", "USA"), event("RUS", "ACCUSE", "EU")], gold)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_one_hit_one_miss_one_false_positive():
    gold = [row("RUS", "ACCUSE", "USA"), row("RUS", "ACCUSE", "EU")]
    score = score_seed_events([event("RUS", "ACCUSE", "USA"), event("RUS", "THREATEN", "EU")], gold)
    assert score.precision == 0.5
    assert score.recall == 0.5
    assert score.f1 == 0.5
    assert [fp.tuple for fp in score.false_positives] == [(DOC, "RUS", "THREATEN", "EU")]
    assert [fn.tuple for fn in score.false_negatives] == [(DOC, "RUS", "ACCUSE", "EU")]


def test_known_precision_recall_f1():
    gold = [row("A", "AID", "B"), row("C", "AID", "D"), row("E", "AID", "F"), row("G", "AID", "H")]
    events = [event("A", "AID", "B"), event("C", "AID", "D"), event("X", "AID", "Y")]
    score = score_seed_events(events, gold)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 4)
    assert score.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_duplicate_gold_rows_and_duplicate_events_count_once():
    gold = [row("USA", "CONSULT", "ARM"), row("USA", "CONSULT", "ARM")]
    score = score_seed_events([event("USA", "CONSULT", "ARM"), event("USA", "CONSULT", "ARM")], gold)
    assert score.gold_tuples == 1 and score.system_tuples == 1 and score.f1 == 1.0


def test_documents_are_part_of_the_tuple():
    score = score_seed_events([event("RUS", "ACCUSE", "USA", doc="other.txt")], [row("RUS", "ACCUSE", "USA")])
    assert score.precision == 0.0 and score.recall == 0.0


def test_alt_type_and_alt_target_are_accepted():
    gold = [
        row("TUR", "AID", "AZE", alt_type=("SUPPORT",)),
        row("AZE", "ASSAULT", "NKR", alt_target=("ARM",)),
    ]
    score = score_seed_events([event("TUR", "SUPPORT", "AZE"), event("AZE", "ASSAULT", "ARM")], gold)
    assert score.f1 == 1.0


def test_symmetric_rows_match_either_direction():
    gold = [row("RUS", "ASSAULT", "TUR", symmetric=True)]
    assert score_seed_events([event("TUR", "ASSAULT", "RUS")], gold).f1 == 1.0


def test_directed_rows_do_not_match_reversed():
    gold = [row("RUS", "ACCUSE", "USA")]
    score = score_seed_events([event("USA", "ACCUSE", "RUS")], gold)
    assert score.precision == 0.0 and len(score.false_positives) == 1


def test_optional_rows_are_neither_rewarded_nor_penalised():
    gold = [row("RUS", "ACCUSE", "USA"), row("RUS", "ACCUSE", "AZE", optional=True)]
    with_optional = score_seed_events([event("RUS", "ACCUSE", "USA"), event("RUS", "ACCUSE", "AZE")], gold)
    without = score_seed_events([event("RUS", "ACCUSE", "USA")], gold)
    assert with_optional.f1 == without.f1 == 1.0
    assert [i.tuple for i in with_optional.ignored] == [(DOC, "RUS", "ACCUSE", "AZE")]
    assert with_optional.gold_tuples == 1


def test_asserting_a_negated_row_is_a_false_positive_and_a_modality_error():
    gold = [row("RUS", "ACCUSE", "USA"), row("RUS", "AID", "ARM", negated=True)]
    score = score_seed_events([event("RUS", "ACCUSE", "USA"), event("RUS", "AID", "ARM")], gold)
    assert score.precision == 0.5
    assert [m.tuple for m in score.modality_errors] == [(DOC, "RUS", "AID", "ARM")]


def test_flagged_events_are_not_scored():
    gold = [row("RUS", "AID", "ARM", negated=True), row("EU", "CONSULT", "ARM", hypothetical=True)]
    events = [event("RUS", "AID", "ARM", negated=True), event("EU", "CONSULT", "ARM", hypothetical=True)]
    score = score_seed_events(events, gold)
    assert score.system_tuples == 0 and score.gold_tuples == 0 and not score.modality_errors


def test_a_hypothetical_event_does_not_earn_an_asserted_row():
    score = score_seed_events(
        [event("EU", "CONSULT", "ARM", hypothetical=True)], [row("EU", "CONSULT", "ARM")]
    )
    assert score.recall == 0.0


def test_must_not_tuples_are_false_positives_and_counted():
    gold = [row("IRN", "CONSULT", "RUS", must_not=True), row("RUS", "ACCUSE", "USA")]
    score = score_seed_events([event("IRN", "CONSULT", "RUS"), event("RUS", "ACCUSE", "USA")], gold)
    assert score.precision == 0.5 and score.recall == 1.0
    assert [m.tuple for m in score.must_not_hits] == [(DOC, "IRN", "CONSULT", "RUS")]


def test_unresolved_actors_are_not_scored():
    gold = [row("RUS", "ACCUSE", "USA")]
    score = score_seed_events([event(None, "ACCUSE", "USA"), event("RUS", "ACCUSE", None)], gold)
    assert score.system_tuples == 0 and score.recall == 0.0


def test_events_without_target_are_not_scored():
    score = score_seed_events([event("RUS", "MOBILIZE", False)], [row("RUS", "ACCUSE", "USA")])
    assert score.system_tuples == 0


def test_dates_and_places_are_checked_on_true_positives():
    gold = [
        row("AZE", "ASSAULT", "ARM", date="2022-09", place="Yerevan"),
        row("USA", "CONSULT", "ARM", date="2023-04-30/2023-05-06", place="Arlington, Virginia"),
        row("RUS", "ACCUSE", "USA", date="2023-01-01"),
    ]
    events = [
        event("AZE", "ASSAULT", "ARM", date="2022-09-13", place="Baku"),
        event("USA", "CONSULT", "ARM", date="2023-05-02", place="Arlington"),
    ]
    score = score_seed_events(events, gold)
    assert (score.dates_correct, score.dates_checked) == (2, 2)
    assert (score.places_correct, score.places_checked) == (1, 2)
    assert score.place_accuracy == 0.5


def test_nothing_to_score_gives_zero_not_an_error():
    score = score_seed_events([], [])
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


# ------------------------------------------------------------------------------------------ report


def test_report_lists_figures_and_errors_with_sentences_and_patterns():
    gold = [row("RUS", "ACCUSE", "USA"), row("RUS", "ACCUSE", "EU")]
    events = [event("RUS", "THREATEN", "EU", sentence="Russia warned the EU.", pattern="warn.verb")]
    score = score_seed_events(events, gold)
    short = format_seed_report(score, errors=False)
    assert "precision" in short and "must_not" in short and "modality errors" in short
    assert "Russia warned the EU." not in short
    full = format_seed_report(score, errors=True)
    assert "RUS THREATEN EU  [warn.verb]" in full and "Russia warned the EU." in full
    assert "RUS ACCUSE USA  [no pattern]" in full


# ------------------------------------------------------------------------------------------ gold


def test_the_seed_gold_loads():
    gold = load_seed_gold(GOLD_FILE)
    assert len(gold) == sum(1 for line in GOLD_FILE.read_text().splitlines() if line.strip())
    assert any(r.must_not for r in gold) and any(r.symmetric for r in gold)
    assert all(r.doc.endswith(".txt") for r in gold)


def test_bad_gold_lines_are_all_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = {"doc": "a.txt", "source": "RUS", "type": "ACCUSE", "target": "USA"}
    path.write_text(
        "\n".join(
            [
                json.dumps(good),
                "{not json",
                json.dumps({"doc": "a.txt"}),
                json.dumps({**good, "alt_type": "AID"}),
            ]
        )
    )
    with pytest.raises(GoldError) as caught:
        load_seed_gold(path)
    message = str(caught.value)
    assert "bad.jsonl line 2" in message and "bad.jsonl line 3" in message and "line 4" in message
    assert "missing or empty source, type, target" in message and "alt_type must be a list" in message


def test_missing_gold_file_is_a_clear_error(tmp_path):
    with pytest.raises(GoldError, match="cannot read gold file"):
        load_seed_gold(tmp_path / "nope.jsonl")


# ---------------------------------------------------------------------------------- the real run


@pytest.fixture(scope="module")
def seed_score(seeds_dir):
    return run_seed_evaluation(GOLD_FILE, seeds_dir)


def test_seed_f1_reaches_the_target(seed_score):
    assert seed_score.f1 >= 0.60, format_seed_report(seed_score, errors=True)


def test_no_must_not_tuple_is_produced(seed_score):
    assert seed_score.must_not_hits == []


def test_no_negated_or_hypothetical_row_is_coded_as_fact(seed_score):
    assert seed_score.modality_errors == []


def test_every_seed_was_ingested(seed_score):
    assert seed_score.rejections == []


def test_missing_seed_folder_is_a_clear_error(tmp_path):
    with pytest.raises(GoldError, match="seeds folder not found"):
        run_seed_evaluation(GOLD_FILE, tmp_path / "missing")


# ------------------------------------------------------------------------ evaluate entry points


def test_run_evaluation_prints_the_seed_report_with_the_default_seed_folder():
    from eventgraph.evaluate import run_evaluation

    if not GOLD_FILE.exists():
        pytest.skip(f"{GOLD_FILE} is missing")
    report = run_evaluation(GOLD_FILE, "seeds", errors=True)
    assert report.splitlines()[3].startswith("F1")
    assert "false negatives (" in report


def test_an_unknown_format_or_missing_gold_is_a_clear_error(tmp_path):
    from eventgraph.evaluate import run_evaluation

    gold = tmp_path / "g.jsonl"
    gold.write_text("{}\n")
    with pytest.raises(GoldError, match="unknown gold format 'acled'; choose one of seeds, petr, conflibert"):
        run_evaluation(gold, "acled")
    with pytest.raises(GoldError, match="gold file not found"):
        run_evaluation(tmp_path / "none.jsonl", "petr")


def test_the_summary_table_says_which_targets_are_met():
    from eventgraph.evaluate.summary import format_summary

    table = format_summary(
        {
            "F1": (0.9, None),
            "must_not tuples": (1, None),
            "exact F1": (0.5, 0.699),
            "quad-class macro-F1": (0.81, None),
        },
        ["PETR2 gold not scored: missing"],
    )
    lines = table.splitlines()
    assert "yes" in next(line for line in lines if "seed gold   F1" in line)
    assert "no" in next(line for line in lines if "must_not tuples" in line)
    exact = next(line for line in lines if "exact F1" in line)
    assert "0.500" in exact and "PETRARCH2 0.699" in exact
    assert "fine-tuned ConfliBERT 0.895" in table
    assert table.endswith("PETR2 gold not scored: missing")
