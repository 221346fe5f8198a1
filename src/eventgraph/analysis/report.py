"""The HTML report: one self-contained file (plotly's JS inlined, no network) with evidence everywhere.

Every chart point and table row carries the ids of the events behind it; a click opens the evidence
panel, which lists each event's sentence with its span highlighted, its outlet, date and document.
The events' evidence is embedded in the page as JSON.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from eventgraph.analysis.claim_outlets import coverage_table
from eventgraph.analysis.claims import claim_frame, contested_table, stance_table
from eventgraph.analysis.config import AnalysisError, Region, Settings, load_region, load_settings
from eventgraph.analysis.disagreements import Disagreement, Version, find_disagreements, name_variants
from eventgraph.analysis.evidence import embed, point_ids
from eventgraph.analysis.frames import QUAD_COLUMNS, add_periods, collapse_clusters, is_id, prepare_events
from eventgraph.analysis.network import actor_graph, network_weights
from eventgraph.analysis.questions import Findings, answer
from eventgraph.analysis.roles import mediation_share, mediations, support_relations
from eventgraph.analysis.series import dyad_events, series_of
from eventgraph.analysis.shifts import Shift, detect_shifts
from eventgraph.analysis.sources import outlet_overlap, outlet_profiles, outlet_slant, with_outlets

QUAD_COLOURS = {1: "#6baed6", 2: "#2171b5", 3: "#fd8d3c", 4: "#cb181d"}
GROUP_COLOURS = {"member": "#2ca25f", "outside power": "#8856a7", "other": "#969696"}


@dataclass(slots=True)
class ReportInputs:
    """What the report reads: the store's frames (events, documents, and optionally sentences, mentions)."""

    events: pd.DataFrame
    documents: pd.DataFrame
    sentences: pd.DataFrame | None = None
    mentions: pd.DataFrame | None = None
    profile: str = "south-caucasus"
    since: str | None = None
    until: str | None = None
    title: str = "eventgraph report"
    # The store's disagreements (its analysis tables), when they cover exactly these events.
    disagreements: list[Disagreement] | None = None
    claims: list[dict[str, Any]] | None = None  # the store's claim rows (docs/claims.md)


@dataclass(slots=True)
class ReportSummary:
    path: Path
    documents: int
    events: int
    charts: int
    shifts: list[str] = field(default_factory=list)
    mediations: int = 0
    disagreements: int = 0


# ----------------------------------------------------------------------------------------- entry


def load_inputs(store: Any, profile: str, since: str | None, until: str | None) -> ReportInputs:
    """The frames of a :class:`~eventgraph.store.Store`, restricted to ``since``/``until`` when given."""
    from eventgraph.analysis.tables import read_disagreements
    from eventgraph.store import EventFilter

    events = store.events_frame(EventFilter(since=since, until=until))
    documents = store.documents_frame()
    sentences = store.sentences_frame(events["doc_id"].unique().tolist()) if len(events) else None
    mentions_frame = getattr(store, "mentions_frame", None)
    mentions = mentions_frame() if callable(mentions_frame) else None
    stored = (
        read_disagreements(store) if since is None and until is None and store.analysis_is_current() else None
    )
    claim_rows = getattr(store, "claims", None)
    claims = claim_rows() if callable(claim_rows) else None
    return ReportInputs(
        events, documents, sentences, mentions, profile, since, until, disagreements=stored, claims=claims
    )


def write_report(inputs: ReportInputs, out: Path, settings: Settings | None = None) -> ReportSummary:
    """Build the report and write it to ``out``."""
    try:  # fail before the work, not after it
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            page, summary = build_report(inputs, settings)
            fh.write(page)
    except OSError as exc:
        raise AnalysisError(f"{out}: cannot write the report ({exc.strerror})") from None
    summary.path = out
    return summary


def build_report(inputs: ReportInputs, settings: Settings | None = None) -> tuple[str, ReportSummary]:
    """The report page and a summary of what it contains."""
    settings = settings or load_settings()
    region = load_region(inputs.profile)
    if inputs.events.empty:
        raise AnalysisError("no events to report on: ingest articles first (or widen --since/--until)")
    asserted = prepare_events(inputs.events)
    charts, shifts = _dyad_section(asserted, settings)
    mediation_table = mediations(inputs.events, settings.report.role_period, inputs.profile)
    found = (
        list(inputs.disagreements)
        if inputs.disagreements is not None
        else find_disagreements(inputs.events, inputs.documents, inputs.sentences)
    )
    if inputs.mentions is not None:
        found += name_variants(inputs.events.iloc[0:0], inputs.documents, inputs.mentions)
    findings = Findings(
        asserted,
        network_weights(inputs.events, settings.report.role_period, inputs.profile),
        mediation_table,
        support_relations(inputs.events, inputs.profile),
        found,
    )
    sections = [
        ("questions", "Questions", _questions_html(findings, settings)),
        ("overview", "Overview", _overview(inputs, asserted, region)),
        ("dyads", "Dyads", charts),
        ("shifts", "Shifts", _shifts_html(shifts)),
        ("roles", "Mediators, supporters, arms", _roles_html(inputs, mediation_table, settings)),
        ("network", "Actor network", _network_html(findings.weights, asserted, region, settings)),
        ("sources", "Sources", _sources_html(inputs)),
        ("disagreements", "Disagreements", _disagreements_html(found)),
    ]
    if inputs.claims:
        sections.append(("claims", "Claims", _claims_html(inputs)))
    page = _page(inputs, sections, evidence_data(inputs), settings.report.max_megabytes)
    summary = ReportSummary(
        path=Path(),
        documents=int(inputs.events["doc_id"].nunique()),
        events=len(inputs.events),
        charts=charts.count('class="plotly-graph-div'),
        shifts=[f"{s.statement} ({s.support})" for s in shifts],
        mediations=len(mediation_table),
        disagreements=len(found),
    )
    return page, summary


# -------------------------------------------------------------------------------------- evidence


def evidence_data(inputs: ReportInputs) -> dict[str, dict[str, Any]]:
    """event id → what the evidence panel shows: sentence, span within it, actors, date, outlet, doc."""
    starts = _sentence_starts(inputs.sentences)
    frame = with_outlets(inputs.events, inputs.documents)
    data = {}
    for row in frame.to_dict("records"):
        sentence = row["sentence"] or ""
        start, end = _span_in_sentence(row, sentence, starts)
        data[row["event_id"]] = {
            "sentence": sentence,
            "start": start,
            "end": end,
            "source": _actor_label(row, "source"),
            "target": _actor_label(row, "target"),
            "type": row["type"],
            "goldstein": _plain(row["goldstein"]),
            "date": _plain(row.get("date_value")) or "undated",
            "outlet": row["outlet"],
            "doc": row["doc_name"],
            "flags": _flags(row),
        }
    return data


def _flags(row: dict[str, Any]) -> str:
    """ "negated", "hypothetical (intent)": why an event is not counted as fact."""
    flags = [f for f in ("negated", "hypothetical") if _plain(row.get(f))]
    modality = _plain(row.get("modality"))
    return ", ".join(f"{f} ({modality})" if f == "hypothetical" and modality else f for f in flags)


def _plain(value: Any) -> Any:
    """None for pandas' missing values (NaN, NaT, NA), so the page's JSON stays valid."""
    return None if value is None or (not isinstance(value, str | list) and pd.isna(value)) else value


def _sentence_starts(sentences: pd.DataFrame | None) -> dict[tuple[str, int], int]:
    if sentences is None or sentences.empty or "start_char" not in sentences.columns:
        return {}
    keys = zip(sentences["doc_id"], sentences["sentence_index"].astype(int), strict=True)
    return dict(zip(keys, sentences["start_char"].astype(int), strict=True))


def _span_in_sentence(
    row: dict[str, Any], sentence: str, starts: dict[tuple[str, int], int]
) -> tuple[int, int]:
    """The event's span as offsets into its sentence (the whole sentence when it cannot be placed)."""
    base = starts.get((row["doc_id"], int(row["sentence_index"])))
    if base is not None:
        start, end = int(row["span_start"]) - base, int(row["span_end"]) - base
        if 0 <= start < end <= len(sentence):
            return start, end
    evidence = row.get("evidence")
    if isinstance(evidence, str) and evidence and evidence in sentence:
        start = sentence.index(evidence)
        return start, start + len(evidence)
    return 0, len(sentence)


def _actor_label(row: dict[str, Any], prefix: str) -> str:
    actor_id, name = row.get(f"{prefix}_id"), row.get(f"{prefix}_name")
    if is_id(actor_id):
        return str(actor_id)
    return f"? {name}" if isinstance(name, str) and name else "—"


# ---------------------------------------------------------------------------------------- sections


def _questions_html(findings: Findings, settings: Settings) -> str:
    """The claims of ``report.questions``, each answered in a few lines that open their evidence."""
    if not settings.report.questions:
        return "<p>No questions configured (report.questions in data/analysis/settings.yaml).</p>"
    blocks = []
    for question in settings.report.questions:
        reply = answer(question, findings, settings)
        lines = "".join(f"<li>{_clickable(line.text, line.event_ids)}</li>" for line in reply.lines)
        blocks.append(f"<div class='question'><h3>{html.escape(reply.question)}</h3><ul>{lines}</ul></div>")
    return "".join(blocks)


def _overview(inputs: ReportInputs, asserted: pd.DataFrame, region: Region) -> str:
    everything = prepare_events(inputs.events, asserted_only=False)
    modal = len(everything) - len(asserted)
    undated = asserted[asserted["day"].isna()]
    outlets = with_outlets(inputs.events, inputs.documents)["outlet"].nunique()
    window = f"{inputs.since or 'the first event'} to {inputs.until or 'the last event'}"
    facts = [
        ("documents with events", inputs.events["doc_id"].nunique()),
        ("outlets", outlets),
        ("events (asserted)", len(asserted)),
        ("negated or hypothetical, not counted", modal),
        ("undated, left out of the time series", _clickable(str(len(undated)), undated["event_id"])),
        ("region members", ", ".join(sorted(region.members))),
        ("outside powers", ", ".join(sorted(region.outside_powers))),
        ("period covered", window),
    ]
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{_cell(v)}</td></tr>" for k, v in facts)
    by_type = collapse_clusters(asserted).groupby("type", sort=True)
    type_rows = pd.DataFrame(
        {
            "type": list(by_type.groups),
            "events": [len(g) for _, g in by_type],
            "event_ids": [[i for ids in g["event_ids"] for i in ids] for _, g in by_type],
        }
    ).sort_values("events", ascending=False)
    dyads = _top_dyads(asserted, 12)
    return (
        f"<table class='facts'>{rows}</table>"
        f"<div class='pair'><div><h3>Events by PLOVER type</h3>{table_html(type_rows)}</div>"
        f"<div><h3>Busiest directed dyads</h3>{table_html(dyads)}</div></div>"
    )


def _top_dyads(asserted: pd.DataFrame, limit: int) -> pd.DataFrame:
    both = asserted[asserted["source_id"].notna() & asserted["target_id"].notna()]
    clusters = collapse_clusters(both)
    if clusters.empty:
        return pd.DataFrame(columns=["dyad", "events", "goldstein_mean", "event_ids"])
    grouped = clusters.groupby(["source_id", "target_id"], sort=True).agg(
        events=("cluster", "nunique"),
        goldstein_mean=("goldstein", "mean"),
        event_ids=("event_ids", lambda s: [i for x in s for i in x]),
    )
    grouped = grouped.reset_index()
    grouped["dyad"] = grouped["source_id"] + "→" + grouped["target_id"]
    grouped["goldstein_mean"] = grouped["goldstein_mean"].round(2)
    grouped = grouped.sort_values(["events", "dyad"], ascending=[False, True]).head(limit)
    return grouped[["dyad", "events", "goldstein_mean", "event_ids"]]


def chart_dyads(asserted: pd.DataFrame, settings: Settings) -> list[tuple[str, str]]:
    """The configured dyads that have events, then the busiest others, up to ``top_dyads`` more."""
    busy = _top_dyads(asserted, 1000)
    present = {tuple(d.split("→")) for d in busy["dyad"]}
    chosen = [d for d in settings.report.dyads if d in present]
    for dyad in busy["dyad"]:
        pair = tuple(dyad.split("→"))
        if len(chosen) >= len(settings.report.dyads) + settings.report.top_dyads:
            break
        if pair not in chosen:
            chosen.append(pair)  # type: ignore[arg-type]
    return chosen


def _dyad_section(asserted: pd.DataFrame, settings: Settings) -> tuple[str, list[Shift]]:
    period = settings.report.period
    blocks, shifts = [], []
    for a, b in chart_dyads(asserted, settings):
        series = series_of(asserted, a, b, period)
        pair = dyad_events(asserted, a, b)
        if pair.empty:
            continue
        label = f"{a}→{b}"
        found: list[Shift] = []
        if not series.empty and series["events"].sum() >= settings.report.shift_min_events:
            found = detect_shifts(series, label, settings.shifts)
        shifts.extend(found)
        blocks.append(f"<div class='chart'>{dyad_chart(label, series, pair, period, found)}</div>")
    if not blocks:
        return "<p>No events between resolved actors.</p>", shifts
    intro = (
        f"<p>Event clusters per {period}: cooperation above the axis, conflict below (by quad class); "
        "the line is the Goldstein sum; undated events stand apart at the end. "
        "Click a bar or a point for its evidence.</p>"
    )
    return intro + "<div class='charts'>" + "".join(blocks) + "</div>", shifts


def dyad_chart(
    label: str, series: pd.DataFrame, pair: pd.DataFrame, period: str, shifts: list[Shift] | None = None
) -> str:
    """A plotly chart of one dyad: bars per quad class, Goldstein sum line; points carry event ids.

    Undated events get a bar group of their own, "undated", after the periods: they are evidence of
    the dyad, though they cannot be placed in its series.
    """
    fig = go.Figure()
    periods = series["period"].tolist() if not series.empty else []
    undated = collapse_clusters(pair[pair["day"].isna()])
    x = periods + (["undated"] if len(undated) else [])
    by_point = _ids_by_point(collapse_clusters(add_periods(pair, period)))
    for quad, name in QUAD_COLUMNS.items():
        sign = 1 if quad <= 2 else -1
        in_quad = undated[undated["quad_class"] == quad] if len(undated) else undated
        counts = [int(v) for v in series[name]] if periods else []
        ids = [by_point.get((p, quad), []) for p in periods]
        if len(undated):
            counts.append(len(in_quad))
            ids.append([i for row in in_quad["event_ids"] for i in row])
        fig.add_bar(
            x=x,
            y=[sign * c for c in counts],
            name=name.replace("_", " "),
            marker_color=QUAD_COLOURS[quad],
            customdata=ids,
            hovertemplate="%{x}: %{y} " + name.replace("_", " ") + "<extra></extra>",
        )
    if periods:
        fig.add_scatter(
            x=periods,
            y=series["goldstein_sum"].round(2).tolist(),
            name="Goldstein sum",
            mode="lines+markers",
            line={"color": "#222"},
            customdata=series["event_ids"].tolist(),
            hovertemplate="%{x}: Goldstein %{y}<extra></extra>",
            yaxis="y2",
        )
    fig.update_layout(
        title=label,
        barmode="relative",
        height=320,
        margin={"l": 50, "r": 50, "t": 40, "b": 40},
        legend={"orientation": "h", "y": -0.3},
        xaxis={"type": "category", "categoryarray": x, "categoryorder": "array"},
        yaxis={"title": {"text": "event clusters"}, "range": _symmetric(counts_of(fig)), "zeroline": True},
        yaxis2={
            "title": {"text": "Goldstein sum"},
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "range": _symmetric(series["goldstein_sum"].tolist() if periods else [1.0]),
        },
    )
    for shift in shifts or []:
        # A supported shift is a dashed line; an under-supported one a faint dotted line marked "weak".
        colour, dash, text = ("#555", "dash", "shift") if shift.supported else ("#bbb", "dot", "weak shift")
        fig.add_shape(
            type="line", x0=shift.period, x1=shift.period, xref="x", yref="paper", y0=0, y1=1,
            line={"dash": dash, "color": colour, "width": 1},
        )  # fmt: skip
        fig.add_annotation(x=shift.period, y=1, yref="paper", text=text, showarrow=False, yanchor="bottom")
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})


def counts_of(fig: go.Figure) -> list[float]:
    """The heights the stacked bars reach, above and below zero, per category."""
    up: dict[str, float] = {}
    down: dict[str, float] = {}
    for trace in fig.data:
        if trace.type != "bar":
            continue
        for x, y in zip(trace.x, trace.y, strict=True):
            side = up if y >= 0 else down
            side[x] = side.get(x, 0) + y
    return [*up.values(), *down.values()] or [1.0]


def _symmetric(values: list[float]) -> list[float]:
    """An axis range symmetric around zero, so the bars' and the line's zero lines coincide."""
    top = max((abs(float(v)) for v in values if v == v), default=1.0) or 1.0
    return [-1.1 * top, 1.1 * top]


def _ids_by_point(clusters: pd.DataFrame) -> dict[tuple[str, int], list[str]]:
    """(period label, quad class) → the events behind that bar."""
    points: dict[tuple[str, int], list[str]] = {}
    for label, quad, ids in zip(
        clusters["period_label"], clusters["quad_class"], clusters["event_ids"], strict=True
    ):
        points.setdefault((label, int(quad)), []).extend(ids)
    return points


def _shifts_html(shifts: list[Shift]) -> str:
    if not shifts:
        return "<p>No shift detected in the charted dyads.</p>"
    items = "".join(
        f"<li class='{'supported' if s.supported else 'weak'}'>{html.escape(s.statement)} — "
        f"{_clickable(f'{len(s.events_before)} events before', s.events_before)}, "
        f"{_clickable(f'{len(s.events_after)} after', s.events_after)}"
        f"<br><small>{html.escape(s.support)}</small></li>"
        for s in sorted(shifts, key=lambda s: not s.supported)
    )
    note = (
        "<p>Supported shifts first. A shift is supported when each side has enough event clusters and "
        "the bootstrap interval of its change excludes zero; the others are marked under-supported "
        "(grey, a dotted line in the chart).</p>"
    )
    return f"{note}<ul class='shifts'>{items}</ul>"


def _roles_html(inputs: ReportInputs, mediation_table: pd.DataFrame, settings: Settings) -> str:
    period = settings.report.role_period
    shares = mediation_share(inputs.events, period, inputs.profile)
    shares = shares.assign(share=(shares["share"] * 100).round(1).astype(str) + " %")
    support = support_relations(inputs.events, inputs.profile)
    support = support.assign(goldstein_mean=support["goldstein_mean"].astype(float).round(2))
    return (
        f"<h3>Mediation (a third party consulting both sides of a conflict dyad, per {period})</h3>"
        f"{table_html(mediation_table)}"
        f"<h3>Share of mediation by outside power, per {period}</h3>{table_html(shares)}"
        f"<h3>Who supports and who arms whom</h3>{table_html(support)}"
    )


def _network_html(weights: pd.DataFrame, asserted: pd.DataFrame, region: Region, settings: Settings) -> str:
    """``weights``: :func:`network_weights` per ``role_period``, as the questions already computed them."""
    graph = regional_graph(actor_graph(asserted), region)
    if graph.number_of_nodes() == 0:
        return "<p>No events between the region's actors.</p>"
    period = settings.report.role_period
    return (
        f"<div class='chart'>{network_chart(graph, region, settings.layout_seed)}</div>"
        f"<div class='chart'>{strength_chart(weights, asserted, region, period)}</div>"
        f"<h3>Strength per {period} (event clusters an actor takes part in; degree in brackets)</h3>"
        f"{table_html(strength_table(weights, asserted))}"
    )


def regional_graph(graph: nx.DiGraph, region: Region) -> nx.DiGraph:
    """Only the edges that touch a member or an outside power: the region's system, not every pair."""
    keep = [(a, b) for a, b in graph.edges if region.group(a) != "other" or region.group(b) != "other"]
    return graph.edge_subgraph(keep).copy()


def strength_table(weights: pd.DataFrame, asserted: pd.DataFrame) -> pd.DataFrame:
    """Actors by period: "strength (degree)", busiest actors first; a row's evidence is the actor's events."""
    if weights.empty:
        return pd.DataFrame()
    cells = weights.assign(cell=weights["strength"].astype(str) + " (" + weights["degree"].astype(str) + ")")
    table = cells.pivot(index="actor", columns="period", values="cell").fillna("")
    order = weights.groupby("actor")["strength"].sum().sort_values(ascending=False).index
    table = table.loc[order].reset_index()
    table.insert(1, "group", table["actor"].map(dict(zip(weights["actor"], weights["group"], strict=False))))
    table["event_ids"] = [
        asserted[(asserted["source_id"] == a) | (asserted["target_id"] == a)]["event_id"].tolist()
        for a in table["actor"]
    ]
    return table


def network_chart(graph: nx.DiGraph, region: Region, seed: int) -> str:
    """The actor network: node size by strength, colour by group; a node's click shows its events."""
    positions = nx.spring_layout(graph.to_undirected(), seed=seed, weight="events")
    fig = go.Figure()
    for src, tgt, data in graph.edges(data=True):
        (x0, y0), (x1, y1) = positions[src], positions[tgt]
        colour = "#cb181d" if data["goldstein_sum"] < 0 else "#2171b5"
        fig.add_scatter(
            x=[x0, x1],
            y=[y0, y1],
            mode="lines",
            line={"width": min(1 + data["events"], 8), "color": colour},
            opacity=0.5,
            hoverinfo="skip",
            showlegend=False,
        )
    nodes = list(graph.nodes)
    strength = {n: sum(d["events"] for *_, d in graph.edges(n, data=True)) for n in nodes}
    strength = {n: strength[n] + sum(d["events"] for *_, d in graph.in_edges(n, data=True)) for n in nodes}
    ids = {
        n: [
            i
            for *_, d in [*graph.out_edges(n, data=True), *graph.in_edges(n, data=True)]
            for i in d["event_ids"]
        ]
        for n in nodes
    }
    fig.add_scatter(
        x=[positions[n][0] for n in nodes],
        y=[positions[n][1] for n in nodes],
        mode="markers+text",
        text=nodes,
        textposition="top center",
        marker={
            "size": [8 + 4 * strength[n] ** 0.5 for n in nodes],
            "color": [GROUP_COLOURS[region.group(n)] for n in nodes],
        },
        customdata=[ids[n] for n in nodes],
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(
        title="Who acts on whom (edges blue: net cooperation, red: net conflict; "
        "nodes green: members, purple: outside powers)",
        height=520,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})


def strength_chart(weights: pd.DataFrame, asserted: pd.DataFrame, region: Region, period: str) -> str:
    """Strength over time of the region's members and outside powers (points carry their events)."""
    fig = go.Figure()
    dated = add_periods(asserted, period)
    keep = weights[weights["group"] != "other"]
    for actor, group in keep.groupby("actor", sort=True):
        involved = dated[(dated["source_id"] == actor) | (dated["target_id"] == actor)]
        ids = [involved[involved["period_label"] == p]["event_id"].tolist() for p in group["period"]]
        fig.add_scatter(
            x=group["period"].tolist(),
            y=group["strength"].tolist(),
            name=f"{actor} ({region.group(actor)})",
            mode="lines+markers",
            customdata=ids,
            hovertemplate=f"{actor} %{{x}}: strength %{{y}}<extra></extra>",
        )
    fig.update_layout(
        title=f"Weight in the regional network (strength: event clusters per {period})",
        height=360,
        margin={"l": 40, "r": 10, "t": 40, "b": 40},
        xaxis={"type": "category", "categoryorder": "category ascending"},
    )
    return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})


def _sources_html(inputs: ReportInputs) -> str:
    profiles = outlet_profiles(inputs.events, inputs.documents)
    slant = slant_table(outlet_slant(inputs.events, inputs.documents))
    overlap = outlet_overlap(inputs.events, inputs.documents)
    return (
        f"<h3>What each outlet reports</h3>{table_html(profiles)}"
        "<h3>Slant: mean Goldstein of the events each outlet reports, by target (events in brackets)</h3>"
        f"{table_html(slant)}"
        f"<h3>Overlap between outlets</h3>{table_html(overlap)}"
    )


def slant_table(slant: pd.DataFrame, targets: int = 10) -> pd.DataFrame:
    """Outlets by target, for the most reported targets: "mean (events)"; a row's evidence is the outlet's."""
    if slant.empty:
        return slant
    top = slant.groupby("target")["events"].sum().sort_values(ascending=False).head(targets).index
    chosen = slant[slant["target"].isin(top)]
    cells = chosen.assign(
        cell=chosen["goldstein_mean"].map("{:+.1f}".format) + " (" + chosen["events"].astype(str) + ")"
    )
    table = cells.pivot(index="outlet", columns="target", values="cell").reindex(columns=list(top)).fillna("")
    table = table.reset_index()
    table["event_ids"] = [
        [i for ids in slant[slant["outlet"] == o]["event_ids"] for i in ids] for o in table["outlet"]
    ]
    return table


def _disagreements_html(found: list[Disagreement]) -> str:
    if not found:
        return "<p>No disagreement found between documents reporting the same happening.</p>"
    rows = []
    for item in found:
        versions = "".join(
            f"<li><q>{html.escape(v.value)}</q> — {html.escape(', '.join(v.outlets))}"
            f"{_documents_note(v)}</li>"
            for v in item.versions
        )
        ids = item.event_ids or [i for v in item.versions for i in v.event_ids]
        rows.append(
            f"<tr class='ev' data-events='{html.escape(' '.join(ids))}'>"
            f"<td>{html.escape(item.happening)}</td><td>{html.escape(item.detail)}</td>"
            f"<td><ul>{versions}</ul></td></tr>"
        )
    head = "<tr><th>happening</th><th>detail</th><th>versions and who tells them</th></tr>"
    return f"<table class='data'>{head}{''.join(rows)}</table>"


def _claims_html(inputs: ReportInputs) -> str:
    """Who says what about whom, contested claims beside their deniers, which outlets carry whom."""
    claims = claim_frame(inputs.claims or [])
    coverage = coverage_table(inputs.claims or [], inputs.documents, since=inputs.since, until=inputs.until)
    return (
        "<p>Speech acts: a speaker's claim about an actor, with the stance it takes (docs/claims.md). A row "
        "opens the events coded inside its claims.</p>"
        f"<h3>Who says what about whom (claims by stance)</h3>{table_html(stance_table(claims))}"
        f"<h3>Contested claims</h3>{table_html(contested_table(claims))}"
        "<h3>Which outlets carry a speaker's claims, and which leave them out</h3>"
        "<p>For the speakers with most claim clusters: the clusters each outlet carries, those it leaves "
        "out (another outlet carried them in a month it published), and its share. A row opens the events "
        "inside the claims it carries; <code>eventgraph claims outlets --speaker ID</code> lists them.</p>"
        f"{table_html(coverage)}"
    )


def _documents_note(version: Version) -> str:
    """The documents behind a version, unless the outlets already name them (no outlet metadata)."""
    named = [d for d in version.documents if f"({d})" not in version.outlets]
    return f" ({html.escape(', '.join(named))})" if named else ""


# ---------------------------------------------------------------------------------------- html


def table_html(frame: pd.DataFrame, limit: int = 200) -> str:
    """A table whose rows open the evidence of their ``event_ids`` (a column not shown itself)."""
    if frame.empty:
        return "<p class='empty'>None.</p>"
    columns = [c for c in frame.columns if c != "event_ids"]
    head = "".join(f"<th>{html.escape(str(c).replace('_', ' '))}</th>" for c in columns)
    rows = []
    for record in frame.head(limit).to_dict("records"):
        ids = record.get("event_ids") or []
        attrs = f" class='ev' data-events='{html.escape(' '.join(ids))}'" if ids else ""
        cells = "".join(f"<td>{_cell(record[c])}</td>" for c in columns)
        rows.append(f"<tr{attrs}>{cells}</tr>")
    more = f"<p class='empty'>{len(frame) - limit} more rows not shown.</p>" if len(frame) > limit else ""
    return f"<table class='data'><tr>{head}</tr>{''.join(rows)}</table>{more}"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if value == value else ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return value if isinstance(value, _Markup) else html.escape(str(value))


class _Markup(str):
    """HTML that :func:`_cell` must not escape."""


def _clickable(text: str, ids: Any) -> _Markup:
    ids = list(ids)
    if not ids:
        return _Markup(html.escape(text))
    return _Markup(
        f"<a href='#' class='ev' data-events='{html.escape(' '.join(ids))}'>{html.escape(text)}</a>"
    )


EVIDENCE_MARK = "<!--evidence-->"
NOTE_MARK = "<!--evidence note-->"


def _page(
    inputs: ReportInputs, sections: list[tuple[str, str, str]], evidence: dict[str, Any], budget_mb: float
) -> str:
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    nav = " · ".join(f"<a href='#{key}'>{html.escape(title)}</a>" for key, title, _ in sections)
    body = "".join(
        f"<section id='{key}'><h2>{html.escape(title)}</h2>{content}</section>"
        for key, title, content in sections
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,">
<title>{html.escape(inputs.title)}</title>
<style>{CSS}</style>
<script>{get_plotlyjs()}</script>
</head><body>
<header><h1>{html.escape(inputs.title)}</h1>
<p class="meta">profile {html.escape(inputs.profile)} · generated {generated} · click any bar, point or row
for the sentences behind it</p>{NOTE_MARK}<nav>{nav}</nav></header>
<main>{body}</main>
<aside id="evidence" hidden><button id="evidence-close" type="button">×</button>
<h2>Evidence</h2><div id="evidence-list"></div></aside>
{EVIDENCE_MARK}
<script>{JS}</script>
</body></html>"""
    # The evidence goes in last, in what room the size bound leaves (see analysis/evidence.py).
    room = int(budget_mb * 1_000_000) - len(page.encode("utf-8"))
    block, note = embed(evidence, point_ids(page), room)
    page = page.replace(NOTE_MARK, f"<p class='meta'>{html.escape(note)}</p>" if note else "", 1)
    return page.replace(EVIDENCE_MARK, block, 1)


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:12px 24px;background:#fff;border-bottom:1px solid #ddd;position:sticky;top:0;z-index:5}
header h1{margin:0;font-size:20px} .meta{margin:2px 0;color:#666} nav a{margin-right:4px}
main{padding:8px 24px;max-width:1200px} section{margin-bottom:28px}
table.data,table.facts{border-collapse:collapse;margin:6px 0;background:#fff}
table.data td,table.data th,table.facts td,table.facts th{border:1px solid #ddd;padding:3px 8px;
text-align:left;vertical-align:top}
tr.ev{cursor:pointer} tr.ev:hover{background:#eef5ff} .empty{color:#888}
.pair{display:flex;gap:24px;flex-wrap:wrap}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:12px}
.chart{background:#fff;border:1px solid #ddd}
aside#evidence{position:fixed;right:0;top:0;bottom:0;width:420px;overflow:auto;background:#fff;
border-left:2px solid #888;padding:12px 16px;box-shadow:-4px 0 12px rgba(0,0,0,.15);z-index:10}
#evidence-close{float:right;font-size:20px;border:0;background:none;cursor:pointer}
.evidence-item{border-bottom:1px solid #eee;padding:8px 0}
.evidence-item .who{font-weight:600} .evidence-item .src{color:#666;font-size:12px}
mark{background:#ffe066;padding:0 1px}
ul.shifts li.weak{color:#888}
"""

JS = """
(function () {
  // The evidence is plain JSON, or packed (gzip, base64; see eventgraph/analysis/evidence.py).
  let evidence = {};
  async function load() {
    const plain = document.getElementById('evidence-data');
    if (plain) { return JSON.parse(plain.textContent); }
    const packed = document.getElementById('evidence-gz');
    const bytes = Uint8Array.from(atob(packed.textContent.trim()), c => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    const data = JSON.parse(await new Response(stream).text());
    const out = {};
    for (const [id, e] of Object.entries(data.e)) {
      out[id] = { sentence: data.s[e[0]], start: e[1], end: e[2], source: e[3], target: e[4], type: e[5],
        goldstein: e[6], date: e[7], outlet: data.o[e[8]], doc: e[9], flags: e[10] };
    }
    return out;
  }
  const ready = load().then(found => { evidence = found; });
  const panel = document.getElementById('evidence');
  const list = document.getElementById('evidence-list');
  function item(id) {
    const ev = evidence[id];
    const div = document.createElement('div');
    div.className = 'evidence-item';
    div.dataset.eventId = id;
    if (!ev) {
      div.textContent = 'event ' + id + ' (not in this file: eventgraph show ' + id + ')';
      return div;
    }
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = ev.source + ' ' + ev.type + ' ' + ev.target + (ev.flags ? ' [' + ev.flags + ']' : '');
    const sentence = document.createElement('div');
    sentence.className = 'sentence';
    sentence.appendChild(document.createTextNode(ev.sentence.slice(0, ev.start)));
    const mark = document.createElement('mark');
    mark.textContent = ev.sentence.slice(ev.start, ev.end);
    sentence.appendChild(mark);
    sentence.appendChild(document.createTextNode(ev.sentence.slice(ev.end)));
    const src = document.createElement('div');
    src.className = 'src';
    src.textContent = ev.date + ' · ' + ev.outlet + ' · ' + ev.doc + ' · Goldstein ' + ev.goldstein;
    div.append(who, sentence, src);
    return div;
  }
  function show(ids) {
    ids = Array.from(new Set((ids || []).filter(Boolean)));
    ready.then(() => {
      list.replaceChildren();
      if (!ids.length) { list.textContent = 'No events behind this point.'; }
      ids.forEach(id => list.appendChild(item(id)));
      panel.hidden = false;
    });
  }
  window.eventgraphShowEvidence = show;
  document.getElementById('evidence-close').addEventListener('click', () => { panel.hidden = true; });
  document.querySelectorAll('.ev').forEach(el => el.addEventListener('click', e => {
    e.preventDefault();
    show(el.dataset.events.split(' '));
  }));
  function hook() {
    document.querySelectorAll('.plotly-graph-div').forEach(div => {
      if (div.dataset.evidenceHooked || typeof div.on !== 'function') { return; }
      div.dataset.evidenceHooked = '1';
      div.on('plotly_click', d => show(d.points.flatMap(p => p.customdata || [])));
    });
  }
  hook();
  window.addEventListener('load', hook);
})();
"""
