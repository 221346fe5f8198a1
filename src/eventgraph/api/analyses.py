"""Calls into ``eventgraph.analysis`` and turns its data frames into :class:`AnalysisResult` tables.

The API computes nothing itself: each function here picks the analysis functions an endpoint needs,
passes them the store's frames, and names the tables. A missing analysis function means that part of
eventgraph is not installed or not written yet: the endpoint answers 501 saying which one.

:class:`StoreAnalyses` is what the endpoints use: it reads only what an analysis needs (a dyad's
events, the consultations and conflicts, event clusters per outlet aggregated in DuckDB, the stored
disagreements) and keeps each answer until the store changes.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress
from dataclasses import asdict, fields, is_dataclass
from typing import Any

import numpy as np
import pandas as pd

from eventgraph.api.models import AnalysisResult, AnalysisTable
from eventgraph.api.queries import plain


class AnalysisUnavailable(Exception):
    """The analysis function an endpoint relies on cannot be imported."""


def analysis_function(module: str, name: str) -> Callable[..., Any]:
    try:
        found = getattr(importlib.import_module(f"eventgraph.analysis.{module}"), name)
    except (ImportError, AttributeError):
        raise AnalysisUnavailable(
            f"eventgraph.analysis.{module}.{name} is not available in this installation"
        ) from None
    return found  # type: ignore[no-any-return]


PLAIN_TYPES = (str, int, bool)  # cells that are JSON as they are (a float may be NaN)


def cell(value: Any) -> Any:
    if type(value) in PLAIN_TYPES:
        return value
    if isinstance(value, list | tuple | set):
        if all(type(v) is str for v in value):  # event ids: the long lists
            return list(value)
        return [cell(v) for v in value]
    if isinstance(value, dict):
        return {str(k): cell(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return cell(asdict(value))
    if isinstance(value, pd.Period):
        return str(value)
    if hasattr(value, "tolist") and not isinstance(value, str):
        return cell(value.tolist())
    return plain(value)


def table(name: str, data: Any) -> AnalysisTable:
    """A data frame, or a list of dataclasses or dicts, as a named table."""
    if isinstance(data, pd.DataFrame):
        columns = [str(c) for c in data.columns]
        # Column by column (a column of numbers or strings needs no call per cell), then row by row.
        values = [[cell(v) for v in data.iloc[:, i].tolist()] for i in range(data.shape[1])]
        rows = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
        return AnalysisTable(name=name, columns=columns, rows=rows)
    # A dataclass's fields as they are (``asdict`` deep-copies every list of event ids); ``cell`` converts.
    rows = [
        {f.name: getattr(item, f.name) for f in fields(item)} if is_dataclass(item) else dict(item)
        for item in data
    ]
    rows = [{k: cell(v) for k, v in row.items()} for row in rows]
    columns = list(rows[0]) if rows else []
    return AnalysisTable(name=name, columns=columns, rows=rows)


def outlet_table(rows: list[dict[str, Any]], documents: dict[str, int]) -> AnalysisTable:
    """The ``outlets`` table of :func:`eventgraph.analysis.sources.profiles_of` from
    ``Store.outlet_profile_rows``; each mean taken and rounded as ``profiles_of`` takes it."""
    columns = ["outlet", "documents", "events", "actors", "types", "goldstein_mean", "event_ids"]
    out = [
        {
            "outlet": r["outlet"],
            "documents": documents.get(r["outlet"], 0),
            "events": r["events"],
            "actors": r["actors"],
            "types": r["types"],
            "goldstein_mean": plain(round(float(pd.Series(r["goldsteins"], dtype=float).mean()), 2)),
            "event_ids": r["event_ids"],
        }
        for r in rows
    ]
    return AnalysisTable(name="outlets", columns=columns, rows=out)


def slant_table(rows: list[dict[str, Any]]) -> AnalysisTable:
    """The ``slant`` table of :func:`eventgraph.analysis.sources.slant_of` from ``Store.outlet_slant_rows``;
    the means by one pandas group-by, as ``slant_of`` takes them (same summation, same rounding)."""
    columns = ["outlet", "target", "events", "goldstein_mean", "event_ids"]
    sizes = [len(r["goldsteins"]) for r in rows]
    values = pd.Series([g for r in rows for g in r["goldsteins"]], dtype=float)
    means = values.groupby(np.repeat(np.arange(len(rows)), sizes)).mean().round(2)
    out = [
        {
            "outlet": r["outlet"],
            "target": r["target"],
            "events": r["events"],
            "goldstein_mean": plain(means.iloc[i]),
            "event_ids": r["event_ids"],
        }
        for i, r in enumerate(rows)
    ]
    return AnalysisTable(name="slant", columns=columns, rows=out)


def within(events: pd.DataFrame, since: str | None, until: str | None) -> pd.DataFrame:
    """Events whose first day lies in [since, until] (a month or year bound includes all of it)."""
    day = events["date_value"].fillna("").astype(str).str.split("/").str[0]
    keep = pd.Series(True, index=events.index)
    if since:
        keep &= (day != "") & (day >= since)
    if until:
        keep &= (day != "") & (day.str.slice(0, len(until)) <= until)
    return events[keep]


def dyad(events: pd.DataFrame, a: str, b: str, period: str, directed: bool) -> AnalysisResult:
    dyad_series = analysis_function("series", "dyad_series")
    undated_count = analysis_function("series", "undated_count")
    detect_shifts = analysis_function("shifts", "detect_shifts")
    series = dyad_series(events, a, b, period=period, directed=directed)
    label = f"{a}→{b}" if directed else f"{a}–{b}"
    shifts = detect_shifts(series, label)
    return AnalysisResult(
        analysis="dyad",
        parameters={"a": a, "b": b, "period": period, "directed": directed},
        tables=[table("series", series), table("shifts", shifts)],
        facts={"undated_events": int(undated_count(events, a, b, directed=directed))},
    )


def network(events: pd.DataFrame, since: str | None, until: str | None, profile: str) -> AnalysisResult:
    prepare_events = analysis_function("frames", "prepare_events")
    actor_graph = analysis_function("network", "actor_graph")
    return network_of(actor_graph(prepare_events(within(events, since, until))), since, until, profile)


def network_of(graph: Any, since: str | None, until: str | None, profile: str) -> AnalysisResult:
    """The network answer from the actor graph (:func:`eventgraph.analysis.network.actor_graph`)."""
    actor_weights = analysis_function("network", "actor_weights")
    load_region = analysis_function("config", "load_region")
    nodes = actor_weights(graph)
    if not nodes.empty:
        region = load_region(profile)
        nodes["group"] = nodes["actor"].map(region.group)
    edges = [
        {"source": s, "target": t, **{k: v for k, v in data.items()}} for s, t, data in graph.edges(data=True)
    ]
    edges.sort(key=lambda e: (-e.get("events", 0), e["source"], e["target"]))
    return AnalysisResult(
        analysis="network",
        parameters={"since": since, "until": until, "profile": profile},
        tables=[table("nodes", nodes), table("edges", edges)],
    )


def mediation(
    events: pd.DataFrame, period: str, profile: str, support: pd.DataFrame | None = None
) -> AnalysisResult:
    """Mediations and shares from ``events``; support relations from ``support`` (default: the same
    events)."""
    mediations = analysis_function("roles", "mediations")
    shares_of = analysis_function("roles", "shares_of")
    support_relations = analysis_function("roles", "support_relations")
    found = mediations(events, period=period, profile=profile)
    return AnalysisResult(
        analysis="mediation",
        parameters={"period": period, "profile": profile},
        tables=[
            table("mediations", found),
            table("shares", shares_of(found)),
            table("support", support_relations(events if support is None else support, profile=profile)),
        ],
    )


def sources(events: pd.DataFrame, documents: pd.DataFrame) -> AnalysisResult:
    outlet_profiles = analysis_function("sources", "outlet_profiles")
    outlet_slant = analysis_function("sources", "outlet_slant")
    outlet_overlap = analysis_function("sources", "outlet_overlap")
    return AnalysisResult(
        analysis="sources",
        parameters={},
        tables=[
            table("outlets", outlet_profiles(events, documents)),
            table("slant", outlet_slant(events, documents)),
            table("overlap", outlet_overlap(events, documents)),
        ],
    )


def disagreements(events: pd.DataFrame, documents: pd.DataFrame) -> AnalysisResult:
    find_disagreements = analysis_function("disagreements", "find_disagreements")
    disagreements_frame = analysis_function("disagreements", "disagreements_frame")
    found = find_disagreements(events, documents)
    return AnalysisResult(
        analysis="disagreements",
        parameters={},
        tables=[table("disagreements", disagreements_frame(found))],
        facts={"disagreements": len(found)},
    )


# ------------------------------------------------------------------------------ from the store


class StoreAnalyses:
    """The analysis endpoints' answers, from bounded store reads, cached per store version.

    ``gate`` opens the store (``gate.reader()``) and says when it changed (``gate.version()``); an
    answer is computed at most once per version and parameters (the last ``CACHE_SIZE`` are kept).
    """

    CACHE_SIZE = 64

    def __init__(self, gate: Any, profile: str = "south-caucasus"):
        self.gate = gate
        self.profile = profile
        self._lock = threading.Lock()
        self._pending: dict[tuple[Hashable, int], threading.Event] = {}
        # One analysis computed at a time: the server's peak memory is that of the largest one, not
        # of all of them at once (after a batch the warmer and the first requests would run several).
        self._computing = threading.Lock()
        self._cache: OrderedDict[Hashable, tuple[Any, AnalysisResult]] = OrderedDict()
        for module in ("series", "shifts", "network", "roles", "sources", "tables"):
            # Imported at start-up (pandas, networkx, ruptures, rapidfuzz), not in the first request.
            with suppress(ImportError):
                importlib.import_module(f"eventgraph.analysis.{module}")

    def _cached(self, key: Hashable, compute: Callable[[Any], AnalysisResult]) -> AnalysisResult:
        """The answer of ``key`` for the store's version; requests for an answer being computed wait
        for it (the warmer's or another request's) instead of computing it again."""
        version = self.gate.version()
        while True:
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None and hit[0] == version:
                    self._cache.move_to_end(key)
                    return hit[1]
                pending = self._pending.get((key, version))
                mine = pending is None
                if mine:
                    pending = self._pending[(key, version)] = threading.Event()
            if mine:
                break
            pending.wait()  # then the answer is there, or its computation failed and this one tries
        try:
            with self._computing, self.gate.reader() as store:
                result = compute(store)
            with self._lock:
                self._cache[key] = (version, result)
                self._cache.move_to_end(key)
                while len(self._cache) > self.CACHE_SIZE:
                    self._cache.popitem(last=False)
        finally:
            with self._lock:
                del self._pending[(key, version)]
            pending.set()
        return result

    def warm(self, profile: str, is_current: Callable[[], bool]) -> int:
        """Compute what the dashboard asks for first (the busiest pair by month, the whole network,
        mediation by quarter, sources, the disagreements) while ``is_current()``; how many."""
        done = 0
        steps: list[Callable[[], Any]] = [  # the first view (the timeline) first, then by tab
            self._warm_busiest_dyad,
            lambda: self.network(None, None, profile),
            lambda: self.mediation("quarter", profile),
            self.sources,
            self.disagreements,
        ]
        for step in steps:
            if not is_current():
                break
            step()
            done += 1
        return done

    def _warm_busiest_dyad(self) -> None:
        from eventgraph.store import listing

        with self.gate.reader() as store:
            _, rows = listing.dyad_page(store, 1, 0)
        if rows:
            self.dyad(rows[0]["source_id"], rows[0]["target_id"], "month", False)

    def dyad(self, a: str, b: str, period: str, directed: bool) -> AnalysisResult:
        """Only the pair's events are read (by actor columns); the series and shifts follow from them."""
        return self._cached(
            ("dyad", a, b, period, directed),
            lambda store: dyad(store.dyad_events_frame(a, b, directed), a, b, period, directed),
        )

    def network(self, since: str | None, until: str | None, profile: str) -> AnalysisResult:
        """Event clusters between two different identified actors, collapsed and summed per pair in DuckDB."""
        graph_of_edges = analysis_function("network", "graph_of_edges")
        return self._cached(
            ("network", since, until, profile),
            lambda store: network_of(
                graph_of_edges(store.dyadic_edge_rows(since, until)), since, until, profile
            ),
        )

    def mediation(self, period: str, profile: str) -> AnalysisResult:
        """Only consultations, the days of conflicts and support or arms events are read."""
        settings = analysis_function("config", "load_settings")()

        def compute(store: Any) -> AnalysisResult:
            consultations = store.events_where_frame(
                types=settings.mediation.consult_types, modes=settings.mediation.mediate_modes
            )
            # Of the conflicts, mediation reads only which pairs were in conflict when: their distinct
            # (pair, day) rows, a few per cent of the conflict events of a large store.
            conflicts = store.conflict_days_frame(settings.mediation.conflict_quads)
            support = store.events_where_frame(
                types=settings.support.support_types, cameo_prefixes=settings.support.arms_cameo
            )
            together = pd.concat([consultations, conflicts], ignore_index=True)
            return mediation(together, period, profile, support=support)

        return self._cached(("mediation", period, profile), compute)

    def sources(self) -> AnalysisResult:
        """Outlet profiles and slant computed in DuckDB to one row per outlet (per outlet and target),
        the outlets' overlap in SQL too: nothing per event or cluster reaches Python but the ids."""

        def compute(store: Any) -> AnalysisResult:
            return AnalysisResult(
                analysis="sources",
                parameters={},
                tables=[
                    outlet_table(store.outlet_profile_rows(), store.outlet_documents()),
                    slant_table(store.outlet_slant_rows()),
                    table(
                        "overlap",
                        pd.DataFrame(
                            store.outlet_overlap_rows(),
                            columns=["outlet_a", "outlet_b", "shared", "jaccard", "event_ids"],
                        ),
                    ),
                ],
            )

        return self._cached(("sources",), compute)

    def disagreements(self, limit: int | None = None, offset: int = 0) -> AnalysisResult:
        """Read from the store's analysis tables when they are up to date; computed (once per version)
        from the events otherwise, e.g. on a store no ingest has updated since the tables came."""

        def compute(store: Any) -> AnalysisResult:
            disagreements_frame = analysis_function("disagreements", "disagreements_frame")
            if store.analysis_is_current():
                found = analysis_function("tables", "read_disagreements")(store)
            else:
                find_disagreements = analysis_function("disagreements", "find_disagreements")
                events = store.events_frame()
                found = find_disagreements(
                    events, store.documents_frame(), store.sentences_frame(events["doc_id"].unique().tolist())
                )
            return AnalysisResult(
                analysis="disagreements",
                parameters={},
                tables=[table("disagreements", disagreements_frame(found))],
                facts={"disagreements": len(found)},
            )

        result = self._cached(("disagreements",), compute)
        if limit is None and not offset:
            return result
        rows = result.tables[0].rows
        end = None if limit is None else offset + limit
        page = result.tables[0].model_copy(update={"rows": rows[offset:end]})
        return result.model_copy(update={"tables": [page], "parameters": {"limit": limit, "offset": offset}})


class Warmer:
    """After each batch (and once the server holds its store), computes the answers of the dashboard's
    first view in a background thread, so the analyst's first call after a batch finds them (or waits
    for the computation already running) instead of starting it. A batch arriving meanwhile makes it
    stop and start over after ``delay`` seconds of quiet: during a long ingest it costs little."""

    def __init__(self, analyses: StoreAnalyses, gate: Any, profile: str, delay: float = 1.0):
        self.analyses = analyses
        self.gate = gate
        self.profile = profile
        self.delay = delay
        self.rounds = 0  # finished warm-ups, for tests and the status
        self._wake = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="analysis warmer", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._wake.set()

    def soon(self) -> None:
        """Called by the writer after a batch."""
        self._wake.set()

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._stopped:
                return
            self._wake.clear()
            if self._quiet_wait() or not self.gate.owns_file:
                continue  # stopping, or no store yet: the opener or the next batch wakes it again
            version = self.gate.version()
            try:
                done = self.analyses.warm(self.profile, lambda v=version: self.gate.version() == v)
            except Exception:  # a failing analysis fails its request, not the server
                continue
            if done and self.gate.version() == version:
                self.rounds += 1

    def _quiet_wait(self) -> bool:
        """Wait until no batch came for ``delay`` s; True when stopping."""
        while not self._stopped and self._wake.wait(self.delay):
            self._wake.clear()
        return self._stopped
