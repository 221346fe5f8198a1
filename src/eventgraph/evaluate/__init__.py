"""Scoring eventgraph's output against gold files (the seed gold first)."""

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

__all__ = [
    "GoldError",
    "GoldRow",
    "ScoredTuple",
    "SeedScore",
    "format_seed_report",
    "load_seed_gold",
    "run_seed_evaluation",
    "score_seed_events",
]
