"""A synthetic large store for the serving benchmark: a real store's rows, replicated with shifted
dates and ids.

Copy ``i`` (0, 1, …) of every document, sentence, mention, event and near-duplicate group gets ids
suffixed ``~i`` (the copy 0 keeps the real ids) and every date shifted by ``i`` years (publication
dates, event date values of any precision: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` and intervals
``a/b``; 29 February becomes the 28th in a common year). Event clusters stay within their copy. The
copies are appended until the store holds at least ``--events`` events. Everything runs in DuckDB
SQL (``INSERT … SELECT`` from the attached source), so a million events take a minute or two. When
the source's analysis tables are current (``AnalysisTables.update`` has run), they are copied the
same way, so the large store serves its disagreements without a backfill of a million events.

    python benchmarks/synthetic.py ../stores/corpus10k.duckdb ../stores/synthetic1m.duckdb --events 1000000
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventgraph.store import Store  # noqa: E402

MACROS = (
    """CREATE OR REPLACE TEMP MACRO shift_part(p, i) AS CASE
           WHEN length(p) = 10 AND try_cast(p AS DATE) IS NOT NULL
               THEN strftime(CAST(p AS DATE) + to_years(CAST(i AS INTEGER)), '%Y-%m-%d')
           WHEN length(p) IN (4, 7) AND try_cast(left(p, 4) AS INTEGER) IS NOT NULL
               THEN CAST(CAST(left(p, 4) AS INTEGER) + i AS VARCHAR) || substr(p, 5)
           ELSE p END""",
    """CREATE OR REPLACE TEMP MACRO shift_value(v, i) AS CASE
           WHEN v IS NULL THEN NULL
           WHEN contains(v, '/')
               THEN shift_part(split_part(v, '/', 1), i) || '/' || shift_part(split_part(v, '/', 2), i)
           ELSE shift_part(v, i) END""",
    """CREATE OR REPLACE TEMP MACRO copy_id(v, i) AS
           CASE WHEN v IS NULL OR i = 0 THEN v ELSE v || '~' || i END""",
)


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT column_name FROM (DESCRIBE src.{table})").fetchall()]


def copy_statement(con: duckdb.DuckDBPyConnection, table: str, replaced: dict[str, str]) -> str:
    """``INSERT INTO table SELECT …`` of one copy (``$i``), with some columns rewritten."""
    names = columns(con, table)
    select = ", ".join(replaced.get(name, name) for name in names)
    return f"INSERT INTO {table} ({', '.join(names)}) SELECT {select} FROM src.{table}"


REWRITES = {
    "documents": {
        "doc_id": "copy_id(doc_id, $i)",
        "name": "copy_id(name, $i)",
        "published": "CAST(published + to_years(CAST($i AS INTEGER)) AS DATE)",
    },
    "sentences": {"doc_id": "copy_id(doc_id, $i)"},
    "mentions": {"doc_id": "copy_id(doc_id, $i)"},
    "events": {
        "event_id": "copy_id(event_id, $i)",
        "doc_id": "copy_id(doc_id, $i)",
        "doc_name": "copy_id(doc_name, $i)",
        "cluster_id": "copy_id(cluster_id, $i)",
        "date_value": "shift_value(date_value, $i)",
    },
    "duplicate_groups": {"doc_id": "copy_id(doc_id, $i)", "group_id": "copy_id(group_id, $i)"},
}

# The analysis tables, when the source's are current: each copy's happenings, disagreements, words and
# names, with the same ids and dates as its events (a copy is a world of its own: its happenings and
# its names across the corpus stay within it). The disagreements' versions name events by id.
ANALYSIS_REWRITES = {
    "analysis_happenings": {
        "event_id": "copy_id(event_id, $i)",
        "happening": "copy_id(happening, $i)",
        "window_start": "shift_window(window_start, $i)",
        "window_end": "shift_window(window_end, $i)",
    },
    "analysis_disagreements": {
        "happening": "copy_id(happening, $i)",
        "versions": """CASE WHEN $i = 0 THEN versions ELSE CAST(regexp_replace(CAST(versions AS VARCHAR),
                           '"([0-9a-f]{16})"', '"\\1~' || $i || '"', 'g') AS JSON) END""",
        "event_ids": "list_transform(event_ids, lambda x: copy_id(x, $i))",
    },
    "analysis_words": {"doc_id": "copy_id(doc_id, $i)"},
    "analysis_names": {"event_id": "copy_id(event_id, $i)"},
}
ANALYSIS_MACRO = """CREATE OR REPLACE TEMP MACRO shift_window(d, i) AS CASE
    WHEN d IS NULL OR year(d) IN (1, 9999) THEN d ELSE CAST(d + to_years(CAST(i AS INTEGER)) AS DATE) END"""


def analysis_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the source has analysis tables covering all its events."""
    try:
        row = con.execute(
            "SELECT count(*) FROM src.events e ANTI JOIN src.analysis_happenings h USING (event_id)"
        ).fetchone()
    except duckdb.Error:
        return False
    return row is not None and row[0] == 0


def build(source: Path, dest: Path, events: int) -> dict[str, int]:
    """Write ``dest`` (replaced if it exists) from ``source``; returns the row counts of the copy."""
    for path in (dest, dest.with_name(dest.name + ".wal")):
        path.unlink(missing_ok=True)
    Store(dest).close()  # the schema of this eventgraph, with its version
    con = duckdb.connect(str(dest))
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    for macro in MACROS:
        con.execute(macro)
    per_copy = con.execute("SELECT count(*) FROM src.events").fetchone()[0]  # type: ignore[index]
    copies = max(1, math.ceil(events / max(per_copy, 1)))
    rewrites_of = dict(REWRITES)
    if analysis_current(con):
        con.execute(ANALYSIS_MACRO)
        rewrites_of.update(ANALYSIS_REWRITES)
    statements = [copy_statement(con, table, rewrites) for table, rewrites in rewrites_of.items()]
    for i in range(copies):
        con.execute("BEGIN TRANSACTION")
        for statement in statements:
            con.execute(statement, {"i": i})
        con.execute("COMMIT")
    con.execute("INSERT INTO actors SELECT * FROM src.actors")
    con.execute("DETACH src")
    con.execute("CHECKPOINT")
    counts = {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
        for table in ("documents", "sentences", "mentions", "events")
    }
    con.close()
    counts["copies"] = copies
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", type=Path)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = build(args.source, args.dest, args.events)
    size = args.dest.stat().st_size / 1e6
    print(f"{args.dest}: {counts} in {time.perf_counter() - started:.0f} s, {size:,.0f} MB")


if __name__ == "__main__":
    main()
