"""Claim clusters: the same claim carried by several documents (or twice in one) — the same speaker and
a near-duplicate proposition — get one ``cluster_id``.

Built from the dedup pieces: word shingles (:func:`eventgraph.dedup.minhash.shingle_hashes`) compared by
Jaccard similarity, components by union-find (:class:`eventgraph.dedup.disjoint.DisjointSets`). Claims are
blocked on their speaker, so only one speaker's claims are ever compared; after each ingest batch only the
speakers with new claims are looked at.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventgraph.claims.rules import ClaimRules, load_claim_rules
from eventgraph.dedup.disjoint import DisjointSets
from eventgraph.dedup.minhash import shingle_hashes, words_of


def proposition_clusters(
    claims: Sequence[tuple[str, str, str | None]], rules: ClaimRules | None = None
) -> dict[str, str]:
    """``claim_id -> cluster_id`` for one speaker's ``(claim_id, proposition, cluster_id)``: claims whose
    propositions share at least ``cluster_threshold`` of their shingles are one cluster, named by its
    first claim id (an existing cluster keeps its id)."""
    rules = rules or load_claim_rules()
    shingles = {
        claim_id: set(shingle_hashes(words_of(text), rules.cluster_shingle_words).tolist())
        for claim_id, text, _ in claims
    }
    sets = DisjointSets(claim_id for claim_id, _, _ in claims)
    ids = [claim_id for claim_id, _, _ in claims]
    for k, a in enumerate(ids):
        for b in ids[k + 1 :]:
            if _jaccard(shingles[a], shingles[b]) >= rules.cluster_threshold:
                sets.union(a, b)
    held = {claim_id: cluster for claim_id, _, cluster in claims if cluster}
    assign: dict[str, str] = {}
    for members in sets.components():
        existing = sorted(held[m] for m in members if m in held)
        cluster = existing[0] if existing else min(members)
        for member in members:
            assign[member] = cluster
    return assign


def _jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def update_claim_clusters(store) -> int:  # type: ignore[no-untyped-def]
    """Give every stored claim without a cluster one; returns the claims whose cluster changed."""
    changed: dict[str, str] = {}
    for speaker in store.unclustered_claim_speakers():
        claims = store.speaker_claims(speaker)
        held = {claim_id: cluster for claim_id, _, cluster in claims}
        for claim_id, cluster in proposition_clusters(claims).items():
            if held.get(claim_id) != cluster:
                changed[claim_id] = cluster
    store.assign_claim_clusters(changed)
    return len(changed)
