"""The dedup step of an ingest: sign new documents, group near-duplicates, cluster new events.

It works from what the store holds, not from the batch just written: every document without a
signature and every event without a cluster is handled, so an ingest killed between writing a batch
and deduplicating it is completed by the next run, and a store migrated from schema version 1 is
deduplicated in full by its first ingest (or by :func:`deduplicate`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eventgraph.dedup.clusters import plan_clusters
from eventgraph.dedup.groups import plan_groups
from eventgraph.dedup.minhash import NearDuplicateIndex, Signature, Signer
from eventgraph.dedup.settings import DedupSettings, load_settings
from eventgraph.store import Store


@dataclass(slots=True)
class DedupSummary:
    """What one :meth:`Deduplicator.update` did."""

    signed: int = 0
    too_short: int = 0
    duplicate_pairs: int = 0
    grouped: int = 0
    events_clustered: int = 0
    clusters_merged: int = 0


class Deduplicator:
    """Keeps one LSH index per ingest run: built from the stored signatures on first use, then extended."""

    def __init__(self, store: Store, settings: DedupSettings | None = None):
        self.store = store
        self.settings = settings or load_settings()
        self.signer = Signer(self.settings.documents)
        self._index: NearDuplicateIndex | None = None
        self._checked_scheme = False

    @property
    def index(self) -> NearDuplicateIndex:
        """Every stored signature, loaded on first use (an ingest adding only short texts never pays)."""
        if self._index is None:
            self._index = NearDuplicateIndex(self.signer)
            ids, values = self.store.signatures(self.settings.documents.scheme)
            for doc_id, hashvalues in zip(ids, values, strict=True):
                self._index.add(doc_id, hashvalues)
        return self._index

    def _drop_stale_signatures(self) -> None:
        if not self._checked_scheme and self.store.signature_schemes() - {self.settings.documents.scheme}:
            # Settings changed since the signatures were made: they cannot be compared, start over.
            self.store.reset_duplicates()
        self._checked_scheme = True

    def update(self) -> DedupSummary:
        """Group every unsigned document with its near-duplicates, then cluster every unclustered event."""
        self._drop_stale_signatures()
        scheme = self.settings.documents.scheme
        unsigned = self.store.unsigned_documents(scheme)
        signatures = [self.signer.sign(doc_id, text) for doc_id, text in unsigned]
        summary = DedupSummary(signed=len(signatures))
        pairs: list[tuple[str, str]] = []
        for signature in signatures:
            if signature.hashvalues is None:
                summary.too_short += 1
                continue
            pairs.extend((signature.doc_id, other) for other, _ in self.index.matches(signature.hashvalues))
            self.index.add(signature.doc_id, signature.hashvalues)
        summary.duplicate_pairs = len(pairs)
        groups = self._group_rows(pairs, [s.doc_id for s in signatures])
        summary.grouped = len(groups)
        self.store.write_duplicates([_signature_row(s, scheme) for s in signatures], groups)
        summary.events_clustered, summary.clusters_merged = self.cluster_events()
        return summary

    def _group_rows(self, pairs: list[tuple[str, str]], new_ids: list[str]) -> list[dict[str, object]]:
        if not pairs:
            return []
        touched = {doc_id for pair in pairs for doc_id in pair}
        grouped = self.store.duplicate_group_ids(touched)
        members = plan_groups(pairs, grouped, new_ids, self.index.signatures.get)
        return [{"doc_id": m.doc_id, "group_id": m.group_id, "similarity": m.similarity} for m in members]

    def cluster_events(self) -> tuple[int, int]:
        """Give every unclustered event a cluster; returns (events assigned, clusters merged away)."""
        fresh = self.store.unclustered_event_ids()
        if not fresh:
            return 0, 0
        candidates = self.store.cluster_candidates(sorted(self.settings.events.undirected_types))
        plan = plan_clusters(fresh, candidates, self.settings.events)
        self.store.assign_clusters(plan.assign, plan.relabel)
        return len(plan.assign), len(plan.relabel)


def deduplicate(store: Store, settings: DedupSettings | None = None, redo: bool = False) -> DedupSummary:
    """Bring a store's groups and clusters up to date; ``redo`` forgets them all first (after tuning)."""
    if redo:
        store.reset_duplicates()
    return Deduplicator(store, settings).update()


def _signature_row(signature: Signature, scheme: str) -> dict[str, object]:
    values = signature.hashvalues
    return {
        "doc_id": signature.doc_id,
        "scheme": scheme,
        "words": signature.words,
        "hashvalues": None if values is None else np.asarray(values, dtype=np.uint32).tolist(),
    }
