"""Analysis of the regional system on stored events: dyad series, shifts, roles, network, sources,
disagreements, and the HTML report. Functions take the store's data frames and return data frames or
plain dataclasses; nothing here writes SQL.

Names are imported on first use, so that the CLI can register :mod:`eventgraph.analysis.commands`
without loading pandas, plotly or ruptures at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "AnalysisError": "config",
    "Region": "config",
    "load_region": "config",
    "load_settings": "config",
    "load_coverage": "claim_outlets",
    "speaker_coverage": "claim_outlets",
    "Disagreement": "disagreements",
    "Version": "disagreements",
    "disagreements_frame": "disagreements",
    "find_disagreements": "disagreements",
    "name_variants": "disagreements",
    "prepare_events": "frames",
    "actor_graph": "network",
    "network_weights": "network",
    "Answer": "questions",
    "answer": "questions",
    "ReportInputs": "report",
    "build_report": "report",
    "load_inputs": "report",
    "write_report": "report",
    "mediation_share": "roles",
    "mediations": "roles",
    "support_relations": "roles",
    "dyad_series": "series",
    "series_to_arrow": "series",
    "undated_count": "series",
    "Shift": "shifts",
    "detect_shifts": "shifts",
    "outlet_overlap": "sources",
    "outlet_profiles": "sources",
    "outlet_slant": "sources",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'eventgraph.analysis' has no attribute {name!r}")
    return getattr(import_module(f"eventgraph.analysis.{_WHERE[name]}"), name)
