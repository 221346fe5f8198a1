"""Dyad series: per period, a pair's events by PLOVER type and quad class, with Goldstein sum and mean."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from eventgraph.analysis.config import AnalysisError, check_period
from eventgraph.analysis.frames import (
    QUAD_COLUMNS,
    add_periods,
    collapse_clusters,
    label_of,
    period_range,
    prepare_events,
)

BASE_COLUMNS = (
    "period",
    "period_start",
    "events",
    "goldstein_sum",
    "goldstein_mean",
    *QUAD_COLUMNS.values(),
    "cooperation",
    "conflict",
    "net_cooperation",
)


def dyad_events(frame: pd.DataFrame, a: str, b: str, directed: bool = True) -> pd.DataFrame:
    """The prepared events from ``a`` to ``b`` (either way when not ``directed``)."""
    a, b = _actor(a), _actor(b)
    forward = (frame["source_id"] == a) & (frame["target_id"] == b)
    if not directed:
        forward |= (frame["source_id"] == b) & (frame["target_id"] == a)
    return frame[forward]


def dyad_series(
    events: pd.DataFrame,
    a: str,
    b: str,
    period: str = "month",
    directed: bool = True,
    asserted_only: bool = True,
    fill: bool = True,
) -> pd.DataFrame:
    """Counts over event clusters per period for the dyad ``a``→``b`` (or ``a``–``b``).

    Columns: ``period`` label, ``period_start``, ``events``, Goldstein ``goldstein_sum``/``_mean``,
    one column per quad class, ``cooperation``/``conflict`` (quads 1+2 / 3+4), ``net_cooperation``,
    one column per PLOVER type seen, and ``event_ids`` (the events behind each row, for evidence).
    ``fill`` adds empty periods between the first and the last so the series is regular.
    Undated events are left out; :func:`undated_count` says how many.
    """
    return series_of(prepare_events(events, asserted_only), a, b, period, directed, fill)


def series_of(
    frame: pd.DataFrame, a: str, b: str, period: str = "month", directed: bool = True, fill: bool = True
) -> pd.DataFrame:
    """:func:`dyad_series` on an already prepared frame (:func:`prepare_events`)."""
    check_period(period)
    pair = collapse_clusters(add_periods(dyad_events(frame, a, b, directed), period))
    return _series(pair, period, fill)


def undated_count(
    events: pd.DataFrame, a: str, b: str, directed: bool = True, asserted_only: bool = True
) -> int:
    """How many event clusters of the dyad have no date and so are missing from its series."""
    frame = prepare_events(events, asserted_only)
    pair = dyad_events(frame, a, b, directed)
    return int(pair[pair["day"].isna()]["cluster"].nunique())


def _series(pair: pd.DataFrame, period: str, fill: bool) -> pd.DataFrame:
    if pair.empty:
        return pd.DataFrame({c: [] for c in (*BASE_COLUMNS, "event_ids")})
    types = sorted(pair["type"].unique())
    rows = []
    groups = dict(tuple(pair.groupby("period", sort=True)))
    periods = period_range(min(groups), max(groups)) if fill else sorted(groups)
    for p in periods:
        rows.append(_row(p, groups.get(p), period, types))
    return pd.DataFrame(rows, columns=[*BASE_COLUMNS, *types, "event_ids"])


def _row(p: pd.Period, group: pd.DataFrame | None, period: str, types: list[str]) -> dict[str, object]:
    empty = group is None or group.empty
    quad_counts = {} if empty else group["quad_class"].value_counts().to_dict()  # type: ignore[union-attr]
    type_counts = {} if empty else group["type"].value_counts().to_dict()  # type: ignore[union-attr]
    quads = {name: int(quad_counts.get(q, 0)) for q, name in QUAD_COLUMNS.items()}
    cooperation = quads["verbal_cooperation"] + quads["material_cooperation"]
    conflict = quads["verbal_conflict"] + quads["material_conflict"]
    row: dict[str, object] = {
        "period": label_of(p, period),
        "period_start": p.start_time,
        "events": 0 if empty else len(group),  # type: ignore[arg-type]
        "goldstein_sum": 0.0 if empty else float(group["goldstein"].sum()),  # type: ignore[index]
        "goldstein_mean": float("nan") if empty else float(group["goldstein"].mean()),  # type: ignore[index]
        **quads,
        "cooperation": cooperation,
        "conflict": conflict,
        "net_cooperation": cooperation - conflict,
    }
    for kind in types:
        row[kind] = int(type_counts.get(kind, 0))
    row["event_ids"] = [] if empty else [i for ids in group["event_ids"] for i in ids]  # type: ignore[index]
    return row


def series_to_arrow(series: pd.DataFrame) -> pa.Table:
    """The series as an Arrow table (``event_ids`` as a list column)."""
    return pa.Table.from_pandas(series, preserve_index=False)


def _actor(actor: str) -> str:
    if not isinstance(actor, str) or not actor.strip():
        raise AnalysisError(f"actor {actor!r}: expected an actor id such as ARM")
    return actor.strip().upper()
