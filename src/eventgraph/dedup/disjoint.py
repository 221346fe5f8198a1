"""Disjoint sets (union-find): the connected components behind duplicate groups and event clusters."""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class DisjointSets:
    """Items joined by :meth:`union` end up in one component; :meth:`components` lists them."""

    def __init__(self, items: Iterable[Hashable] = ()):
        self._parent: dict[Hashable, Hashable] = {}
        for item in items:
            self.add(item)

    def add(self, item: Hashable) -> None:
        self._parent.setdefault(item, item)

    def find(self, item: Hashable) -> Hashable:
        self.add(item)
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:  # path compression keeps later finds short
            self._parent[item], item = root, self._parent[item]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[root_b] = root_a

    def components(self) -> list[list[Hashable]]:
        """Every component, members in the order they were first added."""
        grouped: dict[Hashable, list[Hashable]] = {}
        for item in self._parent:
            grouped.setdefault(self.find(item), []).append(item)
        return list(grouped.values())
