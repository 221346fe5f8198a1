"""Filtering, paging and shaping of store rows into API models (pandas on the store's frames; no SQL)."""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from eventgraph.api.access import StoreBusy, StoreGate
from eventgraph.api.models import (
    DocumentDetail,
    DocumentSummary,
    EventDetail,
    EventMark,
    EventOut,
    EvidenceContext,
    RemovedSpanOut,
)
from eventgraph.store import Store, nested_event

DOC_COLUMNS = ("outlet", "title", "published", "url")
CONTEXT_CHARS = 700


def plain(value: Any) -> Any:
    """A JSON-ready scalar: NaN/NaT become None, numpy numbers Python numbers, dates ISO strings."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()[:10]
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


# -------------------------------------------------------------------------------------- frames


@dataclass(slots=True)
class StoreFrames:
    """Everything list endpoints need, read in one go: events (with document metadata), documents,
    table counts and event types."""

    events: pd.DataFrame
    documents: pd.DataFrame
    counts: dict[str, int]
    types: list[tuple[str, int]]


class FrameCache:
    """The store's frames, re-read only when the database file changes.

    Opening DuckDB costs tens of milliseconds, so list endpoints answer from this cache and open the
    file only when its modification time or size (or its write-ahead log's) has changed. While another
    process writes the file, the last frames read are served (a 503 only if there are none yet).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: Any = None
        self._frames: StoreFrames | None = None

    def frames(self, gate: StoreGate) -> StoreFrames:
        with self._lock:
            version = gate.version()
            if self._key != version or self._frames is None:
                try:
                    with gate.reader() as store:
                        self._frames = read_frames(store)
                except StoreBusy:
                    # A writer holds the file: answer from what we read last time rather than a 503.
                    if self._frames is None:
                        raise
                    return self._frames
                self._key = version
            return self._frames


def read_frames(store: Store) -> StoreFrames:
    documents = store.documents_frame()
    documents["published"] = documents["published"].map(plain)
    events = store.events_frame()
    meta = documents[["doc_id", *DOC_COLUMNS]]
    events = events.merge(meta, on="doc_id", how="left")
    events["day"] = events["date_value"].map(_first_day)
    return StoreFrames(events, documents, store.counts(), store.event_types(asserted_only=False))


def _first_day(value: Any) -> str | None:
    """The first ISO day of a date, month, year or interval value, for ordering and date filters."""
    if not isinstance(value, str) or not value:
        return None
    return value.split("/", 1)[0]


# ------------------------------------------------------------------------------------- filters


@dataclass(slots=True)
class EventQuery:
    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    types: tuple[str, ...] = ()
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    doc: str | None = None
    q: str | None = None
    include_negated: bool = True
    include_hypothetical: bool = True
    with_place: bool = False
    modalities: tuple[str, ...] = ()  # hypothetical events of these kinds only (Event.modality)


def _upper(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.upper()


def filter_events(events: pd.DataFrame, query: EventQuery) -> pd.DataFrame:
    """The events matching every given filter, ordered by date, document and position."""
    keep = pd.Series(True, index=events.index)
    src, tgt = _upper(events["source_id"]), _upper(events["target_id"])
    if query.actor:
        keep &= (src == query.actor.upper()) | (tgt == query.actor.upper())
    if query.source:
        keep &= src == query.source.upper()
    if query.target:
        keep &= tgt == query.target.upper()
    if query.dyad:
        a, b = (x.upper() for x in query.dyad)
        forward = (src == a) & (tgt == b)
        keep &= forward if query.directed else forward | ((src == b) & (tgt == a))
    if query.types:
        keep &= _upper(events["type"]).isin({t.upper() for t in query.types})
    if query.quad_class is not None:
        keep &= events["quad_class"] == query.quad_class
    day = events["day"].fillna("")
    if query.since:
        keep &= (day != "") & (day >= query.since)
    if query.until:
        # A month or year bound includes all of it: "2023-05" keeps 2023-05-31.
        keep &= (day != "") & (day.str.slice(0, len(query.until)) <= query.until)
    if query.outlet:
        keep &= events["outlet"].fillna("").str.lower() == query.outlet.lower()
    if query.doc:
        same = (events["doc_id"] == query.doc) | (events["doc_name"] == query.doc)
        if len(query.doc) >= 6:
            same |= events["doc_id"].str.startswith(query.doc)
        keep &= same
    if query.q:
        keep &= events["sentence"].fillna("").str.contains(re.escape(query.q), case=False, regex=True)
    if not query.include_negated:
        keep &= ~events["negated"].fillna(False).astype(bool)
    if not query.include_hypothetical:
        keep &= ~events["hypothetical"].fillna(False).astype(bool)
    if query.with_place:
        keep &= events["place_lat"].notna() & events["place_lon"].notna()
    if query.modalities:
        kinds = events["modality"] if "modality" in events else pd.Series(None, index=events.index)
        keep &= kinds.isin(set(query.modalities))
    found = events[keep]
    return found.sort_values(["day", "doc_name", "span_start"], na_position="last", kind="stable")


def page(frame: pd.DataFrame, limit: int, offset: int) -> pd.DataFrame:
    return frame.iloc[offset : offset + limit]


# ------------------------------------------------------------------------------------ shaping


def event_out(row: dict[str, Any]) -> EventOut:
    clean = {k: plain(v) for k, v in row.items()}
    nested = nested_event(clean)
    nested["trigger"] = clean.get("trigger")
    for column in DOC_COLUMNS:
        nested[column] = clean.get(column)
    return EventOut.model_validate(nested)


def document_summary(row: dict[str, Any]) -> DocumentSummary:
    clean = {k: plain(v) for k, v in row.items()}
    return DocumentSummary.model_validate({k: clean.get(k) for k in DocumentSummary.model_fields})


def document_detail(doc: dict[str, Any], events: pd.DataFrame) -> DocumentDetail:
    summary = document_summary(doc).model_dump()
    marks = [
        EventMark(
            event_id=r["event_id"],
            type=r["type"],
            sentence_index=int(r["sentence_index"]),
            span=(int(r["span_start"]), int(r["span_end"])),
        )
        for r in records(events[events["doc_id"] == doc["doc_id"]])
    ]
    removed = [RemovedSpanOut.model_validate(r) for r in doc.get("removed") or [] if isinstance(r, dict)]
    return DocumentDetail(
        **summary, text=doc["text"], original_text=doc["original_text"], removed=removed, events=marks
    )


def event_detail(row: dict[str, Any], doc: dict[str, Any], sentences: list[dict[str, Any]]) -> EventDetail:
    base = event_out(row).model_dump()
    context = evidence_context(doc["text"], row, sentences)
    return EventDetail(**base, context=context, document=document_summary(doc))


def evidence_context(text: str, row: dict[str, Any], sentences: list[dict[str, Any]]) -> EvidenceContext:
    """The paragraph (line) holding the evidence sentence, clipped to a readable length around it."""
    span_start, span_end = int(row["span_start"]), int(row["span_end"])
    sent_start, sent_end = _sentence_bounds(text, row, sentences, span_start, span_end)
    para_start = text.rfind("\n", 0, sent_start) + 1
    para_end = text.find("\n", sent_end)
    para_end = len(text) if para_end < 0 else para_end
    para_start = max(para_start, sent_start - CONTEXT_CHARS)
    para_end = min(para_end, sent_end + CONTEXT_CHARS)
    return EvidenceContext(
        text=text[para_start:para_end],
        sentence_start=sent_start - para_start,
        sentence_end=sent_end - para_start,
        span_start=span_start - para_start,
        span_end=span_end - para_start,
        paragraph_start=para_start,
    )


def _sentence_bounds(
    text: str, row: dict[str, Any], sentences: list[dict[str, Any]], span_start: int, span_end: int
) -> tuple[int, int]:
    for sentence in sentences:
        if int(sentence["sentence_index"]) == int(row["sentence_index"]):
            return int(sentence["start_char"]), int(sentence["end_char"])
    found = text.find(row["sentence"] or "", max(0, span_start - len(row["sentence"] or "")))
    if found >= 0 and row["sentence"]:
        return found, found + len(row["sentence"])
    return span_start, span_end
