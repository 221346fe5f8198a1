"""Scoring eventgraph's output against gold files: the seed gold, PETRARCH2's gold standard records and
the ConfliBERT CAMEO sentences (docs/accuracy.md)."""

from eventgraph.evaluate.seeds import (
    GoldError,
    GoldRow,
    ScoredTuple,
    SeedScore,
    format_seed_report,
    load_seed_gold,
    run_seed_evaluation,
    score_seed_events,
)
from eventgraph.evaluate.summary import FORMATS, run_all_evaluations, run_evaluation

__all__ = [
    "FORMATS",
    "GoldError",
    "GoldRow",
    "ScoredTuple",
    "SeedScore",
    "format_seed_report",
    "load_seed_gold",
    "run_all_evaluations",
    "run_evaluation",
    "run_seed_evaluation",
    "score_seed_events",
]
