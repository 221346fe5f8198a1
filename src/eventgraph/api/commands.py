"""``eventgraph serve``: the API and dashboard on one port; registered by ``cli.py``.

The server owns the store file while it runs (``api/access.py``): one process, request threads that
each read through their own DuckDB cursor, one writer for submitted batches. On SIGTERM or Ctrl-C it
stops taking requests, interrupts running queries, lets a batch being written finish, withdraws its
serve file and exits, within ``STOP_SECONDS`` even if a request is stuck in Python code.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

DEFAULT_DB = "eventgraph.duckdb"
GRACEFUL_SECONDS = 5  # requests in flight may finish within this
STOP_SECONDS = 15  # after a stop signal the process is gone within this, whatever runs
KEEP_ALIVE_SECONDS = 75  # idle connections kept open, so a busy client rarely reuses one as it closes
DEFAULT_THREADS = 16  # requests served at once; DuckDB releases the GIL while it runs a query
# DuckDB's buffer pool; queries larger than it spill to disk. Pages of the file it drops stay in the
# operating system's page cache (not the server's memory), so a smaller pool costs little on reads.
DEFAULT_MEMORY_LIMIT = "640MB"
DEFAULT_CACHE_MB = 128  # answers kept until the next batch (api/cache.py)


def serve(
    db: Annotated[
        Path, typer.Option("--db", help="DuckDB file of the store.", envvar="EVENTGRAPH_DB")
    ] = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    profile: Annotated[str, typer.Option(help="Actor and region profile.")] = "south-caucasus",
    threads: Annotated[int, typer.Option(min=1, max=256, help="Requests served at once.")] = DEFAULT_THREADS,
    duckdb_threads: Annotated[
        int | None, typer.Option(min=1, help="DuckDB threads per query (default: the number of cores).")
    ] = None,
    memory_limit: Annotated[
        str, typer.Option(help="DuckDB memory limit, e.g. 1GB; larger queries spill to disk.")
    ] = DEFAULT_MEMORY_LIMIT,
    cache_mb: Annotated[
        int,
        typer.Option(min=0, help="MB of answers kept until the next batch is written (0: none)."),
    ] = DEFAULT_CACHE_MB,
    warm: Annotated[
        bool,
        typer.Option(help="Compute the dashboard's first analyses in the background after each batch."),
    ] = True,
) -> None:
    """Serve the REST API and the dashboard (open http://HOST:PORT/ in a browser).

    The server holds the store file while it runs: `eventgraph ingest` and `watch` then submit their
    batches to it, and every request sees the store as of the last batch written.
    """
    import uvicorn

    from eventgraph.api import create_app

    if not db.exists():
        typer.echo(f"error: {db}: no such database; run `eventgraph demo --db {db}` first", err=True)
        raise typer.Exit(1)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}"
    app = create_app(
        db,
        profile=profile,
        url=url,
        duckdb_threads=duckdb_threads,
        memory_limit=memory_limit,
        cache_bytes=cache_mb * 1024 * 1024,
        warm=warm,
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    typer.echo(f"eventgraph dashboard on {url}/  (API docs at /docs); it owns {db} while it runs")
    StoppableServer(config, app.state.gate, threads).run()


class StoppableServer:
    """uvicorn's server with a bounded stop: queries are interrupted at once, the process exits within
    ``STOP_SECONDS`` even when a request thread is stuck in Python code (which no signal can stop)."""

    def __init__(self, config: Any, gate: Any, threads: int):
        import uvicorn

        self.gate = gate
        self.threads = threads
        self.server = uvicorn.Server(config)
        original = self.server.handle_exit

        def handle_exit(sig: int, frame: Any) -> None:
            original(sig, frame)
            self.stop_soon()

        self.server.handle_exit = handle_exit  # type: ignore[method-assign]

    def run(self) -> None:
        import asyncio

        asyncio.run(self._serve())

    async def _serve(self) -> None:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = self.threads
        await self.server.serve()

    def stop_soon(self) -> None:
        self.gate.interrupt_readers()
        threading.Thread(target=self._exit_after_deadline, name="stop deadline", daemon=True).start()

    def _exit_after_deadline(self) -> None:
        threading.Event().wait(STOP_SECONDS - GRACEFUL_SECONDS)
        # Still running: a request is stuck outside DuckDB. Release the file properly and leave.
        self.gate.close(write_grace=GRACEFUL_SECONDS)
        os._exit(0)
