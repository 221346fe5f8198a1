"""Sources: what each outlet reports, its slant towards each target, and its overlap with other outlets.

An outlet is the document's ``outlet`` metadata, or ``(doc name)`` when ingest found none, so that
unattributed articles are never pooled into one imaginary outlet.
"""

from __future__ import annotations

import pandas as pd

from eventgraph.analysis.frames import collapse_clusters, first_day, prepare_events


def document_outlets(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id → outlet, from a documents frame (``doc_id``, ``outlet``, ``name``)."""
    outlets = {}
    for row in documents.to_dict("records"):
        outlet = row.get("outlet")
        outlets[row["doc_id"]] = outlet if isinstance(outlet, str) and outlet.strip() else f"({row['name']})"
    return outlets


def with_outlets(events: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Events with an ``outlet`` column taken from the documents frame."""
    outlets = document_outlets(documents)
    frame = events.copy()
    frame["outlet"] = [
        outlets.get(d, f"({n})") for d, n in zip(frame["doc_id"], frame["doc_name"], strict=True)
    ]
    return frame


def outlet_profiles(
    events: pd.DataFrame, documents: pd.DataFrame, asserted_only: bool = True
) -> pd.DataFrame:
    """One row per outlet: documents, events, the actors and types it reports most, its mean Goldstein."""
    frame = collapse_clusters(prepare_events(with_outlets(events, documents), asserted_only), keys=["outlet"])
    counts: dict[str, int] = {}
    for outlet in document_outlets(documents).values():
        counts[outlet] = counts.get(outlet, 0) + 1
    return profiles_of(frame, counts)


def profiles_of(clusters: pd.DataFrame, documents: dict[str, int]) -> pd.DataFrame:
    """:func:`outlet_profiles` from event clusters per outlet (``collapse_clusters(..., keys=["outlet"])``
    or ``Store.outlet_clusters_frame``) and each outlet's number of documents."""
    rows = []
    for outlet, group in clusters.groupby("outlet", sort=True):
        actors = _ranked(pd.concat([group["source_id"], group["target_id"]]).dropna())
        rows.append(
            {
                "outlet": outlet,
                "documents": documents.get(outlet, 0),
                "events": len(group),
                "actors": ", ".join(f"{a} ({n})" for a, n in actors[:6]),
                "types": ", ".join(f"{t} ({n})" for t, n in _ranked(group["type"])[:5]),
                "goldstein_mean": round(float(group["goldstein"].mean()), 2),
                "event_ids": [i for ids in group["event_ids"] for i in ids],
            }
        )
    columns = ["outlet", "documents", "events", "actors", "types", "goldstein_mean", "event_ids"]
    return pd.DataFrame(rows, columns=columns)


def _ranked(values: pd.Series) -> list[tuple[str, int]]:
    """Values by falling count, ties in alphabetical order (stable tables)."""
    counts = values.value_counts()
    return sorted(((str(k), int(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))


def outlet_slant(events: pd.DataFrame, documents: pd.DataFrame, asserted_only: bool = True) -> pd.DataFrame:
    """Mean Goldstein of the events each outlet reports, by target actor (its slant towards that target)."""
    frame = collapse_clusters(prepare_events(with_outlets(events, documents), asserted_only), keys=["outlet"])
    return slant_of(frame)


def slant_of(clusters: pd.DataFrame) -> pd.DataFrame:
    """:func:`outlet_slant` from event clusters per outlet (as :func:`profiles_of` takes them)."""
    frame = clusters[clusters["target_id"].notna()]
    columns = ["outlet", "target", "events", "goldstein_mean", "event_ids"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    table = frame.groupby(["outlet", "target_id"], sort=True).agg(
        events=("cluster", "nunique"),
        goldstein_mean=("goldstein", "mean"),
        event_ids=("event_ids", lambda s: [i for x in s for i in x]),
    )
    table = table.reset_index().rename(columns={"target_id": "target"})
    table["goldstein_mean"] = table["goldstein_mean"].round(2)
    return table[columns]


def report_keys(frame: pd.DataFrame) -> pd.Series:
    """What makes two outlets report "the same thing": the cluster when clustering exists, else
    (source, type, target, month)."""
    if "cluster_id" in frame.columns and frame["cluster_id"].notna().any():
        return frame["cluster"].astype(str)
    months = frame["date_value"].map(lambda v: (first_day(v) or "undated")[:7])
    return (
        frame["source_id"].fillna("?")
        + "|"
        + frame["type"]
        + "|"
        + frame["target_id"].fillna("?")
        + "|"
        + months
    )


def outlet_overlap(events: pd.DataFrame, documents: pd.DataFrame, asserted_only: bool = True) -> pd.DataFrame:
    """Pairs of outlets with what they both report: shared keys, and Jaccard overlap of their keys."""
    frame = prepare_events(with_outlets(events, documents), asserted_only)
    frame["key"] = report_keys(frame)
    keys = {o: set(g["key"]) for o, g in frame.groupby("outlet", sort=True)}
    outlets = sorted(keys)
    rows = []
    for i, a in enumerate(outlets):
        for b in outlets[i + 1 :]:
            shared = keys[a] & keys[b]
            if not shared:
                continue
            ids = frame[frame["outlet"].isin((a, b)) & frame["key"].isin(shared)]["event_id"].tolist()
            rows.append(
                {
                    "outlet_a": a,
                    "outlet_b": b,
                    "shared": len(shared),
                    "jaccard": round(len(shared) / len(keys[a] | keys[b]), 3),
                    "event_ids": ids,
                }
            )
    columns = ["outlet_a", "outlet_b", "shared", "jaccard", "event_ids"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["shared", "outlet_a"], ascending=[False, True]).reset_index(drop=True)
