"""Accuracy floors: the figures eventgraph has reached on the three reference sets, minus a small
margin, so that a change that loses accuracy fails here (docs/accuracy.md has the table).

Raise a floor when the figure rises; never lower one to make a change pass without saying why.
"""

from __future__ import annotations

import pytest

from eventgraph.evaluate.conflibert import run_conflibert_evaluation
from eventgraph.evaluate.petr import run_petr_evaluation
from eventgraph.evaluate.seeds import run_seed_evaluation
from tests.conftest import GOLD_FILE, SEEDS_DIR, SHARED

MARGIN = 0.02
SEED_F1 = 0.886
PETR_ROOT_F1 = 0.453  # with the broad verb layer (issue 13); 0.433 before
PETR_EXACT_F1 = 0.307
CONFLIBERT_SUBSAMPLE_MACRO_F1 = 0.815  # every 10th sentence of cameo_class_train.tsv


def _require(path):
    if not path.exists():
        pytest.skip(f"{path} is missing")


@pytest.fixture(scope="module")
def seed_score():
    _require(GOLD_FILE)
    return run_seed_evaluation(GOLD_FILE, SEEDS_DIR)


@pytest.fixture(scope="module")
def petr_score():
    path = SHARED / "eval" / "petr2_gsr.jsonl"
    _require(path)
    return run_petr_evaluation(path)


def test_seed_gold_f1_stays_above_its_floor(seed_score):
    assert seed_score.f1 >= SEED_F1 - MARGIN


def test_seed_gold_never_asserts_a_negated_or_hypothetical_row(seed_score):
    assert seed_score.modality_errors == []


def test_seed_gold_never_produces_a_must_not_tuple(seed_score):
    assert seed_score.must_not_hits == []


def test_petr_country_and_root_f1_stays_above_its_floor(petr_score):
    assert petr_score.root.f1 >= PETR_ROOT_F1 - MARGIN


def test_petr_exact_f1_stays_above_its_floor(petr_score):
    assert petr_score.exact.f1 >= PETR_EXACT_F1 - MARGIN


@pytest.mark.slow
def test_conflibert_quad_class_macro_f1_stays_above_its_floor():
    # the full set (1,349 sentences, ~25 s) scores 0.825; the fixed subsample keeps the suite fast
    path = SHARED / "eval" / "conflibert" / "cameo_class_train.tsv"
    _require(path)
    score = run_conflibert_evaluation(path, None, every=10)
    assert score.macro_f1 >= CONFLIBERT_SUBSAMPLE_MACRO_F1 - MARGIN
