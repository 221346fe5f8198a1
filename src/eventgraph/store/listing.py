"""The API's list queries in SQL: filtered, ordered and paged in DuckDB, so a page costs what it shows.

Each function takes a :class:`Store` (in the server, a cursor inside one read transaction) and returns
plain rows; nothing is held in memory between requests, and each answer reflects the last committed
batch. The filters mean what the API documents (``api/README.md``): actor ids and types compare
case-insensitively, a date bound ``YYYY`` or ``YYYY-MM`` includes the whole year or month, and an
event's day is the first day of its date value (an interval ``2023-05-01/2023-05-07`` starts on the 1st).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

import pandas as pd

from eventgraph.store.store import Store

DAY = "nullif(split_part(e.date_value, '/', 1), '')"
EVENT_ORDER = f"{DAY} NULLS LAST, e.doc_name, e.span_start, e.event_id"
PUBLISHED = "strftime(d.published, '%Y-%m-%d')"


@dataclass(slots=True)
class EventQuery:
    """The event filters of ``GET /events`` and ``GET /export``."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    types: tuple[str, ...] = ()
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    doc: str | None = None
    q: str | None = None
    include_negated: bool = True
    include_hypothetical: bool = True
    with_place: bool = False
    modalities: tuple[str, ...] = ()  # hypothetical events of these kinds only (Event.modality)


def event_where(query: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE clause over ``events e LEFT JOIN documents d`` for ``query``, with its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    src, tgt = "upper(e.source_id)", "upper(e.target_id)"
    if query.actor:
        clauses.append(f"({src} = ? OR {tgt} = ?)")
        params += [query.actor.upper()] * 2
    if query.source:
        clauses.append(f"{src} = ?")
        params.append(query.source.upper())
    if query.target:
        clauses.append(f"{tgt} = ?")
        params.append(query.target.upper())
    if query.dyad:
        a, b = (x.upper() for x in query.dyad)
        forward = f"({src} = ? AND {tgt} = ?)"
        clauses.append(forward if query.directed else f"({forward} OR ({src} = ? AND {tgt} = ?))")
        params += [a, b] if query.directed else [a, b, b, a]
    if query.types:
        clauses.append("list_contains(?, upper(e.type))")
        params.append(sorted({t.upper() for t in query.types}))
    if query.quad_class is not None:
        clauses.append("e.quad_class = ?")
        params.append(query.quad_class)
    if query.since:
        clauses.append(f"{DAY} >= ?")
        params.append(query.since)
    if query.until:
        clauses.append(f"left({DAY}, ?) <= ?")
        params += [len(query.until), query.until]
    if query.outlet:
        clauses.append("lower(d.outlet) = lower(?)")
        params.append(query.outlet)
    if query.doc:
        same = "e.doc_id = ? OR e.doc_name = ?"
        params += [query.doc, query.doc]
        if len(query.doc) >= 6:
            same += " OR starts_with(e.doc_id, ?)"
            params.append(query.doc)
        clauses.append(f"({same})")
    if query.q:
        clauses.append("regexp_matches(coalesce(e.sentence, ''), ?)")
        params.append(text_pattern(query.q))
    if not query.include_negated:
        clauses.append("NOT coalesce(e.negated, false)")
    if not query.include_hypothetical:
        clauses.append("NOT coalesce(e.hypothetical, false)")
    if query.with_place:
        clauses.append("e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL")
    if query.modalities:
        clauses.append("list_contains(?, e.modality)")
        params.append(list(query.modalities))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def text_pattern(text: str) -> str:
    """A case-insensitive RE2 pattern of ``text`` taken literally: the sentence contains it, ignoring
    case (as ``lower(sentence)`` containing ``lower(text)``, in half the time of lower-casing every
    sentence of a large store)."""
    literal = "".join("\\" + ch if ch in string.punctuation else ch for ch in text)
    return "(?i)" + literal


def _events_from(query: EventQuery) -> str:
    # Documents are joined only for the outlet filter; a page joins its own rows afterwards.
    return "events e LEFT JOIN documents d USING (doc_id)" if query.outlet else "events e"


def event_page(store: Store, query: EventQuery, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """(how many events match, the rows of one page) with the document's outlet, title, date and url."""
    where, params = event_where(query)
    source = _events_from(query)
    # A text filter scans every sentence: the total is counted in the same scan as the page (a window
    # over the matches), not in a second one. Other filters read few columns and count them apart.
    counted = ", count(*) OVER () AS _total" if query.q else ""
    sql = f"""
        WITH page AS (SELECT e.*{counted} FROM {source} {where} ORDER BY {EVENT_ORDER} LIMIT ? OFFSET ?)
        SELECT e.*, d.outlet, d.title, {PUBLISHED} AS published, d.url, {DAY} AS day
        FROM page e LEFT JOIN documents d USING (doc_id)
        ORDER BY {EVENT_ORDER}"""
    rows = store._dicts(sql, [*params, limit, offset])
    if query.q and (rows or not offset):
        total = rows[0]["_total"] if rows else 0
        for row in rows:
            del row["_total"]
    else:
        total = store.con.execute(f"SELECT count(*) FROM {source} {where}", params).fetchone()[0]  # type: ignore[index]
    return int(total), rows


def events_for_export(store: Store, query: EventQuery) -> pd.DataFrame:
    """Every matching event with the store's own columns, in the listing order."""
    where, params = event_where(query)
    sql = f"SELECT e.* FROM {_events_from(query)} {where} ORDER BY {EVENT_ORDER}"
    return store.con.execute(sql, params).df()


def event_sentence(store: Store, doc_id: str, sentence_index: int) -> list[dict[str, Any]]:
    """The one sentence an event is in (as a one-row list, the shape of ``Store.sentences``)."""
    return store._dicts(
        "SELECT * FROM sentences WHERE doc_id = ? AND sentence_index = ?", [doc_id, sentence_index]
    )


def document_event_marks(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Where each event of a document is: id, type, sentence and span."""
    return store._dicts(
        """SELECT event_id, type, sentence_index, span_start, span_end FROM events e WHERE doc_id = ?
           ORDER BY coalesce(date_value, ''), doc_name, span_start, event_id""",
        [doc_id],
    )


def document_page(
    store: Store,
    limit: int,
    offset: int,
    outlet: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """Documents by publication date (undated last), then name; filters as ``GET /documents``."""
    clauses, params = [], []
    if outlet:
        clauses.append("lower(d.outlet) = lower(?)")
        params.append(outlet)
    if q:
        clauses.append("contains(lower(coalesce(d.title, '') || ' ' || coalesce(d.name, '')), lower(?))")
        params.append(q)
    if since:
        clauses.append(f"{PUBLISHED} >= ?")
        params.append(since)
    if until:
        clauses.append(f"left({PUBLISHED}, ?) <= ?")
        params += [len(until), until]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    total = store.con.execute(f"SELECT count(*) FROM documents d {where}", params).fetchone()[0]  # type: ignore[index]
    rows = store._dicts(
        f"""SELECT d.doc_id, d.name, d.title, d.outlet, d.author, {PUBLISHED} AS published, d.url,
                   d.n_sentences, d.n_events
            FROM documents d {where} ORDER BY d.published NULLS LAST, d.name LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    return int(total), rows


def actor_page(
    store: Store, limit: int, offset: int, q: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """Actors taking part in events, busiest first; ``name`` is the name they are most often given."""
    where, params = "", []
    if q:
        where = "WHERE contains(lower(actor_id || ' ' || coalesce(name, '')), lower(?))"
        params.append(q)
    actors = f"""
        WITH roles AS (
            SELECT upper(source_id) AS actor_id, source_name AS name, 1 AS s, 0 AS t
            FROM events WHERE source_id IS NOT NULL
            UNION ALL
            SELECT upper(target_id), target_name, 0, 1 FROM events WHERE target_id IS NOT NULL
        ), names AS (
            SELECT actor_id, name, count(*) AS n FROM roles WHERE name IS NOT NULL GROUP BY ALL
        ), usual AS (
            SELECT actor_id, first(name ORDER BY n DESC, name) AS name FROM names GROUP BY actor_id
        ), actors AS (
            SELECT r.actor_id, u.name, count(*) AS events, sum(r.s) AS as_source, sum(r.t) AS as_target
            FROM roles r LEFT JOIN usual u USING (actor_id) GROUP BY r.actor_id, u.name
        )
        SELECT actor_id, name, events, as_source, as_target FROM actors {where}"""
    return _paged(store, actors, "events DESC, actor_id", params, limit, offset)


def dyad_page(
    store: Store, limit: int, offset: int, directed: bool = False, actor: str | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """Pairs of actors by number of asserted events, with their mean Goldstein score."""
    a, b = ("upper(source_id)", "upper(target_id)")
    if not directed:
        a, b = f"least({a}, {b})", f"greatest({a}, {b})"
    where, params = "", []
    if actor:
        where = "WHERE source_id = ? OR target_id = ?"
        params += [actor.upper()] * 2
    pairs = f"""
        WITH pairs AS (
            SELECT {a} AS source_id, {b} AS target_id, goldstein FROM events
            WHERE source_id IS NOT NULL AND target_id IS NOT NULL AND upper(source_id) <> upper(target_id)
              AND NOT coalesce(negated, false) AND NOT coalesce(hypothetical, false)
        )
        SELECT source_id, target_id, count(*) AS events, round(avg(goldstein), 2) AS goldstein
        FROM pairs {where} GROUP BY source_id, target_id"""
    return _paged(store, pairs, "events DESC, source_id, target_id", params, limit, offset)


def _paged(
    store: Store, sql: str, order: str, params: list[Any], limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(rows of ``sql``, one page of them in ``order``)."""
    total = store.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]  # type: ignore[index]
    rows = store._dicts(f"SELECT * FROM ({sql}) ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
    return int(total), rows


def overview_facts(store: Store) -> dict[str, Any]:
    """Counts per table, event types, outlets and the first and last event day."""
    first, last = store.con.execute(f"SELECT min({DAY}), max({DAY}) FROM events e").fetchone()  # type: ignore[misc]
    outlets = [
        r[0]
        for r in store.con.execute(
            "SELECT DISTINCT outlet FROM documents WHERE trim(outlet) <> '' ORDER BY outlet"
        ).fetchall()
    ]
    return {
        "counts": store.counts(),
        "types": store.event_types(asserted_only=False),
        "outlets": outlets,
        "first_date": first,
        "last_date": last,
    }
