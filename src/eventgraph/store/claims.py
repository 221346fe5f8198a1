"""Claims in the store: the flat row of a claim, its JSONL form, filtered listing and claim clusters.

The ``claims`` table (schema version 7) keeps one row per claim; the actors it is about and the denials
that contest it are JSON lists, and ``about_ids`` repeats the about ids as a list so that a filter on an
actor stays in SQL. Only the store writes SQL (docs/architecture.md).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventgraph.records import Claim, ProcessedDocument

STANCES = {"neg": -1, "neu": 0, "pos": 1}
CLAIM_COLUMNS = (
    "claim_id",
    "doc_id",
    "doc_name",
    "sentence_index",
    "span_start",
    "span_end",
    "speaker_id",
    "speaker_name",
    "speaker_text",
    "speaker_sector",
    "speaker_person",
    "verb",
    "form",
    "proposition_start",
    "proposition_end",
    "proposition_text",
    "about",
    "about_ids",
    "contested",
    "contested_by",
    "event_ids",
    "date_value",
    "date_precision",
    "date_expression",
    "cluster_id",
)


@dataclass(slots=True)
class ClaimFilter:
    """Which claims to list: speaker id, an actor they are about, the stance toward it (or toward any
    actor, without ``about``), only contested ones, and a page."""

    speaker: str | None = None
    about: str | None = None
    stance: str | None = None  # neg | neu | pos
    contested: bool = False
    limit: int | None = None
    offset: int = 0


def claim_row(claim: Claim) -> dict[str, Any]:
    """The flat row of a claim as stored (and exported to CSV)."""
    speaker, date = claim.speaker, claim.date
    return {
        "claim_id": claim.claim_id,
        "doc_id": claim.doc_id,
        "doc_name": claim.doc_name,
        "sentence_index": claim.sentence_index,
        "span_start": claim.span[0],
        "span_end": claim.span[1],
        "speaker_id": speaker.id,
        "speaker_name": speaker.name,
        "speaker_text": speaker.text,
        "speaker_sector": speaker.sector,
        "speaker_person": speaker.person,
        "verb": claim.verb,
        "form": claim.form,
        "proposition_start": claim.proposition_span[0],
        "proposition_end": claim.proposition_span[1],
        "proposition_text": claim.proposition_text,
        "about": json.dumps([a.as_dict() for a in claim.about]),
        "about_ids": [a.actor.id for a in claim.about if a.actor.id is not None],
        "contested": bool(claim.contested_by),
        "contested_by": json.dumps([d.as_dict() for d in claim.contested_by]),
        "event_ids": list(claim.event_ids),
        "date_value": date.value if date else None,
        "date_precision": date.precision if date else None,
        "date_expression": date.expression if date else None,
        "cluster_id": claim.cluster_id,
    }


def claim_rows(processed: Sequence[ProcessedDocument]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for item in processed:
        for claim in item.claims:
            rows.setdefault(claim.claim_id, claim_row(claim))
    return list(rows.values())


def nested_claim(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row in the JSONL form documented in the README ("Claims")."""
    return {
        "claim_id": row["claim_id"],
        "doc_id": row["doc_id"],
        "doc_name": row["doc_name"],
        "sentence_index": row["sentence_index"],
        "span": [row["span_start"], row["span_end"]],
        "speaker": {
            "id": row["speaker_id"],
            "name": row["speaker_name"],
            "text": row["speaker_text"],
            "sector": row["speaker_sector"],
            "person": row["speaker_person"],
        },
        "verb": row["verb"],
        "form": row["form"],
        "proposition": {
            "span": [row["proposition_start"], row["proposition_end"]],
            "text": row["proposition_text"],
        },
        "about": _json_list(row["about"]),
        "contested_by": _json_list(row["contested_by"]),
        "event_ids": list(row["event_ids"] or []),
        "date": {
            "value": row["date_value"],
            "precision": row["date_precision"],
            "expression": row["date_expression"],
        }
        if row["date_precision"]
        else None,
        "cluster_id": row["cluster_id"],
    }


def _json_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def claim_query(flt: ClaimFilter) -> tuple[str, list[Any]]:
    """SQL and parameters listing the claims ``flt`` selects (stance checked on the JSON after)."""
    where, params = [], []
    if flt.speaker:
        where.append("speaker_id = ?")
        params.append(flt.speaker)
    if flt.about:
        where.append("list_contains(about_ids, ?)")
        params.append(flt.about)
    if flt.contested:
        where.append("contested")
    sql = "SELECT * FROM claims" + (" WHERE " + " AND ".join(where) if where else "")
    return sql + " ORDER BY doc_name, sentence_index, span_start, claim_id", params


def stance_matches(row: dict[str, Any], flt: ClaimFilter) -> bool:
    """Whether the claim takes the filter's stance toward ``flt.about`` (toward any actor without it)."""
    if flt.stance is None:
        return True
    wanted = STANCES[flt.stance]
    return any(
        a.get("stance") == wanted and (flt.about is None or a.get("id") == flt.about)
        for a in _json_list(row["about"])
    )


class ClaimRows:
    """Claim queries of :class:`~eventgraph.store.Store` (mixed in; uses its connection)."""

    con: Any

    def claims(self, flt: ClaimFilter | None = None) -> list[dict[str, Any]]:
        """Stored claim rows, filtered and paged."""
        flt = flt or ClaimFilter()
        sql, params = claim_query(flt)
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        rows = [r for r in rows if stance_matches(r, flt)]
        end = None if flt.limit is None else flt.offset + flt.limit
        return rows[flt.offset : end]

    def claim_page(self, flt: ClaimFilter, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """``(total, rows)``: how many claims ``flt`` selects and the page ``offset`` … ``offset + limit``."""
        rows = self.claims(ClaimFilter(flt.speaker, flt.about, flt.stance, flt.contested))
        return len(rows), rows[offset : offset + limit]

    def export_claims(self, fmt: str, out: Path) -> int:
        """Write every claim to ``out``: jsonl (the README's nested fields), csv or parquet (flat)."""
        rows = self.claims()
        if fmt == "jsonl":
            with Path(out).open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(nested_claim(row), ensure_ascii=False) + "\n")
        elif fmt == "csv":
            with Path(out).open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(rows[0].keys() if rows else CLAIM_COLUMNS)
                for row in rows:
                    writer.writerow(json.dumps(v) if isinstance(v, list) else v for v in row.values())
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(
                pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in CLAIM_COLUMNS}), out
            )
        return len(rows)

    def claim_speaker_counts(self, limit: int | None = None) -> list[tuple[str, int]]:
        """``(speaker_id, claims)`` of the speakers with a known id, most claims first."""
        sql = (
            "SELECT speaker_id, count(*) AS n FROM claims WHERE speaker_id IS NOT NULL"
            " GROUP BY speaker_id ORDER BY n DESC, speaker_id"
        )
        rows = self.con.execute(sql + (" LIMIT ?" if limit else ""), [limit] if limit else []).fetchall()
        return [(speaker, int(n)) for speaker, n in rows]

    def claims_to_cluster(self, window_months: int) -> list[tuple[str, str, str, str | None]]:
        """``(speaker_id, claim_id, proposition_text, cluster_id)`` of every speaker that has claims without a
        cluster: those claims, and the speaker's claims dated within ``window_months`` of one of them
        (undated ones too); in one query, ordered by speaker and claim id."""
        return self.con.execute(
            """WITH dated AS (
                   SELECT speaker_id, claim_id, proposition_text, cluster_id,
                          try_cast(left(date_value, 7) || '-01' AS DATE) AS month
                   FROM claims
                   WHERE speaker_id IN (SELECT DISTINCT speaker_id FROM claims
                                        WHERE cluster_id IS NULL AND speaker_id IS NOT NULL)),
               new_months AS (SELECT DISTINCT speaker_id, month FROM dated
                              WHERE cluster_id IS NULL AND month IS NOT NULL)
               SELECT speaker_id, claim_id, proposition_text, cluster_id FROM dated
               WHERE cluster_id IS NULL OR month IS NULL
                  OR EXISTS (SELECT 1 FROM new_months n
                             WHERE n.speaker_id = dated.speaker_id
                               AND abs(date_diff('month', n.month, dated.month)) <= $window)
               ORDER BY speaker_id, claim_id""",
            {"window": window_months},
        ).fetchall()

    def assign_claim_clusters(self, assign: dict[str, str]) -> None:
        """Set the cluster id of claims (``claim_id -> cluster_id``), in one UPDATE."""
        if not assign:
            return
        import pyarrow as pa

        self.con.execute("BEGIN TRANSACTION")
        try:
            batch = pa.table({"claim_id": list(assign), "cluster": list(assign.values())})
            self.con.register("_assign", batch)
            try:
                self.con.execute(
                    "UPDATE claims SET cluster_id = _assign.cluster FROM _assign"
                    " WHERE claims.claim_id = _assign.claim_id"
                )
            finally:
                self.con.unregister("_assign")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
