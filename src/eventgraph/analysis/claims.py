"""Claims in the report: who accuses whom and contested claims side by side (issue 14); which outlets
carry a speaker's claims is :mod:`eventgraph.analysis.claim_outlets`. Pure functions on the stored claim
rows (:meth:`eventgraph.store.Store.claims`); every row keeps the ids of the events inside its claims, so
a click opens their evidence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd

STANCE_COLUMNS = {-1: "negative", 0: "neutral", 1: "positive"}


def claim_frame(rows: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per (claim, actor it is about): speaker, about, stance, the claim's fields."""
    records = []
    for row in rows:
        about = row["about"]
        about = json.loads(about) if isinstance(about, str) else (about or [])
        for item in about or [{"id": None, "stance": None}]:
            records.append(
                {
                    "claim_id": row["claim_id"],
                    "doc_id": row["doc_id"],
                    "doc_name": row["doc_name"],
                    "speaker": row["speaker_id"] or row["speaker_text"],
                    "verb": row["verb"],
                    "proposition": row["proposition_text"],
                    "about": item.get("id"),
                    "stance": item.get("stance"),
                    "contested_by": _deniers(row["contested_by"]),
                    "event_ids": list(row["event_ids"] or []),
                    "cluster_id": row["cluster_id"] or row["claim_id"],
                }
            )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "claim_id", "doc_id", "doc_name", "speaker", "verb", "proposition", "about", "stance",
            "contested_by", "event_ids", "cluster_id",
        ],
    )  # fmt: skip


def _deniers(value: Any) -> str:
    items = json.loads(value) if isinstance(value, str) else (value or [])
    return ", ".join(dict.fromkeys(str(d["speaker"]["id"] or d["speaker"]["text"]) for d in items))


def stance_table(claims: pd.DataFrame, limit: int = 30) -> pd.DataFrame:
    """Who says what about whom: claims per (speaker, about) by stance, most claims first."""
    known = claims.dropna(subset=["about"])
    if known.empty:
        return pd.DataFrame(columns=["speaker", "about", *STANCE_COLUMNS.values(), "event_ids"])
    rows = []
    for (speaker, about), group in known.groupby(["speaker", "about"], sort=False):
        counts = group["stance"].map(STANCE_COLUMNS).value_counts()
        rows.append(
            {
                "speaker": speaker,
                "about": about,
                **{name: int(counts.get(name, 0)) for name in STANCE_COLUMNS.values()},
                "claims": int(group["claim_id"].nunique()),
                "event_ids": list(dict.fromkeys(i for ids in group["event_ids"] for i in ids)),
            }
        )
    table = pd.DataFrame(rows).sort_values(["claims", "negative"], ascending=False, kind="stable")
    return table.head(limit).reset_index(drop=True)


def contested_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Contested claims beside who contests them."""
    contested = claims[claims["contested_by"] != ""].drop_duplicates("claim_id")
    columns = ["doc_name", "speaker", "verb", "proposition", "contested_by", "event_ids"]
    return contested[columns].rename(columns={"doc_name": "document"}).reset_index(drop=True)
