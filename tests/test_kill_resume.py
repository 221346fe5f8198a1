"""An ingest killed with SIGKILL halfway and run again completes without duplicates.

Batches are transactional and documents idempotent by content hash: after the kill the store holds
whole batches only, and the second run skips them and adds the rest, ending with exactly the rows
of one clean run.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SHARED

CORPUS = SHARED / "corpora" / "ukraine-media.jsonl"
ARTICLES = 40
MAX_CHARS = 1200  # short articles keep the three runs fast
BATCH = "4"
BATCH_WAL_BYTES = 50_000  # a batch of four articles adds 20-40 KB to the WAL: past 50 KB the first is whole
SCHEMA_SETTLED = 0.5  # seconds without WAL growth: the schema is in, the models are loading


def command(inputs: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "eventgraph.cli",
        "ingest",
        str(inputs),
        "--db",
        str(db),
        "--batch-size",
        BATCH,
    ]


def run_to_end(inputs: Path, db: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command(inputs, db), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute(sql).fetchall(), key=repr)


def wal_size(db: Path) -> int:
    wal = db.with_name(db.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def kill_after_first_commits(inputs: Path, db: Path, clean_seconds: float) -> None:
    """Start an ingest and SIGKILL it once its first batches are committed, well before it would end.

    DuckDB appends each committed transaction to the ``.wal`` file. The schema is written first, then
    the WAL stays still while the models load (seconds); its next growth is the first batches.
    ``clean_seconds`` (a whole run's time) bounds the wait.
    """
    proc = subprocess.Popen(
        command(inputs, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    start = time.monotonic()
    last_size, last_change, schema_wal = -1, start, None
    try:
        while time.monotonic() - start < clean_seconds * 3:
            assert proc.poll() is None, "the ingest ended before it could be killed"
            size, now = wal_size(db), time.monotonic()
            if size != last_size:
                last_size, last_change = size, now
            elif schema_wal is None and size and now - last_change > SCHEMA_SETTLED:
                schema_wal = size
            if schema_wal and size > schema_wal + BATCH_WAL_BYTES:
                break
            time.sleep(0.01)
        else:
            pytest.fail("no batch was committed in time")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty short articles of the reference corpus, plus one repeated, as a temporary JSONL file."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is missing")
    with CORPUS.open(encoding="utf-8") as corpus:
        short = (line for line in corpus if len(json.loads(line)["text"]) < MAX_CHARS)
        lines = list(itertools.islice(short, ARTICLES))
    path = tmp_path_factory.mktemp("kill") / "slice.jsonl"
    path.write_text("".join(lines) + lines[3], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def stores(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """A clean single run, and a run killed halfway then repeated; the killed store's document count."""
    folder = tmp_path_factory.mktemp("stores")
    clean, resumed = folder / "clean.duckdb", folder / "resumed.duckdb"
    start = time.monotonic()
    run_to_end(inputs, clean)
    kill_after_first_commits(inputs, resumed, time.monotonic() - start)
    (after_kill,) = rows(resumed, "SELECT count(*) FROM documents")[0]
    run_to_end(inputs, resumed)
    return clean, resumed, after_kill


DOCUMENTS = "SELECT doc_id, name, text FROM documents"
SENTENCES = "SELECT doc_id, sentence_index, start_char, end_char, text FROM sentences"
MENTIONS = "SELECT doc_id, sentence_index, start_char, end_char, actor_id FROM mentions"
EVENTS = (
    "SELECT event_id, doc_id, sentence_index, span_start, span_end, source_id, target_id, type, mode, cameo,"
    " negated, hypothetical, date_value, place_name FROM events"
)


def test_the_kill_landed_halfway(stores: tuple[Path, Path, float]) -> None:
    clean, _, after_kill = stores
    total = len(rows(clean, DOCUMENTS))
    assert 0 < after_kill < total


def test_the_killed_store_holds_whole_batches_only(stores: tuple[Path, Path, float]) -> None:
    """Every stored document has all its sentences: no batch was half written."""
    clean, resumed, _ = stores
    per_doc = (
        "SELECT d.doc_id, count(s.doc_id) FROM documents d LEFT JOIN sentences s USING (doc_id) GROUP BY 1"
    )
    assert rows(resumed, per_doc) == rows(clean, per_doc)


def test_no_document_sentence_mention_or_event_is_duplicated(stores: tuple[Path, Path, float]) -> None:
    _, resumed, _ = stores
    for table, key in (
        ("documents", "doc_id"),
        ("sentences", "doc_id, sentence_index"),
        ("mentions", "doc_id, sentence_index, start_char, end_char, actor_id"),
        ("events", "event_id"),
    ):
        dupes = rows(resumed, f"SELECT {key}, count(*) FROM {table} GROUP BY ALL HAVING count(*) > 1")
        assert dupes == [], table


def test_documents_are_the_unique_inputs(stores: tuple[Path, Path, float], inputs: Path) -> None:
    _, resumed, _ = stores
    unique_texts = {" ".join(json.loads(line)["text"].split()) for line in inputs.read_text().splitlines()}
    assert len(rows(resumed, DOCUMENTS)) == len(unique_texts) == ARTICLES


def test_resumed_store_equals_a_clean_run(stores: tuple[Path, Path, float]) -> None:
    clean, resumed, _ = stores
    for query in (DOCUMENTS, SENTENCES, MENTIONS, EVENTS):
        assert rows(resumed, query) == rows(clean, query), query


def test_events_were_found_at_all(stores: tuple[Path, Path, float]) -> None:
    clean, _, _ = stores
    assert len(rows(clean, EVENTS)) > 0
