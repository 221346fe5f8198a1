"""Event clusters: the events of several documents that report one happening.

Two events report the same happening when they have the same type, the same source and target
(either direction for undirected types such as CONSULT), the same polarity (negated and
hypothetical events never merge with asserted ones) and compatible dates, and either

- they come from one document or from near-duplicate documents, and their dates overlap (an unknown
  date is compatible with any; a "reported" date stands for the few days before publication), or
- both carry a precise date (a day, by default) and the dates lie at most ``close_days`` apart, and
  all their actors are resolved to catalogue ids (unresolved actors are compared by name, which is
  only trusted within one document or near-duplicates).

Clusters are the connected components of that relation. A cluster's id is the event id of one of its
members, so an unclustered event and a singleton cluster look the same to a reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eventgraph.dedup.disjoint import DisjointSets
from eventgraph.dedup.settings import EventSettings


@dataclass(frozen=True, slots=True)
class EventSide:
    """What matching needs to know about one event of a candidate pair."""

    event_id: str
    doc_id: str
    group_id: str | None
    date_value: str | None
    date_precision: str | None
    cluster_id: str | None
    resolved: bool = True

    @classmethod
    def from_row(cls, row: dict[str, Any], prefix: str) -> EventSide:
        return cls(*(row[f"{prefix}{name}"] for name in cls.__slots__))  # type: ignore[attr-defined]


def date_interval(value: str | None, precision: str | None, window_days: int) -> tuple[date, date] | None:
    """The first and last day an event dated ``value`` can have happened on; None when unknown."""
    if not value or precision in (None, "unresolved"):
        return None
    try:
        if "/" in value:
            first, last = value.split("/", 1)
            return date.fromisoformat(first), date.fromisoformat(last)
        parts = value.split("-")
        if len(parts) == 3:
            day = date.fromisoformat(value)
            start = day - timedelta(days=window_days) if precision == "reported" else day
            return start, day
        year = int(parts[0])
        if len(parts) == 2:
            month = int(parts[1])
            following = date(year + (month == 12), month % 12 + 1, 1)
            return date(year, month, 1), following - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def days_apart(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two intervals; 0 when they overlap."""
    return max(0, (a[0] - b[1]).days, (b[0] - a[1]).days)


def same_happening(a: EventSide, b: EventSide, settings: EventSettings) -> bool:
    """Whether two events that agree on type, actors and polarity report one happening (see module doc)."""
    window = settings.reported_window_days
    span_a = date_interval(a.date_value, a.date_precision, window)
    span_b = date_interval(b.date_value, b.date_precision, window)
    related = a.doc_id == b.doc_id or (a.group_id is not None and a.group_id == b.group_id)
    if not related and not (a.resolved and b.resolved):
        return False  # "officials" in two unrelated articles are not the same officials
    if related and (span_a is None or span_b is None or days_apart(span_a, span_b) == 0):
        return True
    precise = {a.date_precision, b.date_precision} <= settings.close_precisions
    return bool(precise and span_a and span_b and days_apart(span_a, span_b) <= settings.close_days)


@dataclass(slots=True)
class ClusterUpdate:
    """New cluster ids for unclustered events, and existing clusters merged into another."""

    assign: dict[str, str]
    relabel: dict[str, str]


def plan_clusters(
    fresh_ids: list[str], candidate_rows: list[dict[str, Any]], settings: EventSettings
) -> ClusterUpdate:
    """Cluster ids for ``fresh_ids`` (events without one) given their candidate pairs from the store.

    A fresh event joining events already clustered takes their cluster's id; when it bridges several
    existing clusters they merge under the smallest id.
    """
    sets = DisjointSets(fresh_ids)
    existing: dict[str, str] = {}
    for row in candidate_rows:
        a, b = EventSide.from_row(row, "a_"), EventSide.from_row(row, "b_")
        if not same_happening(a, b, settings):
            continue
        sets.union(a.event_id, b.event_id)
        if b.cluster_id is not None:
            existing[b.event_id] = b.cluster_id
    update = ClusterUpdate(assign={}, relabel={})
    for members in sets.components():
        old_ids = sorted({existing[m] for m in members if m in existing})
        target = old_ids[0] if old_ids else min(members)  # type: ignore[type-var]
        for old in old_ids[1:]:
            update.relabel[old] = target
        for member in members:
            if member not in existing:
                update.assign[member] = target  # type: ignore[index]
    return update
