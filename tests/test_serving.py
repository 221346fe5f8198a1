"""Serving while ingesting: a live server owns the store, `eventgraph ingest` (a real process running
the real pipeline on sample articles) submits its batches to it, and readers hammer single-item and
analysis endpoints meanwhile. Every answer is a 200 and no answer is older than the last batch the
server had finished writing when the request was sent."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from eventgraph.api import create_app
from eventgraph.store import Store
from eventgraph.store.owner import live_server

SAMPLES = sorted((Path(__file__).parents[1] / "src" / "eventgraph" / "data" / "samples").glob("*.txt"))[:8]
BATCH = 2
READERS = 3


@dataclass
class Reading:
    errors: list[str] = field(default_factory=list)
    calls: int = 0
    stale: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "served.duckdb"
    Store(db).close()  # an empty store of the current schema
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(db, url=url)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not (server.started and live_server(db)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert live_server(db) is not None and live_server(db).url == url  # type: ignore[union-attr]
    yield db, url, app.state.gate
    server.should_exit = True
    thread.join(timeout=20)


def documents_committed_by(gate, generation: int) -> int:  # type: ignore[no-untyped-def]
    """Documents stored once the server had written ``generation`` batches (0 before the first)."""
    return next((s.documents for s in gate.written if s.generation == generation), 0)


def hammer(url: str, gate, stop: threading.Event, reading: Reading) -> None:  # type: ignore[no-untyped-def]
    with httpx.Client(base_url=url, timeout=30, trust_env=False) as client:
        round_number = 0
        while not stop.is_set() or round_number < 1:
            round_number += 1
            calls = ["/overview", "/events?limit=5", "/dyads", "/dyads/ARM/RUS", "/network", "/documents"]
            if reading.event_ids:
                calls.append(f"/events/{reading.event_ids[-1]}")
            if reading.doc_ids:
                calls.append(f"/documents/{reading.doc_ids[-1]}")
            for path in calls:
                generation = gate.generation
                response = client.get(path)
                reading.calls += 1
                if response.status_code != 200:
                    reading.errors.append(f"{path}: {response.status_code} {response.text[:200]}")
                    continue
                body = response.json()
                if path == "/overview":
                    expected = documents_committed_by(gate, generation)
                    if body["documents"] < expected:
                        reading.stale.append(f"{body['documents']} documents seen after batch {generation}")
                elif path.startswith("/events?"):
                    reading.event_ids += [e["event_id"] for e in body["items"]]
                elif path == "/documents":
                    reading.doc_ids += [d["doc_id"] for d in body["items"]]


def test_ingest_submits_to_the_server_and_readers_never_fail_or_lag(served) -> None:  # type: ignore[no-untyped-def]
    db, url, gate = served
    readings = [Reading() for _ in range(READERS)]
    stop = threading.Event()
    readers = [threading.Thread(target=hammer, args=(url, gate, stop, r)) for r in readings]
    for reader in readers:
        reader.start()
    ingest = subprocess.run(
        [sys.executable, "-m", "eventgraph.cli", "ingest", *map(str, SAMPLES), "--db", str(db)]
        + ["--batch-size", str(BATCH)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    stop.set()
    for reader in readers:
        reader.join(timeout=60)
    assert ingest.returncode == 0, ingest.stderr
    output = " ".join((ingest.stdout + ingest.stderr).split())
    assert f"is served at {url}" in output and "Could not set lock" not in output
    assert gate.generation >= len(SAMPLES) // BATCH  # one write per batch, into the served store
    errors = [e for r in readings for e in r.errors]
    assert errors == []
    assert [s for r in readings for s in r.stale] == []
    assert sum(r.calls for r in readings) > 3 * READERS
    final = httpx.get(f"{url}/overview", trust_env=False).json()
    assert final["documents"] == len(SAMPLES) and final["events"] > 0
    assert any(r.event_ids for r in readings)  # single-item endpoints were called on new events
