"""Where an ingest writes: the store file, or the server that owns it (see ``store/owner.py``).

A server owns the file for its whole run, so an ingest or a watch round that finds one submits its
batches to it: the documents it has read and run through the pipeline itself, as table rows, one
request per batch, which the server writes in one transaction. Otherwise the file is opened for
writing here, as before. Either way the batches are the same, and so is what the store holds after.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventgraph.pipeline import BatchResult, BatchWriter, batch_writer
from eventgraph.records import Rejection, to_plain
from eventgraph.store import Store, StoreBusy, StoreError, WriteResult
from eventgraph.store.owner import TOKEN_HEADER, ServeFile, live_server

SERVER_START_WAIT = 10.0  # seconds: a server that has just opened the file publishes itself at once
WRITE_TIMEOUT = 600.0  # seconds: the server writes batches one at a time, a queue of them can wait


class ServerWriteError(StoreError):
    """The server owning the store did not take a batch; what it wrote before stays written."""


class ServerWriter:
    """Submits batches to the server that owns the store file (``POST /batches``)."""

    def __init__(self, server: ServeFile, timeout: float = WRITE_TIMEOUT):
        import httpx

        self.server = server
        self.client = httpx.Client(
            base_url=server.url,
            headers={TOKEN_HEADER: server.token, "content-type": "application/json"},
            timeout=timeout,
            trust_env=False,  # loopback: never through a proxy from the environment
        )

    @property
    def url(self) -> str:
        return self.server.url

    def close(self) -> None:
        self.client.close()

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        ids = list(doc_ids)
        if not ids:
            return set()
        return set(self._post("/batches/known", {"doc_ids": ids})["known"])

    def finish(self) -> None:
        """Nothing to do: the server updates its analysis tables after every batch it writes."""

    def write_batch(
        self, tables: dict[str, list[dict[str, Any]]], rejections: Sequence[Rejection] = ()
    ) -> BatchResult:
        body = {"tables": tables, "rejections": [to_plain(r) for r in rejections]}
        answer = self._post("/batches", body)
        return BatchResult(write=WriteResult(**answer["write"]), near_duplicates=answer["near_duplicates"])

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        import httpx

        try:
            response = self.client.post(path, content=json.dumps(body, default=_json_value))
        except httpx.HTTPError as exc:
            raise ServerWriteError(
                f"the server at {self.url} that owns {self.server.db} did not answer ({type(exc).__name__}: "
                f"{exc}); batches it acknowledged are stored, run the command again to add the rest"
            ) from None
        if response.status_code != 200:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise ServerWriteError(
                f"the server at {self.url} refused a batch ({response.status_code}: {detail}); "
                "batches it acknowledged are stored, run the command again to add the rest"
            )
        return response.json()  # type: ignore[no-any-return]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@contextmanager
def batch_target(db: str | Path, server_wait: float = SERVER_START_WAIT) -> Iterator[BatchWriter]:
    """The writer for an ingest into ``db``: its server when one owns it, else the file opened here.

    A file held by a process that is not (yet) a server — a server that has opened it but not yet
    published its address — is retried for ``server_wait`` seconds; another ingest holding it is
    reported in one line naming its process.
    """
    server = live_server(db)
    if server is not None and not _answers(server):
        server = None  # a serve file whose process id now belongs to another program: open the file
    store: Store | None = None
    if server is None:
        try:
            store = Store(db, read_only=False)
        except StoreBusy:
            server = _published_server(db, server_wait)
            if server is None:
                raise
    if store is not None:
        with store:
            yield batch_writer(store)  # held here alone: no reader can open the file meanwhile
        return
    assert server is not None
    writer = ServerWriter(server)
    try:
        yield writer
    finally:
        writer.close()


def _answers(server: ServeFile) -> bool:
    import httpx

    try:
        return httpx.get(f"{server.url}/status", timeout=5, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


def _published_server(db: str | Path, wait: float) -> ServeFile | None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        server = live_server(db)
        if server is not None:
            return server
        time.sleep(0.2)
    return None
