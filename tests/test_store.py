"""The DuckDB store: idempotent transactional writes, filters, exports, and clear errors."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from eventgraph.records import (
    ActorRef,
    DateRef,
    Document,
    Event,
    Mention,
    PlaceRef,
    ProcessedDocument,
    Rejection,
    Sentence,
    content_hash,
    event_id_for,
)
from eventgraph.store import EventFilter, Store, StoreError

TEXT = (
    "Russia on Monday accused the United States of undermining security.\n\n"
    "Armenia and Azerbaijan held talks in Brussels."
)


def processed_document(text: str = TEXT, name: str = "a.txt") -> ProcessedDocument:
    doc = Document(
        doc_id=content_hash(text),
        name=name,
        text=text,
        original_text=text,
        title="Russia accuses US",
        outlet="Test Wire",
        published=date(2023, 5, 8),
    )
    first_end = text.index("\n\n")
    second_start = first_end + 2
    sentences = [
        Sentence(doc.doc_id, 0, 0, first_end, text[:first_end]),
        Sentence(doc.doc_id, 1, second_start, len(text), text[second_start:]),
    ]
    rus = ActorRef("RUS", "Russia", "Russia", "GOV", country="RUS")
    usa = ActorRef("USA", "United States", "the United States", "GOV", country="USA")
    arm = ActorRef("ARM", "Armenia", "Armenia", country="ARM")
    aze = ActorRef("AZE", "Azerbaijan", "Azerbaijan", country="AZE")
    accuse_span = (0, text.index(" of undermining"))
    talks_span = (second_start, len(text) - 1)

    def event(span, src, tgt, kind, idx, **kw):  # type: ignore[no-untyped-def]
        return Event(
            event_id=event_id_for(doc.doc_id, span, src.id, tgt.id, kind),
            doc_id=doc.doc_id,
            doc_name=name,
            sentence_index=idx,
            sentence=sentences[idx].text,
            span=span,
            source=src,
            target=tgt,
            type=kind,
            mode=None,
            cameo=kw.pop("cameo"),
            goldstein=kw.pop("goldstein"),
            quad_class=kw.pop("quad"),
            pattern="test.pattern",
            **kw,
        )

    events = [
        event(
            accuse_span,
            rus,
            usa,
            "ACCUSE",
            0,
            cameo="112",
            goldstein=-2.0,
            quad=3,
            date=DateRef("2023-05-08", "day", "on Monday"),
        ),
        event(
            talks_span,
            arm,
            aze,
            "CONSULT",
            1,
            cameo="043",
            goldstein=2.8,
            quad=1,
            date=DateRef("2023-05-08", "reported"),
            place=PlaceRef("Brussels", "gn:2800866", 50.85, 4.35),
        ),
        event(talks_span, aze, arm, "CONSULT", 1, cameo="043", goldstein=2.8, quad=1, hypothetical=True),
    ]
    mentions = [Mention(doc.doc_id, 0, 0, 1, 0, 6, rus)]
    return ProcessedDocument(document=doc, sentences=sentences, mentions=mentions, events=events)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "t.duckdb") as st:
        yield st


def test_write_is_idempotent_by_content_hash(store: Store) -> None:
    first = store.write([processed_document()], [Rejection("bad.txt", "empty file")])
    again = store.write([processed_document(name="renamed.txt")])
    assert (first.added, first.events) == (1, 3)
    assert (again.added, again.skipped) == (0, 1)
    assert store.counts()["documents"] == 1
    assert store.counts()["events"] == 3
    assert store.rejections() == [
        {"input": "bad.txt", "line": None, "reason": "empty file", "stage": "ingest"}
    ]


def test_event_filters(store: Store) -> None:
    store.write([processed_document()])
    assert {r["type"] for r in store.events(EventFilter(actor="rus"))} == {"ACCUSE"}
    assert len(store.events(EventFilter(dyad=("ARM", "AZE")))) == 1
    assert len(store.events(EventFilter(type="consult"))) == 2
    assert len(store.events(EventFilter(type="consult", include_modal=False))) == 1
    assert len(store.events(EventFilter(since="2023-05-08"))) == 2
    assert store.events(EventFilter(until="2023-05-07")) == []
    assert len(store.events(EventFilter(doc="a.txt"))) == 3


def test_evidence_is_the_span_text(store: Store) -> None:
    store.write([processed_document()])
    row = store.events(EventFilter(type="ACCUSE"))[0]
    assert row["evidence"] == "Russia on Monday accused the United States"
    assert store.event(row["event_id"][:8])["event_id"] == row["event_id"]


def test_jsonl_export_has_the_documented_schema(store: Store, tmp_path: Path) -> None:
    store.write([processed_document()])
    out = tmp_path / "events.jsonl"
    assert store.export("jsonl", out) == 3
    records = [json.loads(line) for line in out.read_text().splitlines()]
    talks = next(r for r in records if r["type"] == "CONSULT" and not r["hypothetical"])
    assert talks["doc_name"] == "a.txt"
    assert talks["source"] == {
        "id": "ARM",
        "name": "Armenia",
        "text": "Armenia",
        "sector": None,
        "country": "ARM",
        "secondary": [],
        "code": "ARM",
    }
    accuse = next(r for r in records if r["type"] == "ACCUSE")
    assert (accuse["source"]["code"], accuse["target"]["country"]) == ("RUSGOV", "USA")
    assert talks["place"] == {"name": "Brussels", "id": "gn:2800866", "lat": 50.85, "lon": 4.35}
    assert talks["date"] == {"value": "2023-05-08", "precision": "reported", "expression": None}
    expected_keys = {
        "event_id",
        "doc_id",
        "doc_name",
        "sentence_index",
        "sentence",
        "span",
        "evidence",
        "source",
        "target",
        "type",
        "mode",
        "cameo",
        "goldstein",
        "quad_class",
        "negated",
        "hypothetical",
        "modality",
        "date",
        "place",
        "pattern",
        "inferred",
    }
    assert set(talks) == expected_keys
    assert talks["inferred"] == []  # both participants named in their sentence


def test_csv_and_parquet_exports(store: Store, tmp_path: Path) -> None:
    store.write([processed_document()])
    assert store.export("parquet", tmp_path / "e.parquet") == 3
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 3 and "goldstein" in table.column_names
    store.export("csv", tmp_path / "e.csv")
    lines = (tmp_path / "e.csv").read_text().splitlines()
    assert lines[0].startswith("event_id,doc_id,doc_name") and len(lines) == 4
    store.export("polecat", tmp_path / "e.tsv")
    rows = list(csv.DictReader((tmp_path / "e.tsv").open(encoding="utf-8"), delimiter="\t"))
    accuse = next(r for r in rows if r["Event Type"] == "ACCUSE")
    assert (accuse["Actor Country"], accuse["Primary Actor Sector"], accuse["Recipient Country"]) == (
        "RUS",
        "GOV",
        "USA",
    )
    published = (accuse["Quad Code"], accuse["Source"], accuse["Publication Date"])
    assert published == ("3", "Test Wire", "2023-05-08")
    assert "Wikipedia Actor ID" in rows[0] and rows[0]["Wikipedia Actor ID"] == ""
    with pytest.raises(StoreError, match="unknown export format 'xml'"):
        store.export("xml", tmp_path / "e.xml")


def test_document_lookup_by_name_and_prefix(store: Store) -> None:
    item = processed_document()
    store.write([item])
    assert store.document("a.txt")["doc_id"] == item.document.doc_id
    assert store.document(item.document.doc_id[:8])["outlet"] == "Test Wire"
    assert store.document("nope") is None


def test_foreign_file_and_missing_file_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    junk = tmp_path / "junk.duckdb"
    junk.write_text("this is not a database")
    with pytest.raises(StoreError, match="cannot open as a DuckDB database"):
        Store(junk)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INT)").close()
    with pytest.raises(StoreError, match="not an eventgraph database"):
        Store(other, read_only=True)


def test_failed_batch_leaves_no_partial_rows(store: Store) -> None:
    broken = processed_document()
    broken.events[0].goldstein = "not a number"  # type: ignore[assignment]
    with pytest.raises(ValueError):
        store.write([broken])
    assert store.counts()["documents"] == 0
    assert store.counts()["sentences"] == 0


def test_the_same_document_twice_in_one_batch_is_stored_once(store: Store) -> None:
    result = store.write([processed_document(), processed_document(name="copy.txt")])
    assert result.added == 1
    assert store.counts()["documents"] == 1
    assert store.counts()["sentences"] == 2


def test_a_batch_fills_exactly_the_row_tables_that_dask_and_the_server_take() -> None:
    from eventgraph.store import ROW_TABLES, table_rows

    assert tuple(table_rows([])) == ROW_TABLES
