"""Claim clusters: the same claim carried by several documents (or twice in one) — the same speaker and
a near-duplicate proposition — get one ``cluster_id``.

Built from the dedup pieces: word shingles (:func:`eventgraph.dedup.minhash.shingle_hashes`) compared by
Jaccard similarity, components by union-find (:class:`eventgraph.dedup.disjoint.DisjointSets`). Claims are
blocked on their speaker, so only one speaker's claims are ever compared; after each ingest batch only the
speakers with new claims are looked at.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from eventgraph.claims.rules import ClaimRules, load_claim_rules
from eventgraph.dedup.disjoint import DisjointSets
from eventgraph.dedup.minhash import shingle_hashes, words_of


def proposition_clusters(
    claims: Sequence[tuple[str, str, str | None]],
    rules: ClaimRules | None = None,
    new: frozenset[str] | None = None,
) -> dict[str, str]:
    """``claim_id -> cluster_id`` for one speaker's ``(claim_id, proposition, cluster_id)``: claims whose
    propositions share at least ``cluster_threshold`` of their shingles are one cluster, named by its
    first claim id (an existing cluster keeps its id). With ``new``, only pairs holding a new claim are
    compared: the others were compared when they came in."""
    rules = rules or load_claim_rules()
    shingles = {claim_id: _shingles(text, rules) for claim_id, text, _ in claims}
    sets = DisjointSets(claim_id for claim_id, _, _ in claims)
    held = {claim_id: cluster for claim_id, _, cluster in claims if cluster}
    for cluster_members in _by_cluster(held).values():
        for other in cluster_members[1:]:
            sets.union(cluster_members[0], other)  # a cluster found before stays one
    for a, b in _similar_pairs(shingles, new, rules.cluster_threshold):
        sets.union(a, b)
    assign: dict[str, str] = {}
    for members in sets.components():
        existing = sorted(held[m] for m in members if m in held)
        cluster = existing[0] if existing else min(members)
        for member in members:
            assign[member] = cluster
    return assign


def _shingles(text: str, rules: ClaimRules) -> frozenset[int]:
    """The proposition's word shingles; none for one shorter than ``cluster_min_words``, which then
    matches no other."""
    return _shingles_of(text, rules.cluster_shingle_words, rules.cluster_min_words)


@lru_cache(maxsize=1 << 16)  # a stored claim is compared again with each later batch of its month
def _shingles_of(text: str, shingle_words: int, min_words: int) -> frozenset[int]:
    words = words_of(text)
    if len(words) < min_words:
        return frozenset()
    return frozenset(shingle_hashes(words, shingle_words).tolist())


def _by_cluster(held: dict[str, str]) -> dict[str, list[str]]:
    clusters: dict[str, list[str]] = {}
    for claim_id, cluster in held.items():
        clusters.setdefault(cluster, []).append(claim_id)
    return clusters


def _similar_pairs(
    shingles: dict[str, frozenset[int]], new: frozenset[str] | None, threshold: float
) -> list[tuple[str, str]]:
    """Pairs of claims whose shingle sets reach ``threshold`` Jaccard similarity, with a new claim in each
    (all pairs when ``new`` is None). Only claims sharing a shingle are compared: an inverted index
    counts the shared shingles, so the cost follows the overlaps, not the square of a speaker's claims."""
    holders: dict[int, list[str]] = {}
    for claim_id, found in shingles.items():
        for shingle in found:
            holders.setdefault(shingle, []).append(claim_id)
    order = {claim_id: k for k, claim_id in enumerate(shingles)}
    pairs = []
    for a in shingles if new is None else (c for c in shingles if c in new):
        shared: dict[str, int] = {}
        for shingle in shingles[a]:
            for b in holders[shingle]:
                shared[b] = shared.get(b, 0) + 1
        for b, count in shared.items():
            if b == a or (new is None or b in new) and order[b] < order[a]:
                continue  # each pair once: from its earlier member when both are new
            if count / (len(shingles[a]) + len(shingles[b]) - count) >= threshold:
                pairs.append((a, b))
    return pairs


def update_claim_clusters(store) -> int:  # type: ignore[no-untyped-def]
    """Give every stored claim without a cluster one; returns the claims whose cluster changed.

    Blocked on (speaker, month): a new claim meets the speaker's claims of its month and the months around
    it (``cluster_window_months``), and only pairs holding a new claim are compared, so a batch costs what
    it brings, not what the store holds."""
    rules = load_claim_rules()
    by_speaker: dict[str, list[tuple[str, str, str | None]]] = {}
    for speaker, claim_id, text, cluster in store.claims_to_cluster(rules.cluster_window_months):
        by_speaker.setdefault(speaker, []).append((claim_id, text, cluster))
    changed: dict[str, str] = {}
    for claims in by_speaker.values():
        new = frozenset(claim_id for claim_id, _, cluster in claims if cluster is None)
        held = {claim_id: cluster for claim_id, _, cluster in claims}
        for claim_id, cluster in proposition_clusters(claims, rules, new).items():
            if held.get(claim_id) != cluster:
                changed[claim_id] = cluster
    store.assign_claim_clusters(changed)
    return len(changed)
