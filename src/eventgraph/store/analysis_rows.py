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
# The same order as one value (structs compare field by field): min() of it finds a group's first event.
STORE_KEY = (
    "struct_pack(d := coalesce(e.date_value, ''), n := e.doc_name, s := e.span_start, i := e.event_id)"
)
# What the analyses of dyads, the network and roles read of an event: no texts (the sentence column is
# there, empty, because the analysis frames require it; evidence is read per event when shown).
ANALYSIS_COLUMNS = (
    "e.event_id, e.doc_id, e.doc_name, '' AS sentence, e.source_id, e.source_name, e.target_id,"
    " e.target_name, e.type, e.mode, e.cameo, e.goldstein, e.quad_class, e.negated, e.hypothetical,"
    " e.date_value, e.date_precision, e.cluster_id"
)
# The outlet of an event's document, or "(document name)" when it names none (as analysis.sources).
OUTLET = (
    "CASE WHEN trim(coalesce(d.outlet, '')) <> '' THEN d.outlet"
    " ELSE '(' || coalesce(d.name, e.doc_name) || ')' END"
)
# What makes two outlets report "the same thing" (analysis.sources.report_keys): the event cluster
# once clustering has run, else source, type, target and month.
REPORT_KEY = """CASE WHEN (SELECT count(cluster_id) FROM events) > 0
    THEN coalesce(e.cluster_id, e.event_id)
    ELSE coalesce(upper(e.source_id), '?') || '|' || e.type || '|'
         || coalesce(upper(e.target_id), '?') || '|' ||
         CASE WHEN regexp_matches(split_part(coalesce(e.date_value, ''), '/', 1), '^[0-9]{4}(-|$)')
              THEN CASE WHEN length(split_part(e.date_value, '/', 1)) = 4
                        THEN split_part(e.date_value, '/', 1) || '-01'
                        ELSE substr(split_part(e.date_value, '/', 1), 1, 7) END
              ELSE 'undated' END END"""


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
        """``doc_id``, ``sentence_index``, ``start_char``, ``text`` of the documents ``doc_ids``."""
        return self.con.execute(
            "SELECT doc_id, sentence_index, start_char, text FROM sentences WHERE doc_id IN ?"
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

    # ------------------------------------------------------------------- reads for the analyses

    def dyad_events_frame(self, a: str, b: str, directed: bool = True):  # type: ignore[no-untyped-def]
        """The events from ``a`` to ``b`` (either way unless ``directed``), in store order, with the
        columns the analyses read (``ANALYSIS_COLUMNS``: no texts)."""
        pair = "(upper(e.source_id) = ? AND upper(e.target_id) = ?)"
        where = pair if directed else f"({pair} OR {pair})"
        params = [a.upper(), b.upper()] + ([] if directed else [b.upper(), a.upper()])
        return self.con.execute(
            f"SELECT {ANALYSIS_COLUMNS} FROM events e WHERE {where} ORDER BY {EVENT_ORDER}", params
        ).df()

    def events_where_frame(
        self,
        types: Sequence[str] = (),
        modes: Sequence[str] = (),
        quads: Sequence[int] = (),
        cameo_prefixes: Sequence[str] = (),
        dyadic: bool = False,
    ):  # type: ignore[no-untyped-def]
        """The events of any of ``types``, ``modes``, ``quads`` or CAMEO prefixes (all events when none
        is given); ``dyadic`` keeps only events between two different identified actors. Store order,
        ``ANALYSIS_COLUMNS``."""
        clauses = []
        params: list[Any] = []
        if types:
            clauses.append("list_contains(?, e.type)")
            params.append(list(types))
        if modes:
            clauses.append("list_contains(?, e.mode)")
            params.append(list(modes))
        if quads:
            clauses.append("list_contains(?, e.quad_class)")
            params.append([int(q) for q in quads])
        for prefix in cameo_prefixes:
            clauses.append("starts_with(coalesce(e.cameo, ''), ?)")
            params.append(prefix)
        where = f"({' OR '.join(clauses)})" if clauses else "TRUE"
        if dyadic:
            where += (
                " AND e.source_id IS NOT NULL AND e.target_id IS NOT NULL"
                " AND upper(e.source_id) <> upper(e.target_id)"
            )
        return self.con.execute(
            f"SELECT {ANALYSIS_COLUMNS} FROM events e WHERE {where} ORDER BY {EVENT_ORDER}", params
        ).df()

    def outlet_clusters_frame(self, asserted_only: bool = True):  # type: ignore[no-untyped-def]
        """One row per (event cluster, outlet): the columns of the cluster's first event in store order,
        ``goldstein`` the cluster's mean within the outlet, ``event_ids`` its events; as
        ``analysis.frames.collapse_clusters`` gives them, computed in DuckDB."""
        modal = "WHERE NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)"
        return self.con.execute(
            f"""WITH ev AS (
                    SELECT e.event_id, upper(e.source_id) AS source_id, upper(e.target_id) AS target_id,
                           e.type, e.goldstein, coalesce(e.quad_class, 0) AS quad_class, e.date_value,
                           coalesce(e.cluster_id, e.event_id) AS cluster,
                           {OUTLET} AS outlet, row_number() OVER (ORDER BY {EVENT_ORDER}) AS ord
                    FROM events e LEFT JOIN documents d USING (doc_id)
                    {modal if asserted_only else ""})
                SELECT cluster, outlet, arg_min(source_id, ord) AS source_id,
                       arg_min(target_id, ord) AS target_id, arg_min(type, ord) AS type,
                       arg_min(quad_class, ord) AS quad_class, arg_min(date_value, ord) AS date_value,
                       avg(goldstein) AS goldstein, list(event_id ORDER BY ord) AS event_ids
                FROM ev GROUP BY cluster, outlet ORDER BY min(ord)"""
        ).df()

    def _outlet_clusters_sql(self) -> str:
        """Event clusters per outlet of asserted events (as :meth:`outlet_clusters_frame`), and each
        event with the store-order key of its (cluster, outlet) row and its own (``STORE_KEY``: a
        struct compared field by field, so no window sorts all events)."""
        return f"""
            ev AS MATERIALIZED (
                SELECT e.event_id, upper(e.source_id) AS source_id, upper(e.target_id) AS target_id,
                       e.type, e.goldstein, coalesce(e.cluster_id, e.event_id) AS cluster,
                       {OUTLET} AS outlet, {STORE_KEY} AS k
                FROM events e LEFT JOIN documents d USING (doc_id)
                WHERE NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)),
            clusters AS MATERIALIZED (
                SELECT cluster, outlet, min(k) AS cluster_k, arg_min(source_id, k) AS source_id,
                       arg_min(target_id, k) AS target_id, arg_min(type, k) AS type,
                       avg(goldstein) AS goldstein
                FROM ev GROUP BY cluster, outlet),
            ids AS (SELECT ev.outlet, c.target_id, ev.event_id, c.cluster_k, ev.k
                    FROM ev JOIN clusters c USING (cluster, outlet))"""

    def outlet_profile_rows(self) -> list[dict[str, Any]]:
        """``analysis.sources.profiles_of`` over :meth:`outlet_clusters_frame`, computed in DuckDB:
        per outlet (in name order) its clusters, the 6 actors and 5 types it reports most (``A (n)``,
        ties by name), its clusters' Goldstein scores (``goldsteins``: the caller averages them as pandas
        does, to the last bit) and its events, cluster by cluster in store order."""
        return self._arrow_rows(
            f"""WITH {self._outlet_clusters_sql()},
                named AS (SELECT outlet, source_id AS name FROM clusters WHERE source_id IS NOT NULL
                          UNION ALL
                          SELECT outlet, target_id FROM clusters WHERE target_id IS NOT NULL),
                actors AS (SELECT outlet, name, count(*) AS n FROM named GROUP BY ALL),
                types AS (SELECT outlet, type AS name, count(*) AS n FROM clusters
                          WHERE type IS NOT NULL GROUP BY ALL),
                top_actors AS (SELECT outlet, string_agg(name || ' (' || n || ')', ', ' ORDER BY n DESC, name)
                               AS actors FROM (SELECT *, row_number() OVER (
                                   PARTITION BY outlet ORDER BY n DESC, name) AS r FROM actors)
                               WHERE r <= 6 GROUP BY outlet),
                top_types AS (SELECT outlet, string_agg(name || ' (' || n || ')', ', ' ORDER BY n DESC, name)
                              AS types FROM (SELECT *, row_number() OVER (
                                  PARTITION BY outlet ORDER BY n DESC, name) AS r FROM types)
                              WHERE r <= 5 GROUP BY outlet),
                per AS (SELECT outlet, count(*) AS events, list(goldstein ORDER BY cluster_k) AS goldsteins
                        FROM clusters GROUP BY outlet),
                lists AS (SELECT outlet, list(event_id ORDER BY cluster_k, k) AS event_ids
                          FROM ids GROUP BY outlet)
            SELECT per.outlet, per.events, coalesce(a.actors, '') AS actors, coalesce(t.types, '') AS types,
                   per.goldsteins, lists.event_ids
            FROM per JOIN lists USING (outlet) LEFT JOIN top_actors a USING (outlet)
            LEFT JOIN top_types t USING (outlet)
            ORDER BY per.outlet"""
        )

    def outlet_slant_rows(self) -> list[dict[str, Any]]:
        """``analysis.sources.slant_of`` over :meth:`outlet_clusters_frame`, in DuckDB: per (outlet,
        target) in name order, the clusters, their Goldstein scores and their events."""
        return self._arrow_rows(
            f"""WITH {self._outlet_clusters_sql()},
                per AS (SELECT outlet, target_id, count(DISTINCT cluster) AS events,
                               list(goldstein ORDER BY cluster_k) AS goldsteins
                        FROM clusters WHERE target_id IS NOT NULL GROUP BY ALL),
                lists AS (SELECT outlet, target_id, list(event_id ORDER BY cluster_k, k) AS event_ids
                          FROM ids WHERE target_id IS NOT NULL GROUP BY ALL)
            SELECT per.outlet, per.target_id AS target, per.events, per.goldsteins, lists.event_ids
            FROM per JOIN lists USING (outlet, target_id) ORDER BY per.outlet, per.target_id"""
        )

    def conflict_days_frame(self, quads: Sequence[int]):  # type: ignore[no-untyped-def]
        """The distinct (source, target, first part of the date) of asserted events of ``quads``
        between two actors, as rows of ``ANALYSIS_COLUMNS`` with no event behind them (empty ids and
        type): all that ``analysis.roles.conflict_dyads`` reads of the conflicts, a few per cent of
        their rows on a large store."""
        return self.con.execute(
            """SELECT DISTINCT '' AS event_id, '' AS doc_id, '' AS doc_name, '' AS sentence,
                      upper(e.source_id) AS source_id, NULL AS source_name, upper(e.target_id) AS target_id,
                      NULL AS target_name, '' AS type, NULL AS mode, NULL AS cameo,
                      CAST(0 AS DOUBLE) AS goldstein, e.quad_class, false AS negated, false AS hypothetical,
                      split_part(e.date_value, '/', 1) AS date_value, NULL AS date_precision,
                      NULL AS cluster_id
               FROM events e
               WHERE list_contains(?, e.quad_class) AND e.source_id IS NOT NULL AND e.target_id IS NOT NULL
                 AND NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)
               ORDER BY ALL""",
            [[int(q) for q in quads]],
        ).df()

    def _arrow_rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts of Python values, converted by Arrow (lists of a million ids in C++)."""
        cur = self.con.cursor()  # a relation of its own (``con.sql`` hands Arrow over without a copy)
        try:
            return cur.sql(sql, params=params or None).to_arrow_table().to_pylist()  # type: ignore[no-any-return]
        finally:
            cur.close()

    def dyadic_clusters_frame(self, since: str | None = None, until: str | None = None):  # type: ignore[no-untyped-def]
        """One row per event cluster of asserted events between two different identified actors whose
        first day lies in [since, until]: the first event's ``source_id``/``target_id`` (upper-case),
        the cluster's mean ``goldstein`` and its ``event_ids``, clusters in the order of their first
        event (what ``analysis.network.actor_graph`` collapses in pandas), computed in DuckDB."""
        where, params = _dyadic_where(since, until)
        return self.con.execute(
            f"""WITH ev AS (
                    SELECT e.event_id, upper(e.source_id) AS source_id, upper(e.target_id) AS target_id,
                           e.goldstein, coalesce(e.cluster_id, e.event_id) AS cluster, {STORE_KEY} AS k
                    FROM events e WHERE {where})
                SELECT cluster, arg_min(source_id, k) AS source_id, arg_min(target_id, k) AS target_id,
                       avg(goldstein) AS goldstein, list(event_id ORDER BY k) AS event_ids
                FROM ev GROUP BY cluster ORDER BY min(k)""",
            params,
        ).df()

    def dyadic_edge_rows(self, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        """:meth:`dyadic_clusters_frame` summed per (source, target) in DuckDB: each pair in the order
        of its first cluster, with ``events`` (clusters), the clusters' ``goldsteins`` and their
        ``event_ids``, cluster by cluster in store order. What ``analysis.network.graph_of_edges`` takes."""
        where, params = _dyadic_where(since, until)
        return self._arrow_rows(
            f"""WITH ev AS MATERIALIZED (
                    SELECT e.event_id, upper(e.source_id) AS source_id, upper(e.target_id) AS target_id,
                           e.goldstein, coalesce(e.cluster_id, e.event_id) AS cluster, {STORE_KEY} AS k
                    FROM events e WHERE {where}),
                clusters AS MATERIALIZED (
                    SELECT cluster, min(k) AS cluster_k, arg_min(source_id, k) AS source_id,
                           arg_min(target_id, k) AS target_id, avg(goldstein) AS goldstein
                    FROM ev GROUP BY cluster),
                edges AS (
                    SELECT source_id, target_id, min(cluster_k) AS first_k, count(*) AS events,
                           list(goldstein ORDER BY cluster_k) AS goldsteins
                    FROM clusters GROUP BY ALL),
                ids AS (
                    SELECT c.source_id, c.target_id, list(ev.event_id ORDER BY c.cluster_k, ev.k) AS event_ids
                    FROM ev JOIN clusters c USING (cluster) GROUP BY ALL)
            SELECT edges.source_id, edges.target_id, edges.events, edges.goldsteins, ids.event_ids
            FROM edges JOIN ids USING (source_id, target_id) ORDER BY edges.first_k""",
            params,
        )

    def outlet_documents(self) -> dict[str, int]:
        """How many documents each outlet (or ``(name)`` for a document without one) has."""
        rows = self.con.execute(
            """SELECT CASE WHEN trim(coalesce(outlet, '')) <> '' THEN outlet ELSE '(' || name || ')' END,
                      count(*) FROM documents GROUP BY 1"""
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def outlet_overlap_rows(self, asserted_only: bool = True) -> list[dict[str, Any]]:
        """Pairs of outlets reporting the same event clusters: shared clusters, Jaccard overlap of their
        clusters, and the events of either outlet in a shared cluster (store order)."""
        modal = "AND NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)"
        return self._arrow_rows(
            f"""WITH ev AS (
                    SELECT e.event_id, {REPORT_KEY} AS key, {OUTLET} AS outlet, {STORE_KEY} AS k
                    FROM events e LEFT JOIN documents d USING (doc_id)
                    WHERE TRUE {modal if asserted_only else ""}),
                keys AS (SELECT DISTINCT outlet, key FROM ev),
                sizes AS (SELECT outlet, count(*) AS n FROM keys GROUP BY outlet),
                shared AS (
                    SELECT a.outlet AS outlet_a, b.outlet AS outlet_b, a.key
                    FROM keys a JOIN keys b ON a.key = b.key AND a.outlet < b.outlet),
                pairs AS (SELECT outlet_a, outlet_b, count(*) AS shared FROM shared GROUP BY ALL),
                ids AS (
                    SELECT s.outlet_a, s.outlet_b, list(ev.event_id ORDER BY ev.k) AS event_ids
                    FROM shared s JOIN ev ON ev.key = s.key AND ev.outlet IN (s.outlet_a, s.outlet_b)
                    GROUP BY ALL)
                SELECT p.outlet_a, p.outlet_b, p.shared,
                       round(p.shared / (sa.n + sb.n - p.shared), 3) AS jaccard, ids.event_ids
                FROM pairs p JOIN sizes sa ON sa.outlet = p.outlet_a
                JOIN sizes sb ON sb.outlet = p.outlet_b
                JOIN ids USING (outlet_a, outlet_b)
                ORDER BY p.shared DESC, p.outlet_a, p.outlet_b"""
        )


def _dyadic_where(since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) of asserted events between two different identified actors
    whose first day lies in [since, until]: what the dyadic cluster and edge queries read."""
    day = "split_part(coalesce(e.date_value, ''), '/', 1)"
    where = [
        "NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)",
        "e.source_id IS NOT NULL AND e.target_id IS NOT NULL",
        "upper(e.source_id) <> upper(e.target_id)",
    ]
    params: list[Any] = []
    if since:
        where.append(f"{day} <> '' AND {day} >= ?")
        params.append(since)
    if until:
        where.append(f"{day} <> '' AND left({day}, ?) <= ?")
        params += [len(until), until]
    return " AND ".join(where), params
