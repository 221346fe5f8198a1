"""Shaping of store rows into API models, and the frame cache the analysis endpoints read.

List endpoints filter and page in SQL (``store/listing.py``); this module writes no SQL.
"""

from __future__ import annotations

import math
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
    """The store's frames for the analysis functions (which take data frames), re-read after each
    batch the server writes: an analysis never answers from data older than the last batch."""

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


def document_detail(doc: dict[str, Any], event_marks: list[dict[str, Any]]) -> DocumentDetail:
    summary = document_summary(doc).model_dump()
    marks = [
        EventMark(
            event_id=r["event_id"],
            type=r["type"],
            sentence_index=int(r["sentence_index"]),
            span=(int(r["span_start"]), int(r["span_end"])),
        )
        for r in event_marks
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
