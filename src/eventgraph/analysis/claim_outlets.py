"""Which outlets carry a speaker's claims and which leave them out: slant through selection (issue 14).

A claim cluster (``cluster_id``: the same speaker, a near-duplicate proposition) is *carried* by every
outlet with a document holding one of its claims. An outlet *leaves it out* when it published documents
in a month in which another outlet carried the cluster, but none of its own documents holds it: an
outlet silent that month cannot be said to leave anything out. Months are those of the documents'
publication dates (when the outlet carried the claim, not when it was said); undated documents form a
period of their own. An outlet's *share* is the clusters it carries over those it could have carried
(carried + left out).

Pure functions on the store's claim rows (:meth:`eventgraph.store.Store.claims`) and its documents frame
(:meth:`~eventgraph.store.Store.documents_frame`); :func:`load_coverage` reads both for one speaker.
Every carriage keeps its evidence (document, sentence, span), so a user can open the words.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from eventgraph.analysis.config import AnalysisError

UNDATED = None  # the period of documents without a publication date


@dataclass(frozen=True, slots=True)
class Carriage:
    """One claim of a cluster in one document of an outlet: where its words are."""

    outlet: str
    claim_id: str
    doc_id: str
    doc_name: str
    published: str | None  # YYYY-MM-DD
    sentence_index: int
    span: tuple[int, int]
    proposition_span: tuple[int, int]
    event_ids: tuple[str, ...] = ()


@dataclass(slots=True)
class ClusterCoverage:
    """A speaker's claim carried by one or more outlets, and the outlets that left it out."""

    cluster_id: str
    verb: str
    proposition: str
    about: list[dict[str, Any]]  # [{id, stance}] over the cluster's claims, first stance kept
    first_published: str | None
    carried_by: list[Carriage] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    left_out_by: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OutletCoverage:
    """What one outlet did with a speaker's claims in the months it published."""

    outlet: str
    documents: int  # in the date range
    carried: list[str] = field(default_factory=list)  # cluster ids
    left_out: list[str] = field(default_factory=list)  # cluster ids
    event_ids: list[str] = field(default_factory=list)  # events inside the claims it carries

    @property
    def share(self) -> float | None:
        """Carried over carried + left out; None when the outlet could have carried none."""
        could = len(self.carried) + len(self.left_out)
        return len(self.carried) / could if could else None


@dataclass(slots=True)
class SpeakerCoverage:
    speaker: str
    speaker_name: str | None
    about: str | None
    since: str | None
    until: str | None
    outlets: list[OutletCoverage]
    clusters: list[ClusterCoverage]


# ------------------------------------------------------------------------------------------ pure


def speaker_coverage(
    claims: Sequence[dict[str, Any]],
    documents: pd.DataFrame,
    speaker: str,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_outlets: int = 1,
) -> SpeakerCoverage:
    """Outlet coverage of ``speaker``'s claim clusters (those with a claim about ``about``, when given)
    in the documents published within ``since`` … ``until`` (``YYYY[-MM[-DD]]``, inclusive); with
    ``min_outlets``, only the clusters at least that many outlets carry (the widely carried claims)."""
    docs = _documents_in_range(documents, since, until)
    own = [r for r in claims if r["speaker_id"] == speaker and r["doc_id"] in docs]
    if about is not None:
        wanted = {_cluster_of(r) for r in own if about in (r["about_ids"] or [])}
        own = [r for r in own if _cluster_of(r) in wanted]
    active = _outlet_months(docs)
    clusters = [c for c in _clusters(own, docs) if len(c.outlets) >= min_outlets]
    for cluster in clusters:
        months = {_month(c.published) for c in cluster.carried_by}
        cluster.left_out_by = sorted(
            o for o, ms in active.items() if o not in cluster.outlets and ms & months
        )
    name = next((r["speaker_name"] for r in own if r.get("speaker_name")), None)
    return SpeakerCoverage(speaker, name, about, since, until, _outlets(clusters, docs), clusters)


def _outlet_months(docs: dict[str, tuple[str, str | None]]) -> dict[str, set[str | None]]:
    """The months (``YYYY-MM``, None for undated) in which each outlet published."""
    active: dict[str, set[str | None]] = defaultdict(set)
    for outlet, published in docs.values():
        active[outlet].add(_month(published))
    return active


def _outlets(
    clusters: list[ClusterCoverage], docs: dict[str, tuple[str, str | None]]
) -> list[OutletCoverage]:
    """Every outlet with documents in the range: the clusters it carries and leaves out."""
    counts: dict[str, int] = defaultdict(int)
    for outlet, _ in docs.values():
        counts[outlet] += 1
    outlets = {o: OutletCoverage(o, n) for o, n in sorted(counts.items())}
    for cluster in clusters:
        for outlet in cluster.outlets:
            outlets[outlet].carried.append(cluster.cluster_id)
        for outlet in cluster.left_out_by:
            outlets[outlet].left_out.append(cluster.cluster_id)
        for carriage in cluster.carried_by:
            outlets[carriage.outlet].event_ids.extend(carriage.event_ids)
    return sorted(outlets.values(), key=_outlet_order)


def _outlet_order(outlet: OutletCoverage) -> tuple[int, bool, float, str]:
    """Most clusters carried first, then the higher share; outlets that could carry none last."""
    return (-len(outlet.carried), outlet.share is None, -(outlet.share or 0.0), outlet.outlet)


def _documents_in_range(
    documents: pd.DataFrame, since: str | None, until: str | None
) -> dict[str, tuple[str, str | None]]:
    """``doc_id -> (outlet, published YYYY-MM-DD or None)`` of the documents published in the range
    (undated ones only without a range). The outlet is the document's, else "(document name)", as in
    ``analysis.sources``."""
    days = pd.to_datetime(documents["published"]).dt.strftime("%Y-%m-%d")
    found: dict[str, tuple[str, str | None]] = {}
    columns = (documents["doc_id"], documents["name"], documents["outlet"], days)
    for doc_id, name, outlet, day in zip(*(c.tolist() for c in columns), strict=True):
        day = day if isinstance(day, str) else None  # NaT
        if not _in_range(day, since, until):
            continue
        label = outlet.strip() if isinstance(outlet, str) and outlet.strip() else f"({name})"
        found[doc_id] = (label, day)
    return found


def _in_range(day: str | None, since: str | None, until: str | None) -> bool:
    """Whether a publication day lies in ``since`` … ``until`` (a prefix such as 2023-05 includes the
    whole month); an undated document lies in no range, and in the view only when none is given."""
    if day is None:
        return not (since or until)
    return (not since or day >= since) and (not until or day[: len(until)] <= until)


def _month(day: str | None) -> str | None:
    return day[:7] if day else UNDATED


def _cluster_of(row: dict[str, Any]) -> str:
    return row["cluster_id"] or row["claim_id"]


def _clusters(
    rows: Iterable[dict[str, Any]], docs: dict[str, tuple[str, str | None]]
) -> list[ClusterCoverage]:
    """The claims grouped by cluster, each with its carriages, in order of first publication."""
    clusters: dict[str, ClusterCoverage] = {}
    ordered = sorted(rows, key=lambda r: (docs[r["doc_id"]][1] or "9999", r["doc_name"], r["span_start"]))
    for row in ordered:
        outlet, published = docs[row["doc_id"]]
        cluster = clusters.get(_cluster_of(row))
        if cluster is None:
            cluster = clusters[_cluster_of(row)] = ClusterCoverage(
                _cluster_of(row), row["verb"], row["proposition_text"], [], published
            )
        seen = {a["id"] for a in cluster.about}
        cluster.about += [
            {"id": a["id"], "stance": a["stance"]} for a in _about(row) if a.get("id") and a["id"] not in seen
        ]
        cluster.carried_by.append(
            Carriage(
                outlet=outlet,
                claim_id=row["claim_id"],
                doc_id=row["doc_id"],
                doc_name=row["doc_name"],
                published=published,
                sentence_index=row["sentence_index"],
                span=(row["span_start"], row["span_end"]),
                proposition_span=(row["proposition_start"], row["proposition_end"]),
                event_ids=tuple(row["event_ids"] or ()),
            )
        )
        if outlet not in cluster.outlets:
            cluster.outlets.append(outlet)
    for cluster in clusters.values():
        cluster.outlets.sort()
    return list(clusters.values())


def _about(row: dict[str, Any]) -> list[dict[str, Any]]:
    value = row["about"]
    return json.loads(value) if isinstance(value, str) else list(value or [])


# ------------------------------------------------------------------------------------ the store


def load_coverage(
    store: Any,
    speaker: str,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_outlets: int = 1,
) -> SpeakerCoverage:
    """:func:`speaker_coverage` of the store's claims; an unknown speaker or a store without claims is an
    :class:`AnalysisError` naming it."""
    from eventgraph.store.claims import ClaimFilter

    speaker = speaker.strip().upper()
    rows = store.claims(ClaimFilter(speaker=speaker))
    if not rows:
        raise AnalysisError(_no_claims_message(store, speaker))
    about = about.strip().upper() if about else None
    return speaker_coverage(rows, store.documents_frame(), speaker, about, since, until, min_outlets)


def _no_claims_message(store: Any, speaker: str) -> str:
    busiest = store.claim_speaker_counts(limit=8)
    if not busiest:
        return f"{store.path}: the store holds no claims; ingest articles first (`eventgraph ingest`)"
    names = ", ".join(f"{s} ({n})" for s, n in busiest)
    return (
        f"speaker {speaker!r}: no claims by this speaker in {store.path}; speakers with most claims: {names}"
    )


# ------------------------------------------------------------------------------------ the report


def coverage_table(
    claims: Sequence[dict[str, Any]],
    documents: pd.DataFrame,
    speakers: int = 5,
    since: str | None = None,
    until: str | None = None,
) -> pd.DataFrame:
    """For the ``speakers`` speakers with most claim clusters: one row per outlet that carries or could
    have carried their claims (carries, leaves out, share, the two it leaves out that most outlets carry);
    each row opens the events inside the claims the outlet carries."""
    columns = ["speaker", "outlet", "carries", "leaves out", "share", "e.g. left out", "event_ids"]
    clusters: dict[str, set[str]] = defaultdict(set)
    for row in claims:
        if row["speaker_id"]:
            clusters[row["speaker_id"]].add(_cluster_of(row))
    top = sorted(clusters, key=lambda s: (-len(clusters[s]), s))[:speakers]
    rows = []
    for speaker in top:
        coverage = speaker_coverage(claims, documents, speaker, since=since, until=until)
        found = {c.cluster_id: c for c in coverage.clusters}
        for outlet in coverage.outlets:
            if outlet.share is None:
                continue
            rows.append(
                {
                    "speaker": speaker,
                    "outlet": outlet.outlet,
                    "carries": len(outlet.carried),
                    "leaves out": len(outlet.left_out),
                    "share": outlet.share,
                    "e.g. left out": "; ".join(_left_out_example(found[c]) for c in _widest(outlet, found)),
                    "event_ids": list(dict.fromkeys(outlet.event_ids)),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def _widest(outlet: OutletCoverage, clusters: dict[str, ClusterCoverage], n: int = 2) -> list[str]:
    """The ``n`` clusters the outlet leaves out that most outlets carry (earliest first among equals)."""
    return sorted(outlet.left_out, key=lambda c: -len(clusters[c].outlets))[:n]


def _left_out_example(cluster: ClusterCoverage) -> str:
    carriers = len(cluster.outlets)
    return f"{_clip(cluster.proposition, 60)} ({carriers} outlet{'s' if carriers > 1 else ''})"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ------------------------------------------------------------------------------------ plain forms


def outlet_record(outlet: OutletCoverage, speaker: str) -> dict[str, Any]:
    """An outlet's coverage as plain JSON (the CLI's JSONL line, the API's item)."""
    return {
        "speaker": speaker,
        "outlet": outlet.outlet,
        "documents": outlet.documents,
        "carried": len(outlet.carried),
        "left_out": len(outlet.left_out),
        "share": None if outlet.share is None else round(outlet.share, 4),
        "carried_clusters": list(outlet.carried),
        "left_out_clusters": list(outlet.left_out),
    }


def cluster_record(cluster: ClusterCoverage, speaker: str) -> dict[str, Any]:
    """A cluster with the outlets carrying it, each carriage's evidence, and who left it out."""
    return {
        "speaker": speaker,
        "cluster_id": cluster.cluster_id,
        "verb": cluster.verb,
        "proposition": cluster.proposition,
        "about": cluster.about,
        "first_published": cluster.first_published,
        "outlets": list(cluster.outlets),
        "left_out_by": list(cluster.left_out_by),
        "carried_by": [
            {
                "outlet": c.outlet,
                "claim_id": c.claim_id,
                "doc_id": c.doc_id,
                "doc_name": c.doc_name,
                "published": c.published,
                "sentence_index": c.sentence_index,
                "span": list(c.span),
                "proposition_span": list(c.proposition_span),
                "event_ids": list(c.event_ids),
            }
            for c in cluster.carried_by
        ],
    }
