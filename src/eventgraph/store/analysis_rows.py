"""SQL of the analysis tables (``analysis_*``) and of the analyses computed in DuckDB.

``eventgraph.analysis.tables`` decides what to compute; this mixin of :class:`~eventgraph.store.Store`
only reads and writes rows. Every read of events keeps the order of :meth:`Store.events_frame`
(date, document, span), so that an incremental update links events in the same order as a full run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa

EVENT_ORDER = "coalesce(e.date_value, ''), e.doc_name, e.span_start, e.event_id"


class AnalysisRows:
    """Methods :class:`~eventgraph.store.Store` gets for the analysis tables (needs ``self.con``)."""

    con: Any

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError  # provided by Store

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError  # provided by Store

    # ------------------------------------------------------------------------------ what is new

    def unanalysed_event_ids(self) -> list[str]:
        """Events without a happening yet: stored since the last analysis update."""
        rows = self.con.execute(
            """SELECT e.event_id FROM events e ANTI JOIN analysis_happenings h USING (event_id)"""
        ).fetchall()
        return [r[0] for r in rows]

    def analysed_candidates(
        self, new: list[dict[str, Any]], reach_days: int, cell_degrees: float
    ) -> list[str]:
        """Analysed events that share a blocking key with one of the ``new`` events (dicts with
        ``event_id``, ``actors``, ``type``, ``quad_class``, ``window_start``/``window_end``, ``precise``,
        ``place`` (lower-cased), ``lat``, ``lon``, ``words``): an actor, the type or quad class, time
        windows within ``reach_days``, and, unless both dates are precise, the place (its name or grid
        cells of ``cell_degrees`` within two of each other) or a distinctive word."""
        if not new:
            return []
        cur = self.con.cursor()  # its own relation namespace: a pending result on con cannot block it
        cur.register("_new", pa.Table.from_pylist(new))
        try:
            rows = cur.execute(
                """SELECT DISTINCT h.event_id
                   FROM _new n JOIN analysis_happenings h
                       ON h.window_start <= n.window_end + to_days(CAST(? AS INTEGER))
                       AND h.window_end >= n.window_start - to_days(CAST(? AS INTEGER))
                   JOIN events e ON e.event_id = h.event_id
                   WHERE (list_contains(n.actors, upper(e.source_id))
                          OR list_contains(n.actors, upper(e.target_id)))
                     AND (e.type = n.type OR e.quad_class = n.quad_class)
                     AND ((h.precise AND n.precise)
                          OR lower(e.place_name) = n.place
                          OR (abs(floor(e.place_lat / ?) - floor(n.lat / ?)) <= 2
                              AND abs(floor(e.place_lon / (2 * ?)) - floor(n.lon / (2 * ?))) <= 2)
                          OR list_has_any(h.words, n.words))""",
                [reach_days, reach_days, cell_degrees, cell_degrees, cell_degrees, cell_degrees],
            ).fetchall()
        finally:
            cur.close()
        return [r[0] for r in rows]

    def happening_mates(self, event_ids: Iterable[str]) -> list[str]:
        """Every event sharing a happening or an event cluster with one of ``event_ids``."""
        ids = list(event_ids)
        if not ids:
            return []
        cur = self.con.cursor()
        cur.register("_ids", pa.table({"event_id": ids}))
        try:
            rows = cur.execute(
                """WITH seed AS (SELECT DISTINCT event_id FROM _ids)
                   SELECT h.event_id FROM analysis_happenings h WHERE h.happening IN
                       (SELECT happening FROM analysis_happenings JOIN seed USING (event_id))
                   UNION
                   SELECT e.event_id FROM events e WHERE e.cluster_id IN
                       (SELECT cluster_id FROM events JOIN seed USING (event_id) WHERE cluster_id IS NOT NULL)
                   UNION SELECT event_id FROM seed"""
            ).fetchall()
        finally:
            cur.close()
        return [r[0] for r in rows]

    def happening_of_events(self, event_ids: Iterable[str]) -> dict[str, str]:
        """The stored happening of each of ``event_ids`` that has one."""
        ids = list(event_ids)
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT event_id, happening FROM analysis_happenings WHERE event_id IN ?", [ids]
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def events_frame_of(self, event_ids: Iterable[str]):  # type: ignore[no-untyped-def]
        """The events ``event_ids`` (all columns) with their article's ``published`` date, in store order."""
        cur = self.con.cursor()
        cur.register("_ids", pa.table({"event_id": list(event_ids)}))
        try:
            return cur.execute(
                f"""SELECT e.*, d.published FROM events e
                    JOIN (SELECT DISTINCT event_id FROM _ids) USING (event_id)
                    LEFT JOIN documents d USING (doc_id) ORDER BY {EVENT_ORDER}"""
            ).df()
        finally:
            cur.close()

    def sentences_frame(self, doc_ids: Iterable[str]):  # type: ignore[no-untyped-def]
        """``doc_id``, ``sentence_index``, ``text`` of the documents ``doc_ids``."""
        return self.con.execute(
            "SELECT doc_id, sentence_index, text FROM sentences WHERE doc_id IN ?"
            " ORDER BY doc_id, sentence_index",
            [sorted(set(doc_ids))],
        ).df()

    def documents_frame_of(self, doc_ids: Iterable[str]):  # type: ignore[no-untyped-def]
        return self.con.execute(
            "SELECT doc_id, name, title, outlet, author, published, url FROM documents WHERE doc_id IN ?",
            [sorted(set(doc_ids))],
        ).df()

    # ---------------------------------------------------------------------------------- rarity

    def word_documents(self, words: Iterable[str]) -> dict[str, int]:
        """In how many documents each word is a distinctive word of an event sentence."""
        chosen = sorted(set(words))
        if not chosen:
            return {}
        rows = self.con.execute(
            "SELECT word, count(*) FROM analysis_words WHERE word IN ? GROUP BY word", [chosen]
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def documents_with_events(self) -> int:
        return int(self.con.execute("SELECT count(DISTINCT doc_id) FROM events").fetchone()[0])  # type: ignore[index]

    # ---------------------------------------------------------------------------------- writes

    def write_analysis(
        self,
        words: list[dict[str, Any]],
        names: list[dict[str, Any]],
        happenings: list[dict[str, Any]],
        disagreements: list[dict[str, Any]],
        replaced_happenings: Iterable[str],
    ) -> None:
        """One transaction: new words and names; the happenings of the events in ``happenings`` and
        the disagreements of ``replaced_happenings`` replaced by the rows given."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            if words:
                self.con.execute(
                    "DELETE FROM analysis_words WHERE doc_id IN ?", [sorted({w["doc_id"] for w in words})]
                )
                self._insert("analysis_words", words)
            if names:
                self.con.execute(
                    "DELETE FROM analysis_names WHERE event_id IN ?", [sorted({n["event_id"] for n in names})]
                )
                self._insert("analysis_names", names)
            if happenings:
                ids = pa.table({"event_id": [h["event_id"] for h in happenings]})
                self.con.register("_ids", ids)
                try:
                    self.con.execute(
                        "DELETE FROM analysis_happenings WHERE event_id IN (SELECT event_id FROM _ids)"
                    )
                finally:
                    self.con.unregister("_ids")
                self._insert("analysis_happenings", happenings)
            replaced = sorted(set(replaced_happenings))
            if replaced:
                self.con.execute("DELETE FROM analysis_disagreements WHERE happening IN ?", [replaced])
            rows = [{**d, "versions": json.dumps(d["versions"], ensure_ascii=False)} for d in disagreements]
            self._insert("analysis_disagreements", rows)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    # ----------------------------------------------------------------------------------- reads

    def person_names_of(self, actors: Iterable[str]):  # type: ignore[no-untyped-def]
        """Each name the events give a person of ``actors``, with the event's document and outlet,
        in the order of the events (source before target)."""
        return self.con.execute(
            f"""SELECT n.actor_id, n.name, e.event_id, e.doc_id, e.doc_name, d.outlet, d.name AS document
                FROM analysis_names n JOIN events e USING (event_id) LEFT JOIN documents d USING (doc_id)
                WHERE n.actor_id IN ?
                ORDER BY n.actor_id, {EVENT_ORDER}, n.role DESC""",
            [sorted(set(actors))],
        ).df()

    def analysis_disagreements(self) -> list[dict[str, Any]]:
        """The stored disagreements: happenings in the order of their first event, then the names
        spelled two ways across the corpus by actor."""
        rows = self._dicts(
            """SELECT happening, label, detail, versions, event_ids FROM analysis_disagreements
               ORDER BY starts_with(happening, 'corpus:'), sort_key, happening, position"""
        )
        for row in rows:
            row["versions"] = json.loads(row["versions"])
        return rows

    def analysis_is_current(self) -> bool:
        """True when every stored event has been analysed (the analysis tables are up to date)."""
        row = self.con.execute(
            "SELECT count(*) FROM events e ANTI JOIN analysis_happenings h USING (event_id)"
        ).fetchone()
        return bool(row is not None and row[0] == 0)
