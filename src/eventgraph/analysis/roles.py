"""Roles in the regional system: who mediates between whom, who supports and who arms whom.

A *mediator* of a conflict dyad (A, B) in a period is a third party with a consultation (either
direction) with A and one with B in that period, while A and B are in conflict: a conflict event
between them in that period or earlier (within ``conflict_memory`` periods when set).
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from eventgraph.analysis.config import MediationSettings, Region, SupportSettings, load_region, load_settings
from eventgraph.analysis.frames import (
    add_periods,
    collapse_clusters,
    label_of,
    prepare_events,
    undirected_pair,
)

MEDIATION_COLUMNS = (
    "period",
    "mediator",
    "group",
    "side_a",
    "side_b",
    "events",
    "explicit",
    "event_ids",
)


def conflict_dyads(
    dated: pd.DataFrame, settings: MediationSettings
) -> dict[tuple[str, str], list[pd.Period]]:
    """Each undirected pair with conflict events, and the periods they fall in (sorted)."""
    conflicts = dated[dated["quad_class"].isin(settings.conflict_quads)]
    periods: dict[tuple[str, str], set[pd.Period]] = defaultdict(set)
    for src, tgt, p in zip(conflicts["source_id"], conflicts["target_id"], conflicts["period"], strict=True):
        pair = undirected_pair(src, tgt)
        if pair and pair[0] != pair[1]:
            periods[pair].add(p)
    return {pair: sorted(ps) for pair, ps in periods.items()}


def _in_conflict(conflict_periods: list[pd.Period], p: pd.Period, memory: int | None) -> bool:
    return any(c <= p and (memory is None or p.ordinal - c.ordinal <= memory) for c in conflict_periods)


def mediations(
    events: pd.DataFrame,
    period: str = "quarter",
    profile: str = "south-caucasus",
    asserted_only: bool = True,
    settings: MediationSettings | None = None,
) -> pd.DataFrame:
    """One row per (period, mediator, conflict dyad), with the consultations behind it.

    ``explicit`` is True when one of them is coded as mediation (a ``mediate_modes`` mode).
    """
    settings = settings or load_settings().mediation
    region = load_region(profile)
    dated = add_periods(prepare_events(events, asserted_only), period)
    conflicts = conflict_dyads(dated, settings)
    consults = collapse_clusters(_consultations(dated, settings))
    rows = []
    for p, group in consults.groupby("period", sort=True):
        contacts = _contacts(group)
        # Only pairs some third party consulted both of: each mediator's counterparts, two by two
        # (not every conflict pair against every actor), in the order (pair, mediator).
        found = []
        for mediator, counterparts in contacts.items():
            sides = sorted(c for c in counterparts if c != mediator)
            for i, a in enumerate(sides):
                for b in sides[i + 1 :]:
                    conflict_periods = conflicts.get((a, b))
                    if conflict_periods and _in_conflict(conflict_periods, p, settings.conflict_memory):
                        found.append(((a, b), mediator))
        for (a, b), mediator in sorted(found):
            behind = contacts[mediator][a] + contacts[mediator][b]
            rows.append(_mediation_row(p, period, mediator, a, b, behind, region, settings))
    return pd.DataFrame(rows, columns=list(MEDIATION_COLUMNS))


def _consultations(dated: pd.DataFrame, settings: MediationSettings) -> pd.DataFrame:
    modes = dated["mode"] if "mode" in dated.columns else pd.Series(None, index=dated.index)
    is_consult = dated["type"].isin(settings.consult_types) | modes.isin(settings.mediate_modes)
    both = dated["source_id"].notna() & dated["target_id"].notna()
    return dated[is_consult & both & (dated["source_id"] != dated["target_id"])]


def _contacts(group: pd.DataFrame) -> dict[str, dict[str, list[dict]]]:
    """actor → counterpart → the consultation rows between them (either direction)."""
    contacts: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in group.to_dict("records"):
        contacts[row["source_id"]][row["target_id"]].append(row)
        contacts[row["target_id"]][row["source_id"]].append(row)
    return contacts


def _mediation_row(
    p: pd.Period,
    period: str,
    mediator: str,
    a: str,
    b: str,
    behind: list[dict],
    region: Region,
    settings: MediationSettings,
) -> dict[str, object]:
    ids = list(dict.fromkeys(i for row in behind for i in row["event_ids"]))
    clusters = {row["cluster"] for row in behind}
    return {
        "period": label_of(p, period),
        "mediator": mediator,
        "group": region.group(mediator),
        "side_a": a,
        "side_b": b,
        "events": len(clusters),
        "explicit": any(row.get("mode") in settings.mediate_modes for row in behind),
        "event_ids": ids,
    }


def mediation_share(
    events: pd.DataFrame,
    period: str = "quarter",
    profile: str = "south-caucasus",
    outside_only: bool = True,
    asserted_only: bool = True,
) -> pd.DataFrame:
    """Per period, each mediator's share of the period's mediation (consultations behind mediations).

    With ``outside_only`` only outside powers are listed, but shares stay shares of all mediation,
    so what is missing from 1.0 is mediation by members or other actors.
    """
    return shares_of(mediations(events, period, profile, asserted_only), outside_only)


def shares_of(table: pd.DataFrame, outside_only: bool = True) -> pd.DataFrame:
    """:func:`mediation_share` from a table of :func:`mediations` already computed."""
    columns = ["period", "mediator", "group", "events", "share", "event_ids"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    per = table.groupby(["period", "mediator", "group"], sort=True).agg(
        events=("events", "sum"),
        event_ids=("event_ids", lambda s: list(dict.fromkeys(i for x in s for i in x))),
    )
    per = per.reset_index()
    per["share"] = per["events"] / per.groupby("period")["events"].transform("sum")
    if outside_only:
        per = per[per["group"] == "outside power"]
    return per[columns].reset_index(drop=True)


def support_relations(
    events: pd.DataFrame,
    profile: str = "south-caucasus",
    asserted_only: bool = True,
    settings: SupportSettings | None = None,
) -> pd.DataFrame:
    """Who supports and who arms whom: one row per (supporter, supported, relation) with evidence.

    ``relation`` is ``arms`` for events whose CAMEO code starts with an ``arms_cameo`` prefix and
    ``support`` for the other events of the ``support_types``.
    """
    settings = settings or load_settings().support
    region = load_region(profile)
    frame = prepare_events(events, asserted_only)
    both = (
        frame["source_id"].notna() & frame["target_id"].notna() & (frame["source_id"] != frame["target_id"])
    )
    cameo = (
        frame["cameo"].fillna("").astype(str)
        if "cameo" in frame.columns
        else pd.Series("", index=frame.index)
    )
    arms = cameo.map(lambda c: any(c.startswith(prefix) for prefix in settings.arms_cameo)).astype(bool)
    chosen = frame[both & (frame["type"].isin(settings.support_types) | arms)].copy()
    chosen["relation"] = ["arms" if a else "support" for a in arms[chosen.index]]
    columns = [
        "supporter",
        "supporter_group",
        "supported",
        "relation",
        "events",
        "goldstein_mean",
        "event_ids",
    ]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    clusters = collapse_clusters(chosen, keys=["relation"])
    table = clusters.groupby(["source_id", "target_id", "relation"], sort=True).agg(
        events=("cluster", "nunique"),
        goldstein_mean=("goldstein", "mean"),
        event_ids=("event_ids", lambda s: [i for x in s for i in x]),
    )
    table = table.reset_index().rename(columns={"source_id": "supporter", "target_id": "supported"})
    table["supporter_group"] = table["supporter"].map(region.group)
    table = table.sort_values(["events", "supporter", "supported"], ascending=[False, True, True])
    return table[columns].reset_index(drop=True)
