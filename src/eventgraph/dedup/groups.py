"""Near-duplicate groups: connected components of the "near-duplicate" relation between documents.

A group's id is the doc id of its first document: one already grouped (the smallest existing group
id when a new document bridges two groups), else the first stored. Each member records its estimated
Jaccard similarity to that first document; a member joined through another can score below the
threshold, which shows how the group chained.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from eventgraph.dedup.disjoint import DisjointSets
from eventgraph.dedup.minhash import similarity


@dataclass(frozen=True, slots=True)
class GroupMember:
    doc_id: str
    group_id: str
    similarity: float


def plan_groups(
    pairs: list[tuple[str, str]],
    grouped: dict[str, str],
    order: list[str],
    signature_of: Callable[[str], np.ndarray | None],
) -> list[GroupMember]:
    """The group rows of every document that ``pairs`` touch, and of the groups they join.

    ``grouped`` maps already grouped documents (all members of the groups involved) to their group id;
    ``order`` lists documents first stored first, to pick a new group's first document.
    """
    sets = DisjointSets()
    for a, b in pairs:
        sets.union(a, b)
    by_group: dict[str, list[str]] = {}
    for doc_id, group_id in grouped.items():
        by_group.setdefault(group_id, []).append(doc_id)
    for members in by_group.values():
        for member in members:
            sets.union(members[0], member)
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    rows: list[GroupMember] = []
    for members in sets.components():
        old_ids = sorted({grouped[m] for m in members if m in grouped})  # type: ignore[index]
        first = old_ids[0] if old_ids else min(members, key=lambda m: (rank.get(m, -1), m))  # type: ignore[arg-type]
        first_signature = signature_of(first)  # type: ignore[arg-type]
        for member in members:
            own = signature_of(member)  # type: ignore[arg-type]
            known = own is not None and first_signature is not None
            score = similarity(own, first_signature) if known else 0.0  # type: ignore[arg-type]
            rows.append(GroupMember(member, first, round(score, 4)))  # type: ignore[arg-type]
    return rows
