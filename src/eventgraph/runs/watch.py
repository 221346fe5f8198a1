"""``eventgraph watch`` (registered in ``eventgraph.cli``): poll feeds into the store, round after round.

The command translates options into calls of :mod:`eventgraph.ingest.feeds` (reading) and
:func:`eventgraph.pipeline.ingest_into` (processing and writing); each round writes to the store
file, or submits its batches to ``eventgraph serve`` when a server owns the file
(:func:`eventgraph.runs.target.batch_target`). Problems a user can fix are printed as one line.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from eventgraph.ingest.feeds import (
    FeedsFileError,
    FeedState,
    FeedStateError,
    poll_feed_urls,
    read_feed_list,
)
from eventgraph.ingest.fetch import FetchSettingsError, PoliteClient

if TYPE_CHECKING:
    from eventgraph.pipeline import IngestSummary, Pipeline

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)  # soft wrap: an error stays one line, whatever the width

MIN_INTERVAL = 60  # seconds; polling a feed more often than this is impolite and rarely finds news


def default_state_path(feeds: Path) -> Path:
    """``FEEDS.txt`` -> ``FEEDS.state.json`` beside it."""
    return feeds.with_name(feeds.stem + ".state.json")


def poll_round(
    feeds: Path, db: Path, state: FeedState, pipeline: Pipeline, client: PoliteClient
) -> IngestSummary:
    """One poll: new feed items into the store at ``db`` (or its server); the state is saved only after
    the write. The file is held for the round only, so a server can start between rounds."""
    from eventgraph.pipeline import ingest_into
    from eventgraph.runs.target import batch_target

    urls, problems = read_feed_list(feeds)

    def items():  # type: ignore[no-untyped-def]
        yield from problems
        yield from poll_feed_urls(urls, state, client)

    with batch_target(db) as target:
        summary = ingest_into(target, items(), pipeline)
    state.save()
    return summary


def watch(
    feeds: Annotated[Path, typer.Argument(help="Text file of feed URLs, one per line; # starts a comment.")],
    db: Annotated[
        Path, typer.Option("--db", help="DuckDB file of the store.", envvar="EVENTGRAPH_DB")
    ] = Path("eventgraph.duckdb"),
    interval: Annotated[int, typer.Option(min=MIN_INTERVAL, help="Seconds between polls.")] = 900,
    once: Annotated[bool, typer.Option(help="Poll once and exit.")] = False,
    state: Annotated[
        Path | None,
        typer.Option(help="JSON file of the items already read (default: FEEDS.state.json beside FEEDS)."),
    ] = None,
    profile: Annotated[str, typer.Option(help="Actor and place profile.")] = "south-caucasus",
) -> None:
    """Poll RSS/Atom feeds and ingest the articles not seen before; repeat every INTERVAL seconds."""
    from eventgraph.pipeline import Pipeline
    from eventgraph.store import StoreError

    state_path = state or default_state_path(feeds)
    try:
        feed_state = FeedState.load(state_path)
        read_feed_list(feeds)  # fail now, not after the models have loaded
        client = PoliteClient()
    except (FeedsFileError, FeedStateError, FetchSettingsError) as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    pipeline = Pipeline(profile=profile)
    round_number = 0
    try:
        with client:
            while True:
                round_number += 1
                try:
                    print_round(round_number, poll_round(feeds, db, feed_state, pipeline, client))
                except (FeedsFileError, StoreError) as exc:
                    # a long-running watcher outlives a locked store or an edited feeds file
                    err_console.print(f"[red]error:[/red] poll {round_number}: {escape(str(exc))}")
                    if once:
                        raise typer.Exit(1) from None
                if once:
                    return
                time.sleep(interval)
    except KeyboardInterrupt:
        err_console.print(f"stopped after {round_number} poll(s); state kept in {state_path}")


def print_round(round_number: int, summary: IngestSummary) -> None:
    """One line per poll, then one line per rejected feed or page."""
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    console.print(
        f"[bold]poll {round_number}[/bold] {stamp}: {summary.added} new documents, "
        f"{summary.already_stored} already stored, {len(summary.rejections)} rejected, "
        f"{summary.events} events"
    )
    for rejection in summary.rejections:
        where = f":{rejection.line}" if rejection.line else ""
        reason = escape(rejection.reason)
        console.print(f"  [yellow]rejected[/yellow] {escape(rejection.input)}{where}: {reason}")
