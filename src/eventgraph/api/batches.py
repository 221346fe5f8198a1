"""``POST /batches`` and ``POST /batches/known``: how ``eventgraph ingest`` and ``watch`` write through a
server that owns the store file (``runs/target.py`` is the client).

The client reads and processes the documents itself (spaCy, actors, coder, dates, places) and sends
each batch's table rows; the server writes a batch in one transaction, then updates near-duplicate
groups and event clusters, exactly as a local ingest does. Only a process that can read the serve
file beside the database (mode 0600) knows the token these routes ask for; they are not part of the
public API schema.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from eventgraph.api.access import StoreGate
from eventgraph.records import Rejection
from eventgraph.store import ROW_TABLES
from eventgraph.store.owner import TOKEN_HEADER

REJECTION_FIELDS = ("input", "reason", "line", "stage")


class BatchProblem(Exception):
    """A submitted batch is not in the shape ``runs/target.py`` sends."""


def add_batch_routes(app: FastAPI, gate: StoreGate) -> None:
    @app.post("/batches/known", include_in_schema=False)
    async def known_documents(request: Request) -> dict[str, Any]:
        body = _parsed(await _authorised_body(request, gate))
        ids = body.get("doc_ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise HTTPException(400, "doc_ids: expected a list of document ids")

        def lookup() -> list[str]:
            with gate.reader() as store:
                return sorted(store.known_doc_ids(ids))

        return {"known": await run_in_threadpool(lookup)}

    @app.post("/batches", include_in_schema=False)
    async def write_batch(request: Request) -> dict[str, Any]:
        raw = await _authorised_body(request, gate)

        def write() -> dict[str, Any]:
            tables, rejections = batch_from_body(_parsed(raw))  # parsed here, off the event loop
            with gate.writer() as writer:
                result = writer.write_batch(tables, rejections)
            return {"write": asdict(result.write), "near_duplicates": result.near_duplicates}

        try:
            return await run_in_threadpool(write)
        except BatchProblem as exc:
            raise HTTPException(400, str(exc)) from None


async def _authorised_body(request: Request, gate: StoreGate) -> bytes:
    expected = gate.serve_file.token if gate.serve_file else None
    given = request.headers.get(TOKEN_HEADER, "")
    if expected is None or not secrets.compare_digest(given, expected):
        raise HTTPException(
            403, f"batches are taken only with the token of the serve file beside {gate.path.name}"
        )
    return await request.body()


def _parsed(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"request body is not valid JSON ({exc})") from None
    if not isinstance(body, dict):
        raise HTTPException(400, f"expected a JSON object, got {type(body).__name__}")
    return body


def batch_from_body(body: dict[str, Any]) -> tuple[dict[str, list[dict[str, Any]]], list[Rejection]]:
    """The table rows and rejections of a submitted batch, checked for shape (not for content: the
    client made them with :func:`eventgraph.store.table_rows`, as a Dask worker does)."""
    tables = body.get("tables", {})
    if not isinstance(tables, dict) or set(tables) - set(ROW_TABLES):
        raise BatchProblem(f"tables: expected an object with some of {', '.join(ROW_TABLES)}")
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise BatchProblem(f"tables.{name}: expected a list of row objects")
    rejections = []
    for index, item in enumerate(body.get("rejections", [])):
        if not isinstance(item, dict) or not isinstance(item.get("input"), str):
            raise BatchProblem(f"rejections[{index}]: expected an object with 'input' and 'reason'")
        rejections.append(Rejection(**{k: item.get(k) for k in REJECTION_FIELDS if k in item}))
    return tables, rejections
