"""The server's hold on its store: one read-write connection for the server's whole run.

What holds (DuckDB: one process may open a file for writing, and then no other process can open it):

* the server opens the file for writing once, at start-up (or on the first request), and keeps it;
  it announces itself in the serve file beside the database (``store/owner.py``), so that
  ``eventgraph ingest`` and ``watch`` submit their batches to it instead of opening the file;
* each request reads through a cursor of its own inside one read transaction: requests run at the
  same time, never wait for a write, and each sees the store as of the last committed batch;
* writes (submitted batches, ``POST /ingest``) go through :meth:`StoreGate.writer`, one at a time,
  each batch in one transaction followed by the dedup update;
* if another process holds the file when the server starts (an ingest run without a server), the
  server retries in the background and answers 503 naming that process until it has the file;
* :meth:`StoreGate.close` interrupts running queries, lets a write in progress finish (bounded), and
  withdraws the serve file: a busy server stops on SIGTERM.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from eventgraph.pipeline import StoreWriter
from eventgraph.store import Store, StoreError
from eventgraph.store import StoreBusy as FileBusy
from eventgraph.store.owner import ServeFile, publish, withdraw

RETRY_SECONDS = 0.5  # how long one request waits for a file another process holds, before a 503
RETRY_PAUSE = 0.1
OPEN_RETRY_PAUSE = 1.0  # the background opener's pause between attempts
WRITE_GRACE_SECONDS = 10.0
STAMPS_KEPT = 1000  # at shutdown, how long a write in progress may take to finish


class StoreBusy(Exception):
    """Another process holds the database file; the server takes it over when it is released."""


class StoreMissing(Exception):
    """The database file does not exist or is not an eventgraph store (or the server is stopping)."""


@dataclass(frozen=True, slots=True)
class WriteStamp:
    """One batch written by the server: its number, when it was committed, the documents stored then."""

    generation: int
    finished: float  # time.monotonic()
    documents: int
    committed_at: str  # UTC, ISO 8601


class StoreGate:
    """The one read-write connection of the server, a cursor per request and a single writer."""

    def __init__(
        self,
        path: str | Path,
        retry_seconds: float = RETRY_SECONDS,
        url: str | None = None,
        duckdb_threads: int | None = None,
        memory_limit: str | None = None,
    ):
        self.path = Path(path)
        self.retry_seconds = retry_seconds
        self.url = url  # published in the serve file once the file is ours; None: not published
        self.duckdb_threads = duckdb_threads
        self.memory_limit = memory_limit
        self.generation = 0  # batches written by this server; keys what is cached from the store
        self.written: deque[WriteStamp] = deque(maxlen=STAMPS_KEPT)  # the last batches, newest last
        self.serve_file: ServeFile | None = None
        self._store: Store | None = None
        self._writer: StoreWriter | None = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._cursors: set[duckdb.DuckDBPyConnection] = set()
        self._cursors_lock = threading.Lock()
        self._closing = False
        self._opener: threading.Thread | None = None
        self.after_open: list[Callable[[], None]] = []  # called once the file is the server's
        self.after_write: list[Callable[[], None]] = []  # called after each batch (the writer's thread)

    # ------------------------------------------------------------------------------------ opening

    def open(self) -> Store:
        """The server's store, opened for writing on first use (and migrated if it is older)."""
        if self._store is not None:
            return self._store
        with self._open_lock:
            if self._store is None:
                self._store = self._open_with_retry()
                for callback in self.after_open:
                    callback()
        return self._store

    def open_in_background(self) -> None:
        """Start-up: take the file now, or keep trying every second while another process holds it."""
        try:
            self.open()
        except StoreBusy:
            self._opener = threading.Thread(target=self._keep_opening, name="store opener", daemon=True)
            self._opener.start()
        except StoreMissing:
            pass  # every request says why, with the file's name

    def _keep_opening(self) -> None:
        while not self._closing and self._store is None:
            time.sleep(OPEN_RETRY_PAUSE)
            with suppress(StoreBusy, StoreMissing):
                self.open()

    def _open_with_retry(self) -> Store:
        if self._closing:
            raise StoreMissing(f"{self.path}: the server is stopping")
        if not self.path.exists():
            raise StoreMissing(f"{self.path}: no such database; run `eventgraph ingest` or `eventgraph demo`")
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                store = Store(self.path, read_only=False)
                break
            except FileBusy as exc:
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"{exc}; the server takes the file over when it is free") from None
                time.sleep(RETRY_PAUSE)
            except StoreError as exc:
                raise StoreMissing(str(exc)) from None
        self._configure(store)
        _complete_analysis_tables(store)
        if self.url:
            self.serve_file = publish(self.path, self.url)
        return store

    def _configure(self, store: Store) -> None:
        if self.duckdb_threads:
            store.con.execute(f"SET threads = {int(self.duckdb_threads)}")
        if self.memory_limit:
            store.con.execute("SET memory_limit = ?", [self.memory_limit])

    # ------------------------------------------------------------------------------- using it

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A cursor for one request, inside one read transaction: one consistent snapshot of the store."""
        cursor = self.open().cursor()
        with self._cursors_lock:
            self._cursors.add(cursor.con)
        try:
            cursor.con.execute("BEGIN TRANSACTION")
            yield cursor
        finally:
            with self._cursors_lock:
                self._cursors.discard(cursor.con)
            with suppress(duckdb.Error):
                cursor.con.execute("ROLLBACK")  # a read transaction has nothing to commit
            cursor.close()

    @contextmanager
    def writer(self) -> Iterator[StoreWriter]:
        """The single writer: batches are written one at a time; readers go on meanwhile."""
        with self._write_lock:
            if self._closing:
                raise StoreMissing(f"{self.path}: the server is stopping; submit the batch again later")
            store = self.open()
            if self._writer is None:
                self._writer = StoreWriter(store)
            try:
                yield self._writer
            finally:
                documents = store.con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
                now = datetime.now(UTC).isoformat(timespec="milliseconds")
                self.written.append(WriteStamp(self.generation + 1, time.monotonic(), int(documents), now))
                self.generation += 1  # after the commits: a request started from now on sees the batch
                for callback in self.after_write:
                    callback()

    @property
    def owns_file(self) -> bool:
        return self._store is not None

    def version(self) -> int:
        """Changes with every write of this server (nobody else can write the file while it runs)."""
        return self.generation

    # ------------------------------------------------------------------------------- stopping

    def interrupt_readers(self) -> int:
        """Stop every running query (each request then fails fast); returns how many were running."""
        with self._cursors_lock:
            cursors = list(self._cursors)
        for con in cursors:
            with suppress(duckdb.Error):
                con.interrupt()
        return len(cursors)

    def close(self, write_grace: float = WRITE_GRACE_SECONDS) -> None:
        """Stop reading, let a write in progress finish (at most ``write_grace`` s), release the file."""
        self._closing = True
        self.interrupt_readers()
        got_writer = self._write_lock.acquire(timeout=write_grace)
        try:
            if self.serve_file is not None:
                withdraw(self.path, self.serve_file)
                self.serve_file = None
            if self._store is not None and got_writer:
                with suppress(duckdb.Error):
                    self._store.close()
                self._store = None
        finally:
            if got_writer:
                self._write_lock.release()


def _complete_analysis_tables(store: Store) -> None:
    """Fill the analysis tables for events stored without them (a store just migrated, or written by
    an older eventgraph) before serving: once, then each batch keeps them current."""
    try:
        from eventgraph.analysis.tables import AnalysisTables
    except ImportError:  # pragma: no cover - analysis not installed
        return
    if not store.analysis_is_current():
        AnalysisTables(store).update()
