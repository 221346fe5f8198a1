"""The actor network: who acts on whom, and each actor's weight in it over time (networkx).

*Degree* is the number of distinct partners an actor has events with (either direction); *strength*
is the number of event clusters it takes part in (the weighted degree).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from eventgraph.analysis.config import load_region
from eventgraph.analysis.frames import add_periods, collapse_clusters, label_of, prepare_events

WEIGHT_COLUMNS = ("period", "actor", "group", "degree", "strength", "out_events", "in_events")


def actor_graph(frame: pd.DataFrame) -> nx.DiGraph:
    """A directed graph of prepared events: an edge per (source, target) with ``events`` (clusters),
    ``goldstein_sum`` and ``event_ids``; self-loops and unresolved actors are left out."""
    keep = (
        frame["source_id"].notna() & frame["target_id"].notna() & (frame["source_id"] != frame["target_id"])
    )
    return graph_of_clusters(collapse_clusters(frame[keep]))


def graph_of_clusters(clusters: pd.DataFrame) -> nx.DiGraph:
    """:func:`actor_graph` from event clusters already collapsed (``source_id``, ``target_id``,
    ``goldstein``, ``event_ids``; e.g. ``Store.dyadic_clusters_frame``), in the order of their first event."""
    graph = nx.DiGraph()
    for row in clusters.to_dict("records"):
        src, tgt = row["source_id"], row["target_id"]
        if not graph.has_edge(src, tgt):
            graph.add_edge(src, tgt, events=0, goldstein_sum=0.0, event_ids=[])
        edge = graph[src][tgt]
        edge["events"] += 1
        goldstein = row["goldstein"]
        edge["goldstein_sum"] += float("nan") if goldstein is None else float(goldstein)
        edge["event_ids"].extend(row["event_ids"])
    return graph


def graph_of_edges(edges: list[dict]) -> nx.DiGraph:
    """:func:`graph_of_clusters` from its edges already summed (``source_id``, ``target_id``, ``events``,
    the clusters' ``goldsteins`` and ``event_ids`` in cluster order; edges in the order of their first
    cluster, e.g. ``Store.dyadic_edge_rows``): the same graph, nodes and sums in the same order."""
    graph = nx.DiGraph()
    for edge in edges:
        total = 0.0
        for goldstein in edge["goldsteins"]:
            total += float("nan") if goldstein is None else float(goldstein)
        graph.add_edge(
            edge["source_id"],
            edge["target_id"],
            events=int(edge["events"]),
            goldstein_sum=total,
            event_ids=list(edge["event_ids"]),
        )
    return graph


def actor_weights(graph: nx.DiGraph) -> pd.DataFrame:
    """Degree, strength, out- and in-events of every actor in ``graph``."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    for src, tgt, data in graph.edges(data=True):
        weight = undirected[src][tgt]["events"] if undirected.has_edge(src, tgt) else 0
        undirected.add_edge(src, tgt, events=weight + data["events"])
    rows = [
        {
            "actor": actor,
            "degree": int(undirected.degree(actor)),
            "strength": int(undirected.degree(actor, weight="events")),
            "out_events": int(graph.out_degree(actor, weight="events")),
            "in_events": int(graph.in_degree(actor, weight="events")),
        }
        for actor in graph.nodes
    ]
    return pd.DataFrame(rows, columns=["actor", "degree", "strength", "out_events", "in_events"])


def network_weights(
    events: pd.DataFrame, period: str = "quarter", profile: str = "south-caucasus", asserted_only: bool = True
) -> pd.DataFrame:
    """Each actor's degree and strength per period, with its group (member / outside power / other)."""
    region = load_region(profile)
    dated = add_periods(prepare_events(events, asserted_only), period)
    parts = []
    for p, group in dated.groupby("period", sort=True):
        weights = actor_weights(actor_graph(group))
        weights.insert(0, "period", label_of(p, period))
        parts.append(weights)
    if not parts:
        return pd.DataFrame(columns=list(WEIGHT_COLUMNS))
    table = pd.concat(parts, ignore_index=True)
    table["group"] = table["actor"].map(region.group)
    table = table.sort_values(["period", "strength", "actor"], ascending=[True, False, True])
    return table[list(WEIGHT_COLUMNS)].reset_index(drop=True)
