"""The ``eventgraph`` command line: a thin shell over the Python API.

Every command translates its options into one call of a stage package or the store and renders the
result with Rich. Errors a user can cause (a missing file, a bad filter, a foreign database) are
printed as one line naming the input and the problem, never as a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from eventgraph.records import Document, Rejection

app = typer.Typer(
    help="Turn geopolitical news into a source-linked, queryable event graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def layers(
    broad_verbs: Annotated[
        bool | None,
        typer.Option(
            "--broad-verbs/--no-broad-verbs",
            help="Run the broad verb layer (PETRARCH2's CAMEO verbs) after the curated lexicon; default: "
            "lexicon/broad/settings.yaml, or EVENTGRAPH_BROAD_VERBS=on|off.",
        ),
    ] = None,
) -> None:
    """Options for every command: which coder layers run."""
    if broad_verbs is not None:
        os.environ["EVENTGRAPH_BROAD_VERBS"] = "on" if broad_verbs else "off"


actors_app = typer.Typer(help="Look up actors in the catalogue.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")

console = Console()
err_console = Console(stderr=True)

DEFAULT_DB = "eventgraph.duckdb"
SAMPLES_DIR = Path(__file__).parent / "data" / "samples"
PROGRESS_THRESHOLD = 5

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file of the store.", envvar="EVENTGRAPH_DB")]
F = TypeVar("F", bound=Callable[..., Any])


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


def friendly_errors(func: F) -> F:
    """Turn expected failures into one-line messages; unexpected ones too, unless EVENTGRAPH_DEBUG is set."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from eventgraph.analysis import AnalysisError
        from eventgraph.datafiles import DataFileError
        from eventgraph.store import StoreError

        try:
            return func(*args, **kwargs)
        except (
            UserError,
            StoreError,
            AnalysisError,
            DataFileError,
        ) as exc:  # a bad knowledge file: file: entry
            err_console.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("EVENTGRAPH_DEBUG"):
                raise
            err_console.print(f"[red]error:[/red] {type(exc).__name__}: {escape(str(exc))}")
            err_console.print("[dim]set EVENTGRAPH_DEBUG=1 for the full traceback[/dim]")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def open_store(db: Path, read_only: bool = True):  # type: ignore[no-untyped-def]
    from eventgraph.store import Store

    return Store(db, read_only=read_only)


# ---------------------------------------------------------------------------------------- ingest


@app.command()
@friendly_errors
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = Path(DEFAULT_DB),
    profile: Annotated[str, typer.Option(help="Actor and place profile.")] = "south-caucasus",
    strict: Annotated[bool, typer.Option(help="Exit non-zero if any input was rejected.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction.")] = 32,
    processes: Annotated[int, typer.Option(min=1, help="spaCy processes (nlp.pipe n_process).")] = 1,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Run on a local Dask cluster with this many workers.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Run on the Dask cluster at this address, e.g. tcp://host:8786.")
    ] = None,
    work_dir: Annotated[
        Path | None,
        typer.Option(help="Folder for the Dask Parquet partitions; must be reachable by every worker."),
    ] = None,
) -> None:
    """Ingest articles into the store: clean, annotate, resolve actors, code events.

    PATHS may mix files, folders, globs, - (stdin) and http(s):// URLs of article pages. When
    `eventgraph serve` owns the store, the batches are submitted to it and it writes them.
    """
    from eventgraph.pipeline import Pipeline, ingest_into
    from eventgraph.runs import ServerWriter, batch_target

    if scheduler and work_dir is None:
        raise UserError("--scheduler needs --work-dir: a folder the client and every worker can reach")
    with batch_target(db) as store:
        if isinstance(store, ServerWriter):
            err_console.print(
                f"{db} is served at {store.url}: the batches go to the server, which writes them"
            )
        if workers or scheduler:
            from eventgraph.distributed import distributed_ingest

            summary = distributed_ingest(
                store,
                read_any(paths),
                workers=workers,
                scheduler=scheduler,
                profile=profile,
                work_dir=work_dir,
            )
        else:
            pipeline = Pipeline(profile=profile, n_process=processes)
            summary = _run_with_progress(
                lambda cb: ingest_into(store, read_any(paths), pipeline, batch_size, cb)
            )
    _print_ingest_summary(summary, db)
    if strict and summary.rejections:
        raise typer.Exit(1)


def read_any(args: list[str]) -> Iterator[Document | Rejection]:
    """Local inputs through ``read_inputs``, URLs through the polite fetcher."""
    from eventgraph.ingest import read_inputs
    from eventgraph.ingest.fetch import documents_from_urls, is_url

    urls = [a for a in args if is_url(a)]
    paths = [a for a in args if not is_url(a)]
    if paths:
        yield from read_inputs(paths)
    if urls:
        yield from documents_from_urls(urls)


def _run_with_progress(run: Callable[[Callable[[Document | Rejection], None]], Any]) -> Any:
    """Run ``run(callback)``; a progress bar appears once more than a few documents have been read."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    state = {"seen": 0, "task": None}

    def on_item(item: Document | Rejection) -> None:
        state["seen"] += 1
        if state["seen"] == PROGRESS_THRESHOLD + 1:
            progress.start()
            state["task"] = progress.add_task("ingesting", total=None, completed=state["seen"])
        elif state["task"] is not None:
            progress.update(state["task"], completed=state["seen"])

    try:
        return run(on_item)
    finally:
        progress.stop()


def _print_ingest_summary(summary: Any, db: Path) -> None:
    table = Table(title=f"Ingested into {db}", show_header=False, box=None)
    table.add_row("documents read", str(summary.read))
    table.add_row("added", str(summary.added))
    table.add_row("already in the store", str(summary.already_stored))
    table.add_row("near-duplicates of stored documents", str(getattr(summary, "near_duplicates", 0)))
    table.add_row("rejected", str(len(summary.rejections)))
    table.add_row("sentences", str(summary.sentences))
    table.add_row("actor mentions", str(summary.mentions))
    table.add_row("events", str(summary.events))
    console.print(table)
    _print_rejections(summary.rejections)


def _print_rejections(rejections: list[Rejection]) -> None:
    """One line per rejected input, ``path[:line]: reason``, so the list can be grepped and fixed."""
    if not rejections:
        return
    console.print(f"[bold]Rejected inputs ({len(rejections)})[/bold]")
    for r in rejections:
        where = f"{r.input}:{r.line}" if r.line else r.input
        console.print(f"  [red]✗[/red] {escape(where)}: {escape(r.reason)}", soft_wrap=True)


# ------------------------------------------------------------------------------------- documents


@app.command()
@friendly_errors
def docs(db: DbOption = Path(DEFAULT_DB)) -> None:
    """List the stored documents with their metadata and counts."""
    with open_store(db) as store:
        rows = store.documents()
    table = Table(title=f"{len(rows)} documents")
    for col in ("id", "name", "title", "outlet", "author", "date", "sent.", "events"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["doc_id"][:10],
            escape(r["name"]),
            escape(_clip(r["title"], 50)),
            escape(r["outlet"] or ""),
            escape(r["author"] or ""),
            str(r["published"] or ""),
            str(r["n_sentences"]),
            str(r["n_events"]),
        )
    console.print(table)


@app.command("doc")
@friendly_errors
def show_document(
    ref: Annotated[str, typer.Argument(help="Document id, id prefix or name.")],
    db: DbOption = Path(DEFAULT_DB),
    original: Annotated[
        bool, typer.Option(help="Show the original text with removed parts struck out.")
    ] = True,
) -> None:
    """Show a document's cleaned text, with what cleaning removed marked."""
    with open_store(db) as store:
        doc = store.document(ref)
    if doc is None:
        raise UserError(f"no document {ref!r} in {db}")
    meta = " · ".join(
        str(v) for v in (doc["outlet"], doc["author"], doc["published"], doc["url"]) if v not in (None, "")
    )
    console.print(Panel(f"[bold]{escape(doc['title'] or doc['name'])}[/bold]\n{escape(meta)}", expand=False))
    if original:
        console.print(marked_original(doc["original_text"], doc["removed"]))
        console.print(
            f"[dim]{len(doc['removed'])} removed stretches shown [strike]struck out[/strike]"
            " with their reason; --no-original shows the cleaned text[/dim]"
        )
    else:
        console.print(escape(doc["text"]))


def marked_original(original: str, removed: list[dict[str, Any]]) -> Text:
    """The original text with removed spans struck out and labelled by reason."""
    text = Text()
    cursor = 0
    for span in sorted(removed, key=lambda s: s["start"]):
        start, end = max(span["start"], cursor), span["end"]
        if start >= end:
            continue
        text.append(original[cursor:start])
        text.append(original[start:end], style="strike dim red")
        text.append(f" ⟨{span['reason']}⟩", style="italic yellow")
        cursor = end
    text.append(original[cursor:])
    return text


# ---------------------------------------------------------------------------------------- events

FORMAT_CHOICES = ("table", "jsonl", "csv")


@app.command()
@friendly_errors
def events(
    db: DbOption = Path(DEFAULT_DB),
    actor: Annotated[str | None, typer.Option(help="Actor id as source or target, e.g. ARM.")] = None,
    dyad: Annotated[str | None, typer.Option(help="Directed pair SOURCE:TARGET, e.g. ARM:RUS.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ACCUSE.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date.")] = None,
    doc: Annotated[str | None, typer.Option(help="Document id, prefix or name.")] = None,
    asserted: Annotated[
        bool, typer.Option(help="Only asserted events (no negated or hypothetical).")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many events.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """List coded events with filters."""
    from eventgraph.store import nested_event

    flt = build_filter(actor, dyad, type, since, until, doc, asserted, limit)
    if format not in FORMAT_CHOICES:
        raise UserError(f"--format {format!r}: choose one of {', '.join(FORMAT_CHOICES)}")
    with open_store(db) as store:
        rows = store.events(flt)
    if not write_rows(rows, format, nested_event):
        console.print(events_table(rows, title=f"{len(rows)} events"))


claims_app = typer.Typer(
    help="List claims; `claims outlets` shows which outlets carry a speaker's claims.", no_args_is_help=False
)
app.add_typer(claims_app, name="claims")


@claims_app.callback(invoke_without_command=True)
@friendly_errors
def claims(
    ctx: typer.Context,
    db: DbOption = Path(DEFAULT_DB),
    speaker: Annotated[str | None, typer.Option(help="Speaker actor id, e.g. RUS.")] = None,
    about: Annotated[str | None, typer.Option(help="An actor the claim is about, e.g. ARM.")] = None,
    stance: Annotated[
        str | None,
        typer.Option(help="neg, neu or pos: the stance toward --about (toward anyone without it)."),
    ] = None,
    contested: Annotated[bool, typer.Option("--contested", help="Only claims someone denied.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many claims.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """List claims (who says what about whom, with which stance, and who disputes it); `claims outlets
    --speaker RUS` shows which outlets carry that speaker's claims and which leave them out."""
    from eventgraph.store.claims import STANCES, ClaimFilter, nested_claim

    if ctx.invoked_subcommand is not None:
        return
    if format not in FORMAT_CHOICES:
        raise UserError(f"--format {format!r}: choose one of {', '.join(FORMAT_CHOICES)}")
    if stance is not None and stance not in STANCES:
        raise UserError(f"--stance {stance!r}: choose one of {', '.join(STANCES)}")
    flt = ClaimFilter(speaker=speaker, about=about, stance=stance, contested=contested, limit=limit)
    with open_store(db) as store:
        rows = store.claims(flt)
    if not write_rows(rows, format, nested_claim):
        console.print(claims_table(rows, title=f"{len(rows)} claims"))


@claims_app.command("outlets")
@friendly_errors
def claim_outlets(
    speaker: Annotated[str, typer.Option(help="Speaker actor id, e.g. RUS.")],
    db: DbOption = Path(DEFAULT_DB),
    about: Annotated[
        str | None, typer.Option(help="Only claim clusters with a claim about this actor, e.g. ARM.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Earliest publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Latest publication date.")] = None,
    min_outlets: Annotated[
        int, typer.Option(min=1, help="Only claims carried by at least this many outlets.")
    ] = 1,
    clusters: Annotated[
        bool, typer.Option("--clusters", help="One row per claim cluster, with its evidence, not per outlet.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="Claim clusters shown in the table.")] = 20,
    format: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """Which outlets carry a speaker's claims and which leave them out in the months they publish
    (slant through selection; docs/claims.md)."""
    from eventgraph.analysis.claim_outlets import cluster_record, load_coverage, outlet_record
    from eventgraph.analysis.commands import check_dates

    if format not in FORMAT_CHOICES:
        raise UserError(f"--format {format!r}: choose one of {', '.join(FORMAT_CHOICES)}")
    check_dates(since, until)
    with open_store(db) as store:
        coverage = load_coverage(store, speaker, about, since, until, min_outlets)
    outlets = [outlet_record(o, coverage.speaker) for o in coverage.outlets]
    found = [cluster_record(c, coverage.speaker) for c in coverage.clusters]
    if format == "table":
        console.print(coverage_tables(coverage, limit))
    elif format == "jsonl":
        for record in found if clusters else outlets:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        write_rows([flat_record(r) for r in (found if clusters else outlets)], "csv", dict)


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """A coverage record for CSV: lists joined by "; ", a claim's evidence as doc_id:sentence:start-end."""
    flat = {}
    for key, value in record.items():
        if key == "carried_by":
            value = [f"{c['doc_id']}:{c['sentence_index']}:{c['span'][0]}-{c['span'][1]}" for c in value]
            key = "evidence"
        elif key == "about":
            value = [f"{a['id']}{a['stance']:+d}" for a in value]
        flat[key] = "; ".join(map(str, value)) if isinstance(value, list) else value
    return flat


def coverage_tables(coverage: Any, limit: int) -> Any:
    """The outlets (carried, left out, share) above the first ``limit`` claim clusters."""
    from rich.console import Group

    about = f" about {coverage.about}" if coverage.about else ""
    outlets = Table(title=f"outlets and {coverage.speaker}'s claims{about}", title_justify="left")
    for column in ("outlet", "documents", "carries", "leaves out", "share"):
        outlets.add_column(column, justify="left" if column == "outlet" else "right")
    for o in coverage.outlets:
        share = "—" if o.share is None else f"{o.share:.0%}"
        outlets.add_row(escape(o.outlet), str(o.documents), str(len(o.carried)), str(len(o.left_out)), share)
    shown = coverage.clusters[:limit]
    title = f"{len(shown)} of {len(coverage.clusters)} claim clusters (all, with evidence: --clusters)"
    table = Table(title=title, title_justify="left")
    for column in ("cluster", "published", "verb", "carried by", "left out by"):
        table.add_column(column, overflow="fold", max_width=30)
    table.add_column("proposition", overflow="fold", ratio=1, min_width=30)
    for c in shown:
        table.add_row(
            c.cluster_id[:8],
            c.first_published or "undated",
            c.verb,
            escape(", ".join(c.outlets)),
            escape(", ".join(c.left_out_by)),
            escape(c.proposition),
        )
    return Group(outlets, table)


def write_rows(rows: list[dict[str, Any]], format: str, nested: Callable[[dict[str, Any]], Any]) -> bool:
    """Write ``rows`` to stdout as JSON lines (each through ``nested``) or CSV; False for "table", which
    the caller prints its own way."""
    if format == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(nested(row), ensure_ascii=False) + "\n")
        return True
    if format == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        if rows:
            writer.writerow(rows[0].keys())
        for row in rows:
            writer.writerow(row.values())
        return True
    return False


def claims_table(rows: list[dict[str, Any]], title: str) -> Table:
    """Speaker, verb, the actors with their stance, disputes, and the proposition."""
    from eventgraph.store.claims import nested_claim

    table = Table(title=title, show_lines=False)
    for column in ("id", "doc", "speaker", "verb", "about", "contested by"):
        table.add_column(column, overflow="fold", max_width=24)
    table.add_column("proposition", overflow="fold", ratio=1, min_width=30)
    for row in rows:
        claim = nested_claim(row)
        about = " ".join(
            f"{a['id']}{'+' if a['stance'] > 0 else '-' if a['stance'] < 0 else '0'}" for a in claim["about"]
        )
        deniers = " ".join(str(d["speaker"]["id"] or d["speaker"]["text"]) for d in claim["contested_by"])
        speaker = claim["speaker"]["id"] or claim["speaker"]["text"]
        table.add_row(
            row["claim_id"][:8],
            row["doc_name"],
            str(speaker),
            f"{row['verb']} ({row['form']})",
            about,
            deniers,
            row["proposition_text"],
        )
    return table


def build_filter(
    actor: str | None,
    dyad: str | None,
    type: str | None,
    since: str | None,
    until: str | None,
    doc: str | None,
    asserted: bool = False,
    limit: int | None = None,
):  # type: ignore[no-untyped-def]
    from eventgraph.store import EventFilter

    pair = None
    if dyad:
        parts = dyad.split(":")
        if len(parts) != 2 or not all(parts):
            raise UserError(f"--dyad {dyad!r}: expected SOURCE:TARGET, e.g. ARM:RUS")
        pair = (parts[0], parts[1])
    for name, value in (("--since", since), ("--until", until)):
        if value and not _is_date_prefix(value):
            raise UserError(f"{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return EventFilter(
        actor=actor,
        dyad=pair,
        type=type,
        since=since,
        until=until,
        doc=doc,
        include_modal=not asserted,
        limit=limit,
    )


def _is_date_prefix(value: str) -> bool:
    parts = value.split("-")
    padded = parts + ["01"] * (3 - len(parts))
    try:
        date(int(padded[0]), int(padded[1]), int(padded[2]))
    except (ValueError, IndexError):
        return False
    return len(parts) <= 3 and len(parts[0]) == 4


def events_table(rows: list[dict[str, Any]], title: str) -> Table:
    """A compact event table: the coding in one column, the evidence takes the remaining width."""
    from eventgraph.store import inferred_of

    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("id", no_wrap=True, style="dim")
    table.add_column("date", no_wrap=True)
    table.add_column("source → type → target", no_wrap=True)
    table.add_column("gold.", justify="right", no_wrap=True)
    table.add_column("doc", no_wrap=True, max_width=14, overflow="ellipsis")
    table.add_column("evidence", ratio=1, overflow="fold")
    for r in rows:
        coding = f"{_actor_label(r, 'source')} [bold]{r['type']}[/bold] {_actor_label(r, 'target')}"
        if flags(r):
            coding += f" [italic yellow]({flags(r)})[/italic yellow]"
        roles = [i["role"] for i in inferred_of(r)]
        if roles:
            coding += f" [italic cyan](inferred {'+'.join(roles)})[/italic cyan]"
        table.add_row(
            r["event_id"][:8],
            r["date_value"] or "",
            coding,
            f"{r['goldstein']:+.1f}" if r["goldstein"] is not None else "",
            escape(r["doc_name"]),
            escape(_clip(r["evidence"] or r["sentence"], 90)),
        )
    return table


def flags(row: dict[str, Any]) -> str:
    out = []
    if row["negated"]:
        out.append("negated")
    if row["hypothetical"]:
        out.append(f"hypothetical ({row['modality']})" if row.get("modality") else "hypothetical")
    return ",".join(out)


def _actor_label(row: dict[str, Any], prefix: str) -> str:
    actor_id, name = row[f"{prefix}_id"], row[f"{prefix}_name"]
    if actor_id is None and name is None:
        return "—"
    if actor_id is None:
        return f"? {escape(name)}"
    sector = row[f"{prefix}_sector"]
    return f"{actor_id}{'/' + sector if sector else ''}"


def _clip(value: str | None, width: int) -> str:
    value = (value or "").replace("\n", " ")
    return value if len(value) <= width else value[: width - 1] + "…"


@app.command()
@friendly_errors
def show(
    event_id: Annotated[str, typer.Argument(help="Event id or id prefix (6+ characters).")],
    db: DbOption = Path(DEFAULT_DB),
) -> None:
    """Show one event: its coding, date, place, and its sentence in the paragraph with the evidence."""
    from eventgraph.store import inferred_of

    with open_store(db) as store:
        row = store.event(event_id)
        if row is None:
            raise UserError(f"no event {event_id!r} in {db}")
        doc = store.document(row["doc_id"])
        sentences = store.sentences(row["doc_id"]) if inferred_of(row) else []
    console.print(event_panel(row, doc, sentences))


def event_panel(
    row: dict[str, Any], doc: dict[str, Any] | None, sentences: list[dict[str, Any]] | None = None
) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("event", row["event_id"])
    grid.add_row("source", _actor_detail(row, "source"))
    grid.add_row("type", f"{row['type']}" + (f" / {row['mode']}" if row["mode"] else ""))
    grid.add_row("target", _actor_detail(row, "target"))
    grid.add_row(
        "CAMEO", f"{row['cameo']}   Goldstein {row['goldstein']:+.1f}   quad class {row['quad_class']}"
    )
    grid.add_row("modality", flags(row) or "asserted")
    grid.add_row("participants", describe_inferred(row, sentences or []))
    date_text = describe_date(row)
    grid.add_row("date", escape(date_text))
    if row["place_name"]:
        coords = f" ({row['place_lat']:.3f}, {row['place_lon']:.3f})" if row["place_lat"] is not None else ""
        grid.add_row("place", escape(f"{row['place_name']} [{row['place_id'] or 'unresolved'}]{coords}"))
    else:
        grid.add_row("place", "—")
    grid.add_row("pattern", escape(row["pattern"] or ""))
    source_line = row["doc_name"]
    if doc is not None:
        source_line = " · ".join(
            str(v)
            for v in (doc["title"] or doc["name"], doc["outlet"], doc["published"])
            if v not in (None, "")
        )
    grid.add_row("document", escape(f"{source_line}  [{row['doc_id']}]"))
    evidence = evidence_in_paragraph(
        doc["text"] if doc else row["sentence"], row["span_start"], row["span_end"]
    )
    grid.add_row("evidence", evidence)
    return Panel(
        grid, title=f"{row['source_id'] or '?'} {row['type']} {row['target_id'] or '?'}", expand=False
    )


def describe_inferred(row: dict[str, Any], sentences: list[dict[str, Any]]) -> str:
    """ "stated", or for each inferred participant its role, how it was found and the sentence that
    named it (quoted when the sentences are given)."""
    from eventgraph.store import inferred_of

    items = inferred_of(row)
    if not items:
        return "stated"
    texts = {s["sentence_index"]: s["text"] for s in sentences}
    lines = []
    for item in items:
        line = f"{item['role']} inferred ({item['how']}) from sentence {item['sentence_index']}"
        if item["sentence_index"] in texts:
            line += f": [dim]“{escape(_clip(texts[item['sentence_index']], 100))}”[/dim]"
        lines.append(line)
    return "\n".join(lines)


def describe_date(row: dict[str, Any]) -> str:
    """``2023-05-01/2023-05-06 (week, from "last week")``, or ``unresolved ("recently")``."""
    expression = f'"{row["date_expression"]}"' if row["date_expression"] else ""
    if not row["date_value"]:
        return "unresolved" + (f" ({expression})" if expression else "")
    detail = row["date_precision"] or ""
    if expression:
        detail += f", from {expression}"
    return f"{row['date_value']} ({detail})" if detail else row["date_value"]


def _actor_detail(row: dict[str, Any], prefix: str) -> str:
    if row[f"{prefix}_name"] is None and row[f"{prefix}_id"] is None:
        return "—"
    label = _actor_label(row, prefix)
    return (
        f"{label}  {escape(row[f'{prefix}_name'] or '')}  [dim]“{escape(row[f'{prefix}_text'] or '')}”[/dim]"
    )


def evidence_in_paragraph(text: str, start: int, end: int) -> Text:
    """The paragraph around ``[start, end)`` with the span highlighted (offsets into ``text``)."""
    if not (0 <= start < end <= len(text)):
        return Text(text)
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    out = Text()
    out.append(text[para_start:start])
    out.append(text[start:end], style="bold black on yellow")
    out.append(text[end:para_end])
    return out


@app.command()
@friendly_errors
def export(
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    db: DbOption = Path(DEFAULT_DB),
    actor: Annotated[str | None, typer.Option(help="Only events with this actor.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Only events of this PLOVER type.")] = None,
    what: Annotated[str, typer.Option("--what", help="events or claims.")] = "events",
) -> None:
    """Export events (or, with --what claims, claims) as JSONL (nested schema in the README), CSV or
    Parquet (flat columns)."""
    from eventgraph.store import EXPORT_FORMATS

    if what not in ("events", "claims"):
        raise UserError(f"--what {what!r}: choose events or claims")
    if what == "claims":
        if format not in ("jsonl", "csv", "parquet"):
            raise UserError(f"--format {format!r}: claims export as jsonl, csv or parquet")
        if out.parent and not out.parent.exists():
            raise UserError(f"--out {out}: folder {out.parent} does not exist")
        with open_store(db) as store:
            n = store.export_claims(format, out)
        console.print(f"wrote {n} claims to {out} ({format})")
        return
    if format not in EXPORT_FORMATS:
        raise UserError(f"--format {format!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    if out.parent and not out.parent.exists():
        raise UserError(f"--out {out}: folder {out.parent} does not exist")
    flt = build_filter(actor, None, type, None, None, None)
    with open_store(db) as store:
        n = store.export(format, out, flt)
    console.print(f"wrote {n} events to {out} ({format})")


# ------------------------------------------------------------------------------------------ demo


@app.command()
@friendly_errors
def demo(
    db: DbOption = Path(DEFAULT_DB),
    samples: Annotated[Path, typer.Option(help="Folder of articles to ingest.")] = SAMPLES_DIR,
) -> None:
    """Ingest the bundled sample corpus and show what eventgraph found in it."""
    from eventgraph.ingest import read_inputs
    from eventgraph.pipeline import Pipeline, ingest_into

    if not samples.is_dir():
        raise UserError(f"{samples}: sample folder not found")
    with open_store(db, read_only=False) as store:
        summary = _run_with_progress(
            lambda cb: ingest_into(store, read_inputs([str(samples)]), Pipeline(), 32, cb)
        )
        _print_ingest_summary(summary, db)
        print_store_overview(store)


def print_store_overview(store: Any) -> None:
    """What the store holds: counts, events by type, top dyads and three events with their evidence."""
    counts = store.counts()
    console.print(
        f"\n[bold]Store[/bold]: {counts['documents']} documents, {counts['rejections']} rejections, "
        f"{counts['sentences']} sentences, {counts['mentions']} actor mentions of {counts['actors']} actors, "
        f"{counts['events']} events"
    )
    types = store.event_types()
    if types:
        table = Table(title="Asserted events by type", title_justify="left")
        table.add_column("type")
        table.add_column("events", justify="right")
        for name, n in types:
            table.add_row(name, str(n))
        console.print(table)
    dyads = store.top_dyads(8)
    if dyads:
        table = Table(title="Top dyads (asserted events)", title_justify="left")
        for col in ("source", "target", "events", "happenings", "mean Goldstein"):
            table.add_column(col)
        for d in dyads:
            table.add_row(
                d["source_id"],
                d["target_id"],
                str(d["events"]),
                str(d.get("happenings", d["events"])),
                f"{d['goldstein']:+.2f}",
            )
        console.print(table)
    examples = _example_events(store)
    for row in examples:
        doc = store.document(row["doc_id"])
        console.print(event_panel(row, doc))
    if examples:
        console.print(
            f"[dim]eventgraph show ID --db {store.path} shows any event; eventgraph events lists them[/dim]"
        )


def _example_events(store: Any) -> list[dict[str, Any]]:
    """Three asserted events of different types, preferring ones whose date and place the text gives."""
    from eventgraph.store import EventFilter

    def informativeness(row: dict[str, Any]) -> tuple[int, int]:
        dated = row["date_precision"] not in (None, "reported", "unresolved")
        return (int(dated) + int(row["place_id"] is not None), len(row["evidence"] or ""))

    rows = [r for r in store.events(EventFilter(include_modal=False)) if r["source_id"] and r["target_id"]]
    rows.sort(key=informativeness, reverse=True)
    picked: list[dict[str, Any]] = []
    types: set[str] = set()
    for row in rows:
        if row["type"] not in types:
            picked.append(row)
            types.add(row["type"])
        if len(picked) == 3:
            break
    return picked


# ------------------------------------------------------------------------------------- evaluate


@app.command()
@friendly_errors
def evaluate(
    gold: Annotated[
        Path | None,
        typer.Option(help="Gold file (or, for conflibert, its folder). Omit with --all."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="Gold format: seeds, petr, conflibert, actors or claims.")
    ] = "seeds",
    seeds: Annotated[
        Path | None, typer.Option(help="Folder with the articles a seeds-format gold annotates.")
    ] = None,
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="JSON-lines corpus whose records (by id) a seeds-format gold annotates; for actors, the "
            "articles the phrases come from (each phrase is then resolved in its whole article)."
        ),
    ] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List every false positive and negative.")] = False,
    all_sets: Annotated[
        Path | None,
        typer.Option("--all", help="The shared folder (with eval/ and seeds/): one summary of all sets."),
    ] = None,
) -> None:
    """Score the event coder against a gold file: precision, recall, F1, modality errors, must_not hits."""
    from eventgraph.evaluate import FORMATS, GoldError, run_all_evaluations, run_evaluation

    try:
        if all_sets is not None:
            if not all_sets.is_dir():
                raise UserError(f"--all {all_sets}: folder not found")
            report = run_all_evaluations(all_sets)
        else:
            if gold is None:
                raise UserError("give --gold FILE (and --format), or --all SHARED_DIR")
            if format not in FORMATS:
                raise UserError(f"--format {format!r}: choose one of {', '.join(FORMATS)}")
            if seeds is not None and not seeds.is_dir():
                raise UserError(f"--seeds {seeds}: folder not found")
            if corpus is not None and not corpus.is_file():
                raise UserError(f"--corpus {corpus}: file not found")
            report = run_evaluation(gold, format, seeds_dir=seeds, errors=errors, corpus=corpus)
    except GoldError as exc:
        raise UserError(str(exc)) from None
    console.print(report, markup=False, highlight=False, soft_wrap=True)


# --------------------------------------------------------------------------------------- actors


@actors_app.command("resolve")
@friendly_errors
def actors_resolve(
    text: Annotated[str, typer.Argument(help='A phrase, e.g. "Armenian Prime Minister Nikol Pashinyan".')],
    on: Annotated[str | None, typer.Option("--date", help="Date the phrase is from (YYYY-MM-DD).")] = None,
    context: Annotated[
        str | None, typer.Option("--context", help="The sentence the phrase comes from.")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="json or table.")] = "json",
    profile: Annotated[str, typer.Option(help="Actor profile.")] = "south-caucasus",
) -> None:
    """Resolve a phrase to an actor: id, country, PLOVER sectors, combined code, the role valid at the date.

    With --context the phrase is resolved inside its sentence (appositions, possessives)."""
    from eventgraph.actors import ActorResolver, load_catalogue
    from eventgraph.evaluate.actors import resolve_in_context

    if format not in ("json", "table"):
        raise UserError(f"--format {format!r}: choose json or table")
    if context is not None and text not in context:
        raise UserError(f"--context does not contain the phrase {text!r}")
    when = None
    if on:
        try:
            when = date.fromisoformat(on)
        except ValueError:
            raise UserError(f"--date {on!r}: expected YYYY-MM-DD") from None
    ref = resolve_in_context(ActorResolver(load_catalogue(profile)), text, context, when)
    if ref is None:
        console.print(f"no actor found in {text!r}")
        raise typer.Exit(1)
    if format == "table":
        table = Table(show_header=False)
        for key in ("id", "name", "country", "sector", "secondary", "code", "person", "text", "variant"):
            value = ref.code if key == "code" else getattr(ref, key)
            shown = " ".join(value) if isinstance(value, tuple) else "" if value is None else str(value)
            table.add_row(key, shown)
        console.print(table)
        return
    console.print_json(json.dumps({**_plain(ref), "code": ref.code}))


def _plain(record: Any) -> Any:
    from eventgraph.records import to_plain

    return to_plain(record)


def _register_stage_commands() -> None:
    """Commands that live with their stage (feeds polling, analysis, the API server)."""
    from eventgraph.analysis.commands import dyad, report
    from eventgraph.api.commands import serve
    from eventgraph.runs.watch import watch

    for command in (watch, report, dyad, serve):
        app.command()(friendly_errors(command))  # a store too old or locked is one line, not a traceback


_register_stage_commands()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
