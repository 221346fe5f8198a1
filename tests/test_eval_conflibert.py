"""The ConfliBERT evaluator: reading the class TSV and the BIO file, the main event of a sentence and
its class, token-level span scoring, and the pipeline on a fixed subsample (every 10th sentence)."""

from __future__ import annotations

import pytest

from eventgraph.evaluate import GoldError, run_evaluation
from eventgraph.evaluate.conflibert import (
    ConflibertScore,
    TaggedSentence,
    export_class,
    first_asserted_event,
    load_class_rows,
    load_tagged_sentences,
    main_event,
    predicted_class,
    run_conflibert_evaluation,
)
from eventgraph.evaluate.runner import code_texts
from eventgraph.records import ActorRef, Event
from tests.conftest import SHARED

FOLDER = SHARED / "eval" / "conflibert"
CLASS_FILE = FOLDER / "cameo_class_train.tsv"
NER_FILE = FOLDER / "cameo_ner_train.txt"


@pytest.fixture(scope="module", autouse=True)
def _needs_the_files():
    if not CLASS_FILE.exists() or not NER_FILE.exists():
        pytest.skip(f"{FOLDER} is missing")


def coded_event(cameo, quad, hypothetical=False, negated=False) -> Event:
    return Event(
        event_id="e",
        doc_id="d",
        doc_name="n",
        sentence_index=0,
        sentence="s",
        span=(0, 1),
        source=ActorRef("ARM", "Armenia", "Armenia"),
        target=None,
        type="X",
        mode=None,
        cameo=cameo,
        goldstein=0.0,
        quad_class=quad,
        hypothetical=hypothetical,
        negated=negated,
    )


# ------------------------------------------------------------------------------------------ loading


def test_every_class_row_is_read_with_a_label_from_0_to_4():
    rows, problems = load_class_rows(CLASS_FILE)
    assert problems == []
    assert len(rows) > 1300
    assert {r.label for r in rows} == {0, 1, 2, 3, 4}


def test_every_tenth_row_is_a_fixed_subsample():
    rows, _ = load_class_rows(CLASS_FILE, every=10)
    everything, _ = load_class_rows(CLASS_FILE)
    assert rows == everything[::10]


def test_bio_sentences_are_read_with_reciprocal_tags_as_source():
    sentences, problems = load_tagged_sentences(NER_FILE)
    assert problems == []
    assert len(sentences) > 1100
    first = sentences[0]
    assert first.tokens[:4] == ("In", "September", ",", "a")
    assert first.tags[3:6] == ("S", "S", "S")
    assert set().union(*(s.tags for s in sentences)) == {"S", "T", "O"}


def test_bad_rows_are_named_and_skipped(tmp_path):
    tsv = tmp_path / "c.tsv"
    tsv.write_text("Armenia attacked Azerbaijan.\t4\nno label here\nRussia met Turkey.\t9\n")
    rows, problems = load_class_rows(tsv)
    assert [r.label for r in rows] == [4]
    assert problems[0].startswith("c.tsv line 2") and problems[1].startswith("c.tsv line 3")
    bio = tmp_path / "n.txt"
    bio.write_text("Armenia B-S\nattacked X-Y\n\nRussia B-S\n")
    sentences, problems = load_tagged_sentences(bio)
    assert [s.tokens for s in sentences] == [("Armenia",), ("Russia",)]
    assert "n.txt line 2" in problems[0]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(GoldError, match="cannot read ConfliBERT file"):
        load_class_rows(tmp_path / "nothing.tsv")
    with pytest.raises(GoldError, match="no cameo_class_train.tsv"):
        run_evaluation(tmp_path, "conflibert")


def test_tokens_are_joined_back_into_prose_with_their_offsets():
    tagged = TaggedSentence(("In", "May", ",", "Russia", "(", "Moscow", ")", "left", "."), ("O",) * 9, 1)
    text, offsets = tagged.text_and_offsets()
    assert text == "In May, Russia (Moscow) left."
    assert [text[a:b] for a, b in offsets] == list(tagged.tokens)


# ------------------------------------------------------------------------------------------- classes


@pytest.mark.parametrize(
    ("cameo", "quad", "hypothetical", "expected"),
    [
        ("190", 4, False, 4),
        ("190", 4, True, 3),  # an intent to attack is a threat
        ("070", 2, True, 1),  # a promise of aid is verbal cooperation
        ("020", 3, False, 0),  # an appeal (CAMEO 02) is neutral in the Phoenix quad classes
        ("042", 1, False, 1),
        ("112", 3, False, 3),
    ],
)
def test_the_class_is_the_phoenix_quad_of_the_cameo_root(cameo, quad, hypothetical, expected):
    assert predicted_class(coded_event(cameo, quad, hypothetical)) == expected


@pytest.mark.parametrize(
    ("modality", "expected"),
    [("future", 3), ("intent", 3), ("request", 0), ("possibility", 0), ("condition", 0)],
)
def test_only_an_announced_or_intended_act_is_a_verbal_act(modality, expected):
    event = coded_event("190", 4, hypothetical=True)
    event.modality = modality
    assert predicted_class(event) == expected


def test_no_event_is_class_0():
    assert predicted_class(None) == 0


def test_the_main_event_is_the_one_nearest_the_root():
    [coded] = code_texts(
        [("t", "Armenia condemned Azerbaijan after Azerbaijani troops attacked Armenian posts.", None)]
    )
    assert main_event(coded).pattern == "criticise.verb"


def test_a_report_of_a_deed_is_about_the_deed_not_the_saying():
    text = "Armenian forces carried out attacks on Azerbaijani positions, the Azerbaijani ministry said."
    [coded] = code_texts([("t", text, None)])
    assert any(e.pattern == "allege.verb" for e in coded.events)  # the allegation is coded too
    assert main_event(coded).type == "ASSAULT" and predicted_class(main_event(coded)) == 4


def test_the_first_asserted_event_is_the_earliest_fact_in_export_order():
    """The plainer reading beside the main event: "Baku said [attack]" is the saying, not the deed."""
    text = "Armenian forces carried out attacks on Azerbaijani positions, the Azerbaijani ministry said."
    [coded] = code_texts([("t", text, None)])
    first = first_asserted_event(coded)
    assert first is not None and not first.hypothetical and not first.negated
    assert first.span[0] == min(e.span[0] for e in coded.events if not e.hypothetical and not e.negated)
    [negated] = code_texts([("t", "Russia did not attack Georgia.", None)])
    assert first_asserted_event(negated) is None and export_class(None) == 0


def test_negated_events_are_never_the_main_event():
    [coded] = code_texts([("t", "Russia did not attack Georgia.", None)])
    assert main_event(coded) is None


def test_macro_f1_averages_the_classes_present():
    score = ConflibertScore(sentences=4)
    score.confusion.update({(0, 0): 1, (4, 4): 1, (4, 0): 2})
    assert score.class_f1(4) == pytest.approx(0.5)
    assert score.class_f1(0) == pytest.approx(0.5)
    assert score.macro_f1 == pytest.approx(0.5)


# ----------------------------------------------------------------------------------------- pipeline


@pytest.fixture(scope="module")
def subsample() -> ConflibertScore:
    return run_conflibert_evaluation(CLASS_FILE, NER_FILE, every=10)


def test_the_subsample_is_classified_and_tagged(subsample):
    assert subsample.sentences == len(load_class_rows(CLASS_FILE, every=10)[0])
    assert subsample.span_sentences == len(load_tagged_sentences(NER_FILE, every=10)[0])


def test_source_spans_are_mostly_right_when_given(subsample):
    assert subsample.source.precision >= 0.8


def test_the_report_names_each_misclassified_sentence_and_its_pattern(subsample):
    from eventgraph.evaluate.conflibert import format_conflibert_report

    report = format_conflibert_report(subsample, errors=True)
    assert "quad-class macro-F1" in report and "span F1 (token-level)" in report
    assert report.count("  line ") == len(subsample.errors)
    assert "[no pattern]" in report


def test_a_refused_cooperation_is_verbal_conflict_and_a_negated_attack_nothing():
    assert predicted_class(coded_event("081", 1, negated=True)) == 3  # "will not lift the ban"
    assert predicted_class(coded_event("190", 4, negated=True)) == 0
