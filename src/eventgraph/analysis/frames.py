"""The event frame every analysis starts from: asserted events, their period, their cluster.

The store hands out flat event rows (``Store.events_frame``). Analyses count *happenings*, not
reprints: an optional ``cluster_id`` column groups the events of one happening; without it every
event is its own cluster.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from eventgraph.analysis.config import AnalysisError, check_period

REQUIRED_COLUMNS = (
    "event_id",
    "doc_id",
    "doc_name",
    "sentence",
    "source_id",
    "target_id",
    "type",
    "goldstein",
    "quad_class",
    "negated",
    "hypothetical",
    "date_value",
)
PERIOD_FREQ = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
QUAD_COLUMNS = {
    1: "verbal_cooperation",
    2: "material_cooperation",
    3: "verbal_conflict",
    4: "material_conflict",
}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``, the same values, faster: pandas boxes a pyarrow-backed string column
    one value at a time; here such a column is read in one ``to_pylist`` (missing values become the
    dtype's own missing value, as pandas gives them)."""
    names = list(frame.columns)
    columns = []
    for name in names:
        series = frame[name]
        dtype = series.dtype
        if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
            missing = dtype.na_value
            values = series.array._pa_array.to_pylist()  # noqa: SLF001 - the array pandas itself reads
            columns.append([missing if v is None else v for v in values])
        else:
            columns.append(series.tolist())
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def prepare_events(events: pd.DataFrame, asserted_only: bool = True) -> pd.DataFrame:
    """A copy with upper-case actor ids, ``day`` (first day of the event's date, NaT when undated)
    and ``cluster``; negated and hypothetical events dropped unless ``asserted_only`` is False."""
    missing = [c for c in REQUIRED_COLUMNS if c not in events.columns]
    if missing:
        raise AnalysisError(f"event frame lacks the column(s) {', '.join(missing)}")
    frame = events.copy()
    if asserted_only and len(frame):
        modal = frame["negated"].fillna(False).astype(bool) | frame["hypothetical"].fillna(False).astype(bool)
        frame = frame[~modal]
    for col in ("source_id", "target_id"):
        frame[col] = map_distinct(frame[col], _upper_id)
    frame["day"] = pd.to_datetime(map_distinct(frame["date_value"], first_day), errors="coerce")
    if "cluster_id" in frame.columns:
        frame["cluster"] = frame["cluster_id"].where(frame["cluster_id"].notna(), frame["event_id"])
    else:
        frame["cluster"] = frame["event_id"]
    frame["goldstein"] = frame["goldstein"].astype(float)
    frame["quad_class"] = frame["quad_class"].fillna(0).astype(int)
    return frame.reset_index(drop=True)


def _upper_id(value: Any) -> str | None:
    return value.upper() if isinstance(value, str) and value else None


def map_distinct(values: pd.Series, function: Any) -> pd.Series:
    """``values.map(function)``, calling ``function`` once per distinct value: a million events hold
    a few thousand actor ids and date values, and a Python call per row took seconds. ``function``
    must give None for a missing value."""
    mapped = {value: function(value) for value in values.dropna().unique()}
    return values.map(mapped.get)  # a missing value maps to None, as ``function`` maps it


def first_day(value: Any) -> str | None:
    """The first day of an ISO date, month, year or interval (``2023-04-30/2023-05-06`` → its start)."""
    if not isinstance(value, str) or not value.strip():
        return None
    start = value.split("/", 1)[0].strip()
    parts = start.split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4:
        return None
    padded = parts + ["01"] * (3 - len(parts))
    return "-".join(padded[:3])


def period_label(day: pd.Timestamp, period: str) -> str:
    """``2023-05`` (month), ``2023Q2`` (quarter), ``2023`` (year) or the Monday of the week."""
    check_period(period)
    p = pd.Period(day, freq=PERIOD_FREQ[period])
    if period == "week":
        return p.start_time.strftime("%Y-%m-%d")
    return str(p)


def add_periods(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """Dated events only, each with its ``period`` (a pandas Period) and ``period_label``."""
    check_period(period)
    dated = frame[frame["day"].notna()].copy()
    dated["period"] = dated["day"].dt.to_period(PERIOD_FREQ[period])
    # period_label for every row at once: a week by its first day, other periods as pandas writes them.
    if period == "week":
        dated["period_label"] = dated["period"].dt.start_time.dt.strftime("%Y-%m-%d")
    else:
        dated["period_label"] = dated["period"].astype(str)
    return dated


def period_range(first: pd.Period, last: pd.Period) -> pd.PeriodIndex:
    return pd.period_range(first, last, freq=first.freq)


def label_of(p: pd.Period, period: str) -> str:
    return period_label(p.start_time, period)


def collapse_clusters(frame: pd.DataFrame, keys: Iterable[str] = ()) -> pd.DataFrame:
    """One row per cluster (and per ``keys``), carrying ``event_ids``: the events behind it.

    The first event stands for the cluster; Goldstein is the cluster's mean so a reprint does not
    weigh twice.
    """
    group_keys = ["cluster", *keys]
    if frame.empty:
        out = frame.copy()
        out["event_ids"] = pd.Series([], dtype=object)
        return out
    grouped = frame.groupby(group_keys, sort=False, dropna=False)
    first = grouped.head(1).set_index(group_keys)
    first["goldstein"] = grouped["goldstein"].mean()
    first["event_ids"] = _ids_per_group(grouped.ngroup().to_numpy(), frame["event_id"].tolist())
    return first.reset_index()


def _ids_per_group(codes: Any, ids: list[Any]) -> list[list[Any]]:
    """The ids of each group, in frame order, groups numbered by first appearance (``ngroup`` of an
    unsorted group-by, the order of its ``head(1)``): a stable sort instead of a Python call per group."""
    import numpy as np

    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(int(codes.max()) + 2))
    return [[ids[i] for i in order[a:b]] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def is_id(value: object) -> bool:
    """A present actor id (pandas gives missing ones as None or NaN depending on the column's dtype)."""
    return isinstance(value, str) and value != ""


def undirected_pair(a: str | None, b: str | None) -> tuple[str, str] | None:
    if not is_id(a) or not is_id(b):
        return None
    return (a, b) if a <= b else (b, a)


def quad_column(quad: int) -> str:
    return QUAD_COLUMNS.get(int(quad), "statement")
