"""The embedded DuckDB store: schema, transactional batch writes, queries and exports.

``store`` owns every SQL statement of the project; other packages ask it for rows or data frames.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from eventgraph.records import Event, ProcessedDocument, Rejection, to_plain
from eventgraph.store.analysis_rows import AnalysisRows
from eventgraph.store.claims import ClaimRows, claim_rows
from eventgraph.store.owner import busy_message, is_lock_conflict
from eventgraph.store.schema import INDEXES, MIGRATIONS, SCHEMA_VERSION, TABLES

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "polecat")


class StoreError(Exception):
    """A store that cannot be opened or used; the message names the file and the problem."""


class StoreBusy(StoreError):
    """Another process holds the file (an ingest, or a server that owns it); the message names it."""


@dataclass(slots=True)
class EventFilter:
    """Filters shared by the CLI, the API and exports. Actor ids are case-insensitive."""

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    doc: str | None = None
    include_modal: bool = True
    limit: int | None = None
    offset: int = 0


@dataclass(slots=True)
class WriteResult:
    added: int = 0
    skipped: int = 0
    events: int = 0
    rejections: int = 0
    skipped_names: list[str] = field(default_factory=list)


class Store(AnalysisRows, ClaimRows):
    """One DuckDB file. Open read-only for queries so several readers can share it."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database; run `eventgraph ingest` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            if is_lock_conflict(str(exc)):
                raise StoreBusy(busy_message(self.path, str(exc))) from None
            raise StoreError(f"{self.path}: cannot open as a DuckDB database ({exc})") from None
        if not read_only:
            self._ensure_schema()
        self._check_version()

    def cursor(self) -> Store:
        """Another connection to this open database, for one thread: it sees every committed write.

        DuckDB runs the queries of several cursors of one process at once (MVCC snapshots), so a server
        that holds the file open for writing serves each request on a cursor of its own.
        """
        other = object.__new__(Store)
        other.path = self.path
        other.con = self.con.cursor()
        return other

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------ schema

    def _ensure_schema(self) -> None:
        for ddl in TABLES.values():
            self.con.execute(ddl)
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif row[0].isdigit() and int(row[0]) < SCHEMA_VERSION:
            self._migrate(int(row[0]))
        for ddl in INDEXES:  # after the migration: an index may be on a column it adds
            self.con.execute(ddl)

    def _migrate(self, found: int) -> None:
        """Bring a file written by an older eventgraph up to ``SCHEMA_VERSION`` in place, all or nothing."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for version in range(found + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(version, ()):
                    self.con.execute(statement)
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(
                f"{self.path}: cannot migrate schema version {found} to {SCHEMA_VERSION} ({exc})"
            ) from None

    def _check_version(self) -> None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.Error:
            raise StoreError(f"{self.path}: not an eventgraph database (no meta table)") from None
        if row is not None and row[0].isdigit() and int(row[0]) < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {row[0]} is older than this eventgraph's {SCHEMA_VERSION}; "
                "open it once for writing (e.g. `eventgraph ingest` into it) to migrate it in place"
            )
        if row is None or int(row[0]) != SCHEMA_VERSION:
            found = row[0] if row else "none"
            raise StoreError(f"{self.path}: schema version {found}, this eventgraph needs {SCHEMA_VERSION}")

    # ------------------------------------------------------------------------------------ writes

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        ids = list(doc_ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT doc_id FROM documents WHERE doc_id IN ?", [ids]).fetchall()
        return {r[0] for r in rows}

    def write(
        self, processed: Sequence[ProcessedDocument], rejections: Sequence[Rejection] = ()
    ) -> WriteResult:
        """Write one batch in one transaction; documents already stored (same content hash) are skipped."""
        return self.write_tables(table_rows(processed), rejections)

    def write_tables(
        self, tables: dict[str, list[dict[str, Any]]], rejections: Sequence[Rejection] = ()
    ) -> WriteResult:
        """Write rows made by :func:`table_rows` (locally or on a Dask worker) in one transaction.

        Documents whose content hash is already stored, and every row that belongs to them, are skipped.
        """
        result = WriteResult()
        documents = tables.get("documents", [])
        known = self.known_doc_ids(d["doc_id"] for d in documents)
        fresh_ids: set[str] = set()
        fresh_docs = []
        for doc in documents:
            if doc["doc_id"] in known or doc["doc_id"] in fresh_ids:
                result.skipped += 1
                result.skipped_names.append(doc["name"])
                continue
            fresh_ids.add(doc["doc_id"])
            fresh_docs.append(doc)
        existing_events = self._existing_event_ids(
            e["event_id"] for e in tables.get("events", []) if e["doc_id"] in fresh_ids
        )
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("documents", fresh_docs)
            for table in ("sentences", "mentions"):
                self._insert(table, [r for r in tables.get(table, []) if r["doc_id"] in fresh_ids])
            events = [
                e
                for e in tables.get("events", [])
                if e["doc_id"] in fresh_ids and e["event_id"] not in existing_events
            ]
            self._insert("events", events)
            claims = tables.get("claims", [])
            existing_claims = self._existing_claim_ids(
                c["claim_id"] for c in claims if c["doc_id"] in fresh_ids
            )
            self._insert(
                "claims",
                [c for c in claims if c["doc_id"] in fresh_ids and c["claim_id"] not in existing_claims],
            )
            self._upsert_actors(tables.get("actors", []))
            self._insert("rejections", [_rejection_row(r) for r in rejections])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        result.added = len(fresh_docs)
        result.events = len(events)
        result.rejections = len(rejections)
        return result

    def _existing_event_ids(self, event_ids: Iterable[str]) -> set[str]:
        ids = list(event_ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT event_id FROM events WHERE event_id IN ?", [ids]).fetchall()
        return {r[0] for r in rows}

    def _existing_claim_ids(self, claim_ids: Iterable[str]) -> set[str]:
        ids = list(claim_ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT claim_id FROM claims WHERE claim_id IN ?", [ids]).fetchall()
        return {r[0] for r in rows}

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        arrow = pa.Table.from_pylist(rows)
        self.con.register("_batch", arrow)
        try:
            cols = ", ".join(columns)
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch")
        finally:
            self.con.unregister("_batch")

    def _upsert_actors(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        existing = {r[0] for r in self.con.execute("SELECT actor_id FROM actors").fetchall()}
        new: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["actor_id"] not in existing:
                new.setdefault(row["actor_id"], row)
        self._insert("actors", list(new.values()))

    # ----------------------------------------------------------------------------------- queries

    def documents(self) -> list[dict[str, Any]]:
        return self._dicts(
            """SELECT doc_id, name, title, outlet, author, published, input_format,
                      n_sentences, n_mentions, n_events
               FROM documents ORDER BY published NULLS LAST, name"""
        )

    def document(self, ref: str) -> dict[str, Any] | None:
        """A document by id, id prefix (≥ 6 characters) or name."""
        # Exact matches first: they use the key index; the prefix and name scans only when they fail.
        rows = self._dicts("SELECT * FROM documents WHERE doc_id = ?", [ref]) or self._dicts(
            "SELECT * FROM documents WHERE name = ? OR (length(?) >= 6 AND starts_with(doc_id, ?))"
            " ORDER BY doc_id LIMIT 1",
            [ref, ref, ref],
        )
        if not rows:
            return None
        doc = rows[0]
        doc["removed"] = json.loads(doc["removed"] or "[]")
        doc["offset_map"] = json.loads(doc["offset_map"] or "[]")
        return doc

    def sentences(self, doc_id: str) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM sentences WHERE doc_id = ? ORDER BY sentence_index", [doc_id])

    def events(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        """Flat event rows (one column per field) matching the filter, ordered by date and document."""
        return self._dicts(*_event_query(flt))

    def events_frame(self, flt: EventFilter | None = None):  # type: ignore[no-untyped-def]
        """The filtered events as a pandas DataFrame (flat columns, as in :meth:`events`)."""
        return self.con.execute(*_event_query(flt)).df()

    def documents_frame(self):  # type: ignore[no-untyped-def]
        """Document metadata (no texts) as a pandas DataFrame."""
        return self.con.execute(
            "SELECT doc_id, name, title, outlet, author, published, url, n_sentences, n_events FROM documents"
        ).df()

    def event(self, ref: str) -> dict[str, Any] | None:
        """An event by id or id prefix (≥ 6 characters)."""
        rows = self._dicts("SELECT * FROM events WHERE event_id = ?", [ref])
        if not rows and len(ref) >= 6:
            rows = self._dicts(
                "SELECT * FROM events WHERE starts_with(event_id, ?) ORDER BY event_id LIMIT 1", [ref]
            )
        return rows[0] if rows else None

    def rejections(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT input, line, reason, stage FROM rejections ORDER BY recorded_at, input")

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in ("documents", "sentences", "mentions", "events", "rejections"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
        out["actors"] = self.con.execute(
            "SELECT count(DISTINCT actor_id) FROM mentions WHERE actor_id IS NOT NULL"
        ).fetchone()[0]  # type: ignore[index]
        return out

    def event_types(self, asserted_only: bool = True) -> list[tuple[str, int]]:
        where = "WHERE NOT negated AND NOT hypothetical" if asserted_only else ""
        sql = f"SELECT type, count(*) n FROM events {where} GROUP BY type ORDER BY n DESC, type"
        return [(r[0], r[1]) for r in self.con.execute(sql).fetchall()]

    def top_dyads(self, limit: int = 10) -> list[dict[str, Any]]:
        """Directed actor pairs by number of asserted events, with their mean Goldstein score.

        ``happenings`` counts event clusters instead: a story reprinted by three outlets counts once.
        """
        return self._dicts(
            """SELECT source_id, target_id, count(*) AS events, round(avg(goldstein), 2) AS goldstein,
                      count(DISTINCT coalesce(cluster_id, event_id)) AS happenings
               FROM events
               WHERE source_id IS NOT NULL AND target_id IS NOT NULL AND NOT negated AND NOT hypothetical
               GROUP BY source_id, target_id ORDER BY events DESC, source_id, target_id LIMIT ?""",
            [limit],
        )

    def export(self, fmt: str, out: str | Path, flt: EventFilter | None = None) -> int:
        """Write events to ``out`` as jsonl (the nested README schema), csv or parquet (flat columns)."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        out = Path(out)
        query, params = _event_query(flt)
        if fmt == "polecat":
            return write_polecat(self._dicts(_polecat_query(query), params), out)
        if fmt == "jsonl":
            rows = self._dicts(query, params)
            with out.open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(nested_event(row), ensure_ascii=False) + "\n")
            return len(rows)
        option = "(FORMAT PARQUET)" if fmt == "parquet" else "(FORMAT CSV, HEADER)"
        path_literal = str(out).replace("'", "''")
        self.con.execute(f"COPY ({query}) TO '{path_literal}' {option}", params)
        return self.con.execute(f"SELECT count(*) FROM ({query})", params).fetchone()[0]  # type: ignore[index]

    # ------------------------------------------------------------------- near-duplicates, clusters

    def unsigned_documents(self, scheme: str) -> list[tuple[str, str]]:
        """(doc_id, cleaned text) of documents without a signature made by ``scheme``, first stored first."""
        rows = self.con.execute(
            """SELECT d.doc_id, d.text FROM documents d
               LEFT JOIN doc_signatures s ON s.doc_id = d.doc_id AND s.scheme = ?
               WHERE s.doc_id IS NULL ORDER BY d.ingested_at, d.name""",
            [scheme],
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def signature_schemes(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT DISTINCT scheme FROM doc_signatures").fetchall()}

    def signatures(self, scheme: str) -> tuple[list[str], np.ndarray]:
        """Doc ids (first stored first) and their MinHash signatures made by ``scheme``, one row each."""
        table = self.con.sql(
            """SELECT s.doc_id, s.hashvalues FROM doc_signatures s JOIN documents d USING (doc_id)
               WHERE s.scheme = $scheme AND s.hashvalues IS NOT NULL ORDER BY d.ingested_at, d.name""",
            params={"scheme": scheme},
        ).to_arrow_table()
        ids = table.column("doc_id").to_pylist()
        if not ids:
            return [], np.zeros((0, 0), dtype=np.uint32)
        values = table.column("hashvalues").combine_chunks().flatten().to_numpy()
        return ids, values.reshape(len(ids), -1)

    def duplicate_group_ids(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Group id of each grouped document among ``doc_ids`` and of every other member of those groups."""
        ids = list(doc_ids)
        if not ids:
            return {}
        rows = self.con.execute(
            """SELECT doc_id, group_id FROM duplicate_groups WHERE group_id IN
               (SELECT group_id FROM duplicate_groups WHERE doc_id IN ?)""",
            [ids],
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def write_duplicates(self, signatures: list[dict[str, Any]], groups: list[dict[str, Any]]) -> None:
        """Signatures and group rows in one transaction, replacing earlier rows of the same documents."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, rows in (("doc_signatures", signatures), ("duplicate_groups", groups)):
                if rows:
                    self.con.execute(f"DELETE FROM {table} WHERE doc_id IN ?", [[r["doc_id"] for r in rows]])
                    self._insert(table, rows)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def reset_duplicates(self) -> None:
        """Forget every signature, group and event cluster, so the next dedup update redoes them all."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM doc_signatures")
            self.con.execute("DELETE FROM duplicate_groups")
            self.con.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
            # Happenings build on clusters: the next analysis update recomputes them all.
            self.con.execute("DELETE FROM analysis_happenings")
            self.con.execute("DELETE FROM analysis_disagreements")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def unclustered_event_ids(self) -> list[str]:
        rows = self.con.execute("SELECT event_id FROM events WHERE cluster_id IS NULL").fetchall()
        return [r[0] for r in rows]

    def cluster_candidates(self, undirected_types: Sequence[str]) -> list[dict[str, Any]]:
        """Pairs (``a_*`` an unclustered event, ``b_*`` any other) that agree on type, actors and polarity.

        Actors agree when source and target are equal, or swapped for an ``undirected_types`` type; an
        actor without a catalogue id is compared by its lower-cased name, and ``resolved`` tells whether
        both of an event's actors have ids. Each side carries its document, duplicate group, date and
        cluster: what ``dedup.clusters`` needs to decide whether the two report one happening.
        """
        side = (
            "{p}.event_id AS {p}_event_id, {p}.doc_id AS {p}_doc_id, {p}.group_id AS {p}_group_id, "
            "{p}.date_value AS {p}_date_value, {p}.date_precision AS {p}_date_precision, "
            "{p}.cluster_id AS {p}_cluster_id, {p}.resolved AS {p}_resolved"
        )
        columns = side.format(p="a") + ", " + side.format(p="b")
        polarity = "b.negated = a.negated AND b.hypothetical = a.hypothetical AND b.event_id <> a.event_id"
        sql = f"""
            WITH ev AS (
                SELECT e.event_id, e.doc_id, g.group_id, e.date_value, e.date_precision, e.cluster_id, e.type,
                       coalesce(e.source_id, '~' || lower(e.source_name), '') AS source_key,
                       coalesce(e.target_id, '~' || lower(e.target_name), '') AS target_key,
                       e.source_id IS NOT NULL
                           AND (e.target_id IS NOT NULL OR e.target_name IS NULL) AS resolved,
                       coalesce(e.negated, false) AS negated, coalesce(e.hypothetical, false) AS hypothetical
                FROM events e LEFT JOIN duplicate_groups g USING (doc_id)
            ), fresh AS (SELECT * FROM ev WHERE cluster_id IS NULL AND source_key <> '')
            SELECT {columns} FROM fresh a JOIN ev b
                ON b.type = a.type AND b.source_key = a.source_key AND b.target_key = a.target_key
                AND {polarity}
            UNION ALL
            SELECT {columns} FROM fresh a JOIN ev b
                ON b.type = a.type AND b.source_key = a.target_key AND b.target_key = a.source_key
                AND {polarity}
            WHERE list_contains(?, a.type) AND a.target_key <> '' AND a.source_key <> a.target_key"""
        return self._dicts(sql, [list(undirected_types)])

    def assign_clusters(self, assign: dict[str, str], relabel: dict[str, str]) -> None:
        """Set the cluster id of events (``assign``) and merge clusters (``relabel`` old id → new id)."""
        if not assign and not relabel:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name, key, mapping in (("event_id", "event_id", assign), ("old", "cluster_id", relabel)):
                if not mapping:
                    continue
                batch = pa.table({name: list(mapping), "new": list(mapping.values())})
                self.con.register("_clusters", batch)
                try:
                    self.con.execute(
                        f"UPDATE events SET cluster_id = _clusters.new FROM _clusters"
                        f" WHERE events.{key} = _clusters.{name}"
                    )
                finally:
                    self.con.unregister("_clusters")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def duplicate_groups(self) -> list[dict[str, Any]]:
        """Every member of every near-duplicate group (``group_id`` is the doc id of its first document),
        with its estimated Jaccard similarity to that document; groups and members in a stable order."""
        return self._dicts(
            """SELECT g.group_id, g.doc_id, d.name, d.title, d.outlet, d.published, d.url, g.similarity
               FROM duplicate_groups g JOIN documents d USING (doc_id)
               ORDER BY g.group_id, g.doc_id <> g.group_id, g.similarity DESC, d.name"""
        )

    def event_clusters(self, min_events: int = 2) -> list[dict[str, Any]]:
        """Clusters of at least ``min_events`` events: one happening with every evidence sentence and outlet.

        Each cluster: ``cluster_id``, ``type``, ``source_id``, ``target_id`` (of its first event),
        ``documents``, ``outlets`` and ``events`` (doc, outlet, sentence, span and evidence of each).
        """
        rows = self._dicts(
            """SELECT e.cluster_id, e.event_id, e.doc_id, e.doc_name, d.outlet, d.published,
                      e.sentence_index, e.sentence, e.span_start, e.span_end, e.evidence,
                      e.type, e.source_id, e.target_id, e.date_value, e.negated, e.hypothetical
               FROM events e JOIN documents d USING (doc_id)
               WHERE e.cluster_id IN
                   (SELECT cluster_id FROM events GROUP BY cluster_id HAVING count(*) >= ?)
               ORDER BY e.cluster_id, d.published NULLS LAST, e.doc_name, e.span_start""",
            [max(1, min_events)],
        )
        clusters: dict[str, dict[str, Any]] = {}
        for row in rows:
            cluster = clusters.setdefault(
                row["cluster_id"],
                {
                    "cluster_id": row["cluster_id"],
                    "type": row["type"],
                    "source_id": row["source_id"],
                    "target_id": row["target_id"],
                    "documents": [],
                    "outlets": [],
                    "events": [],
                },
            )
            cluster["events"].append({k: v for k, v in row.items() if k != "cluster_id"})
            if row["doc_id"] not in cluster["documents"]:
                cluster["documents"].append(row["doc_id"])
            if row["outlet"] is not None and row["outlet"] not in cluster["outlets"]:
                cluster["outlets"].append(row["outlet"])
        return list(clusters.values())

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# ---------------------------------------------------------------------------------------- rows


# the tables a batch of processed documents fills (table_rows): what a Dask partition writes as Parquet and
# what the server's POST /batches accepts
ROW_TABLES = ("documents", "sentences", "mentions", "events", "actors", "claims")


def table_rows(processed: Sequence[ProcessedDocument]) -> dict[str, list[dict[str, Any]]]:
    """The rows each table gets for these documents; plain dicts, so a Dask worker can make them.

    A document that occurs twice (same content hash) contributes its rows once.
    """
    unique: dict[str, ProcessedDocument] = {}
    for item in processed:
        unique.setdefault(item.document.doc_id, item)
    processed = list(unique.values())
    return {
        "documents": _document_rows(processed),
        "sentences": _sentence_rows(processed),
        "mentions": _mention_rows(processed),
        "events": _event_rows(processed),
        "actors": _actor_rows(processed),
        "claims": claim_rows(processed),
    }


def _actor_rows(processed: Sequence[ProcessedDocument]) -> list[dict[str, Any]]:
    actors: dict[str, str] = {}
    for item in processed:
        for mention in item.mentions:
            if mention.actor.id:
                actors.setdefault(mention.actor.id, mention.actor.name)
        for event in item.events:
            for ref in (event.source, event.target):
                if ref is not None and ref.id:
                    actors.setdefault(ref.id, ref.name)
    return [{"actor_id": k, "name": v} for k, v in actors.items()]


def _document_rows(processed: Sequence[ProcessedDocument]) -> list[dict[str, Any]]:
    rows = []
    for item in processed:
        doc = item.document
        rows.append(
            {
                "doc_id": doc.doc_id,
                "name": doc.name,
                "title": doc.title,
                "outlet": doc.outlet,
                "author": doc.author,
                "published": doc.published,
                "published_expression": doc.published_expression,
                "url": doc.url,
                "source_path": doc.source_path,
                "input_format": doc.input_format,
                "text": doc.text,
                "original_text": doc.original_text,
                "removed": json.dumps(to_plain_list(doc.removed), ensure_ascii=False),
                "offset_map": json.dumps(to_plain_list(doc.offset_map)),
                "n_sentences": len(item.sentences),
                "n_mentions": len(item.mentions),
                "n_events": len(item.events),
            }
        )
    return rows


def to_plain_list(records: Iterable[Any]) -> list[Any]:
    return [to_plain(r) for r in records]


def _sentence_rows(processed: Sequence[ProcessedDocument]) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": s.doc_id,
            "sentence_index": s.index,
            "start_char": s.start,
            "end_char": s.end,
            "text": s.text,
        }
        for item in processed
        for s in item.sentences
    ]


def _mention_rows(processed: Sequence[ProcessedDocument]) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": m.doc_id,
            "sentence_index": m.sentence_index,
            "start_char": m.start_char,
            "end_char": m.end_char,
            "actor_id": m.actor.id,
            "name": m.actor.name,
            "text": m.actor.text,
            "sector": m.actor.sector,
            "variant": m.actor.variant,
            "score": float(m.actor.score),
            "person": m.actor.person,
        }
        for item in processed
        for m in item.mentions
    ]


def _event_rows(processed: Sequence[ProcessedDocument]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for item in processed:
        for event in item.events:
            rows.setdefault(event.event_id, event_row(event, item.document.text))
    return list(rows.values())


def event_row(event: Event, document_text: str | None = None) -> dict[str, Any]:
    """The flat row of an event, as stored and exported to CSV/Parquet; ``evidence`` is the span's text."""
    src, tgt, date, place = event.source, event.target, event.date, event.place
    start, end = event.span
    evidence = document_text[start:end] if document_text is not None else None
    return {
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "doc_name": event.doc_name,
        "sentence_index": event.sentence_index,
        "sentence": event.sentence,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "evidence": evidence,
        "source_id": src.id,
        "source_name": src.name,
        "source_text": src.text,
        "source_sector": src.sector,
        "target_id": tgt.id if tgt else None,
        "target_name": tgt.name if tgt else None,
        "target_text": tgt.text if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "source_country": src.country,
        "source_secondary": "+".join(src.secondary) or None,
        "source_code": src.code,
        "target_country": tgt.country if tgt else None,
        "target_secondary": "+".join(tgt.secondary) or None if tgt else None,
        "target_code": tgt.code if tgt else None,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "goldstein": float(event.goldstein),
        "quad_class": int(event.quad_class),
        "negated": bool(event.negated),
        "hypothetical": bool(event.hypothetical),
        "modality": event.modality,
        "date_value": date.value if date else None,
        "date_precision": date.precision if date else None,
        "date_expression": date.expression if date else None,
        "place_name": place.name if place else None,
        "place_id": place.id if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "pattern": event.pattern,
        "trigger": event.trigger,
        "inferred": json.dumps([i.as_dict() for i in event.inferred]) if event.inferred else None,
    }


def nested_event(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row in the export schema of the README (nested actors, date and place)."""

    def actor(prefix: str) -> dict[str, Any] | None:
        if row[f"{prefix}_name"] is None and row[f"{prefix}_id"] is None:
            return None
        return {
            "id": row[f"{prefix}_id"],
            "name": row[f"{prefix}_name"],
            "text": row[f"{prefix}_text"],
            "sector": row[f"{prefix}_sector"],
            "country": row.get(f"{prefix}_country"),
            "secondary": [c for c in (row.get(f"{prefix}_secondary") or "").split("+") if c],
            "code": row.get(f"{prefix}_code"),
        }

    date = None
    if row["date_precision"] is not None:
        date = {
            "value": row["date_value"],
            "precision": row["date_precision"],
            "expression": row["date_expression"],
        }
    place = None
    if row["place_name"] is not None:
        place = {
            "name": row["place_name"],
            "id": row["place_id"],
            "lat": row["place_lat"],
            "lon": row["place_lon"],
        }
    return {
        "event_id": row["event_id"],
        "doc_id": row["doc_id"],
        "doc_name": row["doc_name"],
        "sentence_index": row["sentence_index"],
        "sentence": row["sentence"],
        "span": [row["span_start"], row["span_end"]],
        "evidence": row["evidence"],
        "source": actor("source"),
        "target": actor("target"),
        "type": row["type"],
        "mode": row["mode"],
        "cameo": row["cameo"],
        "goldstein": row["goldstein"],
        "quad_class": row["quad_class"],
        "negated": row["negated"],
        "hypothetical": row["hypothetical"],
        "modality": row.get("modality"),
        "date": date,
        "place": place,
        "pattern": row["pattern"],
        "inferred": inferred_of(row),
    }


def inferred_of(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The inferred participants of a stored event row ([] when every participant is stated)."""
    value = row.get("inferred")
    if not value:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


# POLECAT's column names (its weekly TSV files) -> how eventgraph fills them; columns whose concept
# eventgraph does not have (COW codes, titles, Wikipedia ids, contexts, intensity, the place hierarchy,
# story-level lists) are left empty. docs/actors.md lists the matches.
POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW",
    "Primary Recipient Sector", "Recipient Sectors", "Recipient Title", "Recipient Name Raw",
    "Wikipedia Recipient ID", "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude",
    "GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People",
    "Story Organizations", "Story Locations", "Language", "Version",
)  # fmt: skip


def _polecat_query(query: str) -> str:
    """The event query plus the document's outlet and date (POLECAT's Source and Publication Date)."""
    return (
        "SELECT e.*, d.outlet AS doc_outlet, d.published AS doc_published "
        f"FROM ({query}) e LEFT JOIN documents d USING (doc_id) "
        "ORDER BY coalesce(e.date_value, ''), e.doc_name, e.span_start"
    )


def polecat_row(row: dict[str, Any]) -> dict[str, Any]:
    """One stored event as a POLECAT row (empty where eventgraph has no matching concept)."""

    def sectors(prefix: str) -> str:
        codes = [row.get(f"{prefix}_sector"), *((row.get(f"{prefix}_secondary") or "").split("+"))]
        return ";".join(c for c in codes if c)

    place_id = row.get("place_id") or ""
    quad = row.get("quad_class")
    published = row.get("doc_published")
    values = {
        "Event ID": row["event_id"],
        "Event Date": row.get("date_value"),
        "Event Type": row["type"],
        "Event Mode": row.get("mode"),
        "Quad Code": quad if quad else None,  # 1-4 as ICEWS/POLECAT; 0 (a statement) has none
        "Actor Name": row.get("source_name"),
        "Actor Country": row.get("source_country"),
        "Primary Actor Sector": row.get("source_sector"),
        "Actor Sectors": sectors("source"),
        "Actor Name Raw": row.get("source_text"),
        "Recipient Name": row.get("target_name"),
        "Recipient Country": row.get("target_country"),
        "Primary Recipient Sector": row.get("target_sector"),
        "Recipient Sectors": sectors("target"),
        "Recipient Name Raw": row.get("target_text"),
        "Placename": row.get("place_name"),
        "Latitude": row.get("place_lat"),
        "Longitude": row.get("place_lon"),
        "GeoNames ID": place_id[3:] if place_id.startswith("gn:") else None,
        "Source": row.get("doc_outlet"),
        "Publication Date": published.isoformat() if hasattr(published, "isoformat") else published,
        "Language": "en",
    }
    return {column: values.get(column) for column in POLECAT_COLUMNS}


def write_polecat(rows: list[dict[str, Any]], out: Path) -> int:
    """Events as a POLECAT-style TSV (its column names, one event a row)."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, POLECAT_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in polecat_row(row).items()})
    return len(rows)


def _rejection_row(rejection: Rejection) -> dict[str, Any]:
    return {
        "input": rejection.input,
        "line": rejection.line,
        "reason": rejection.reason,
        "stage": rejection.stage,
    }


def _event_query(flt: EventFilter | None) -> tuple[str, list[Any]]:
    """The one query behind every event listing and export: filters, date-then-document order, paging."""
    flt = flt or EventFilter()
    where, params = _event_where(flt)
    sql = f"SELECT * FROM events {where} ORDER BY coalesce(date_value, ''), doc_name, span_start, event_id"
    if flt.limit:
        sql += f" LIMIT {int(flt.limit)} OFFSET {int(flt.offset)}"
    return sql, params


def _event_where(flt: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.actor:
        clauses.append("(upper(source_id) = upper(?) OR upper(target_id) = upper(?))")
        params += [flt.actor, flt.actor]
    if flt.dyad:
        a, b = flt.dyad
        clauses.append("upper(source_id) = upper(?) AND upper(target_id) = upper(?)")
        params += [a, b]
    if flt.type:
        clauses.append("upper(type) = upper(?)")
        params.append(flt.type)
    if flt.since:
        # Interval values start with their first day, so a plain string comparison orders ISO dates.
        clauses.append("date_value IS NOT NULL AND split_part(date_value, '/', 1) >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("date_value IS NOT NULL AND split_part(date_value, '/', 1) <= ?")
        params.append(flt.until)
    if flt.doc:
        clauses.append("(doc_id = ? OR doc_name = ? OR (length(?) >= 6 AND doc_id LIKE ? || '%'))")
        params += [flt.doc, flt.doc, flt.doc, flt.doc]
    if not flt.include_modal:
        clauses.append("NOT negated AND NOT hypothetical")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return where, params
