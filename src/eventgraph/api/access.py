"""Safe access to the DuckDB file from a multi-threaded server while other processes may write it.

What holds (DuckDB 1.x file locking):

* each request opens the file read-only and closes it when done, so requests never block each other
  and the file is free between requests;
* a process that writes (``eventgraph ingest``) holds an exclusive lock for its whole run; while it
  does, a read-only open fails. The API retries for ``RETRY_SECONDS`` and then answers 503 with a
  message saying the database is being written, never a 500;
* within this server, ``POST /ingest`` takes the writer side of a readers–writer lock: DuckDB refuses a
  read-write and a read-only connection to one file in one process, so readers wait for the write.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventgraph.store import Store, StoreError

RETRY_SECONDS = 2.0
RETRY_PAUSE = 0.1


class StoreBusy(Exception):
    """The database is locked by a writer for longer than we are willing to wait."""


class StoreMissing(Exception):
    """The database file does not exist or is not an eventgraph store."""


class ReadWriteLock:
    """Many readers or one writer; a waiting writer is not starved by a stream of readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class StoreGate:
    """Opens the store per use: read-only for queries, read-write for ingest, with retry on locks."""

    def __init__(self, path: str | Path, retry_seconds: float = RETRY_SECONDS):
        self.path = Path(path)
        self.retry_seconds = retry_seconds
        self.lock = ReadWriteLock()

    def version(self) -> tuple[int, int, int, int]:
        """Changes whenever the database or its write-ahead log changes; keys cached frames."""
        stats = [self.path.stat() if self.path.exists() else None]
        wal = self.path.with_name(self.path.name + ".wal")
        stats.append(wal.stat() if wal.exists() else None)
        main, log = stats
        return (
            main.st_mtime_ns if main else 0,
            main.st_size if main else 0,
            log.st_mtime_ns if log else 0,
            log.st_size if log else 0,
        )

    @contextmanager
    def reader(self) -> Iterator[Store]:
        with self.lock.reading():
            store = self._open(read_only=True)
            try:
                yield store
            finally:
                store.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        with self.lock.writing():
            store = self._open(read_only=False)
            try:
                yield store
            finally:
                store.close()

    def _open(self, read_only: bool) -> Store:
        if read_only and not self.path.exists():
            raise StoreMissing(f"{self.path}: no such database; run `eventgraph ingest` or `eventgraph demo`")
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                return Store(self.path, read_only=read_only)
            except StoreError as exc:
                if not _is_lock_conflict(str(exc)):
                    raise StoreMissing(str(exc)) from None
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"{self.path} is being written by another process (an ingest is running); "
                        "retry in a moment"
                    ) from None
                time.sleep(RETRY_PAUSE)


def _is_lock_conflict(message: str) -> bool:
    lowered = message.lower()
    return "lock" in lowered or "conflicting" in lowered or "different configuration" in lowered
