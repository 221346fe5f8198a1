"""Typer commands of the analysis (``eventgraph report``, ``eventgraph dyad``), for the CLI to register.

They translate options into one analysis call and print with Rich. Errors a user can cause raise
:class:`AnalysisError` (or the store's ``StoreError``) with a one-line message for the CLI to show.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from eventgraph.analysis.config import AnalysisError, check_period, load_settings

console = Console()

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file of the store.", envvar="EVENTGRAPH_DB")]
SinceOption = Annotated[str | None, typer.Option(help="Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Latest event date (YYYY, YYYY-MM or YYYY-MM-DD).")]


def report(
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    db: DbOption = Path("eventgraph.duckdb"),
    profile: Annotated[str, typer.Option(help="Profile naming the region's members.")] = "south-caucasus",
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Write a self-contained HTML report: dyads, shifts, mediators, network, sources, disagreements."""
    from eventgraph.analysis.report import load_inputs, write_report
    from eventgraph.store import Store

    check_dates(since, until)
    with Store(db, read_only=True) as store:
        inputs = load_inputs(store, profile, since, until)
    summary = write_report(inputs, out)
    console.print(
        f"wrote [bold]{escape(str(summary.path))}[/bold]: {summary.events} events from {summary.documents} "
        f"documents, {summary.charts} charts, {len(summary.shifts)} shifts, {summary.mediations} mediations, "
        f"{summary.disagreements} disagreements"
    )
    for statement in summary.shifts:
        console.print(f"  shift: {escape(statement)}")


def dyad(
    a: Annotated[str, typer.Argument(help="Source actor id, e.g. ARM.")],
    b: Annotated[str, typer.Argument(help="Target actor id, e.g. RUS.")],
    db: DbOption = Path("eventgraph.duckdb"),
    period: Annotated[str, typer.Option(help="week, month, quarter or year.")] = "month",
    directed: Annotated[
        bool, typer.Option(help="Only events from A to B (--no-directed: both ways).")
    ] = True,
) -> None:
    """Print a dyad's series (events by quad class, Goldstein) and its detected shifts."""
    from eventgraph.analysis.series import dyad_series, undated_count
    from eventgraph.analysis.shifts import detect_shifts
    from eventgraph.store import Store

    check_period(period)
    with Store(db, read_only=True) as store:
        events = store.events_frame()
    if events.empty:
        raise AnalysisError(f"{db}: the store has no events; run `eventgraph ingest` first")
    label = f"{a.upper()}{'→' if directed else '–'}{b.upper()}"
    series = dyad_series(events, a, b, period, directed)
    undated = undated_count(events, a, b, directed)
    if series.empty:
        console.print(f"{escape(label)}: no dated asserted events ({undated} undated)")
        return
    console.print(series_table(series, label, undated))
    shifts = detect_shifts(series, label, load_settings().shifts)
    if not shifts:
        console.print("no shift detected")
    for shift in shifts:
        console.print(
            f"shift: [bold]{escape(shift.statement)}[/bold] "
            f"({len(shift.events_before)} events before, {len(shift.events_after)} after)\n"
            f"       {escape(shift.support)}"
        )


def series_table(series, label: str, undated: int) -> Table:  # type: ignore[no-untyped-def]
    """A dyad series as a Rich table; empty periods are shown so gaps are visible."""
    table = Table(title=f"{label} per period ({undated} undated events not shown)", title_justify="left")
    columns = ("period", "events", "cooperation", "conflict", "goldstein_sum", "goldstein_mean")
    for col in (*columns, "types"):
        table.add_column(col.replace("_", " "), justify="left" if col in ("period", "types") else "right")
    type_columns = [c for c in series.columns if c.isupper()]
    for row in series.to_dict("records"):
        types = ", ".join(f"{t} {row[t]}" for t in type_columns if row[t])
        mean = row["goldstein_mean"]
        table.add_row(
            row["period"],
            str(row["events"]),
            str(row["cooperation"]),
            str(row["conflict"]),
            f"{row['goldstein_sum']:+.1f}",
            f"{mean:+.2f}" if mean == mean else "",
            types,
        )
    return table


def check_dates(*values: str | None) -> None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, else a one-line error naming the value."""
    for value in values:
        if value is None:
            continue
        parts = value.split("-")
        padded = parts + ["01"] * (3 - len(parts))
        try:
            ok = len(parts) <= 3 and len(parts[0]) == 4 and bool(date(*map(int, padded[:3])))
        except ValueError:
            ok = False
        if not ok:
            raise AnalysisError(f"date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
