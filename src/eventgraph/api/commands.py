"""``eventgraph serve``: the API and dashboard on one port; registered by ``cli.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_DB = "eventgraph.duckdb"


def serve(
    db: Annotated[
        Path, typer.Option("--db", help="DuckDB file of the store.", envvar="EVENTGRAPH_DB")
    ] = Path(DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every one).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    profile: Annotated[str, typer.Option(help="Actor and region profile.")] = "south-caucasus",
) -> None:
    """Serve the REST API and the dashboard (open http://HOST:PORT/ in a browser)."""
    import uvicorn

    from eventgraph.api import create_app

    if not db.exists():
        typer.echo(f"error: {db}: no such database; run `eventgraph demo --db {db}` first", err=True)
        raise typer.Exit(1)
    typer.echo(f"eventgraph dashboard on http://{host}:{port}/  (API docs at /docs)")
    uvicorn.run(create_app(db, profile=profile), host=host, port=port, log_level="warning")
