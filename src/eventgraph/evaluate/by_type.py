"""Recall by PLOVER type on the visible gold sets: which kinds of event the coder finds and misses.

A gold event counts for its PLOVER type (the seed gold names it; a PETRARCH gold CAMEO code maps to
it through ``ontology/cameo.csv``, CAMEO 01 statements under ``statement``); it is found when the
set's own scorer matched it (PETR2: country + root; seeds-format sets count theirs in
``SeedScore.recall_by_type``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from eventgraph.coding.ontology import PLOVER_TYPES, load_ontology

if TYPE_CHECKING:
    from eventgraph.evaluate.seeds import SeedScore

TypeCounts = dict[str, list[int]]  # PLOVER type -> [found, gold]
STATEMENT = "statement"


def count(counts: TypeCounts, kind: str, found: bool) -> None:
    entry = counts.setdefault(kind, [0, 0])
    entry[0] += found
    entry[1] += 1


def plover_type_of(cameo: str) -> str:
    """The PLOVER type of a CAMEO code (its nearest listed parent), ``statement`` for CAMEO 01."""
    codes = load_ontology().cameo
    while cameo not in codes and len(cameo) > 2:
        cameo = cameo[:-1]
    entry = codes.get(cameo)
    return (entry.plover_type if entry else None) or STATEMENT


def count_petr_record(
    counts: TypeCounts, ours_root: set[tuple[str, str, str]], gold: Iterable[tuple[str, str, str]]
) -> None:
    """Add one PETRARCH record: each gold triple (source, target, CAMEO) found at country + root."""
    for source, target, cameo in gold:
        count(counts, plover_type_of(cameo), (source[:3], target[:3], cameo[:2]) in ours_root)


def type_counts(score: SeedScore) -> TypeCounts:
    """A seeds-format score's ``recall_by_type`` in the shape the table takes."""
    return {kind: [hits, total] for kind, (hits, total) in score.recall_by_type.items()}


def format_type_table(columns: dict[str, TypeCounts]) -> list[str]:
    """One line per PLOVER type with gold events: recall and found/gold in each set's column."""
    names = list(columns)
    lines = [f"{'recall by PLOVER type':<24}" + "".join(f"{n:>22}" for n in names), "(matched/gold)"]
    kinds = [k for k in (*PLOVER_TYPES, STATEMENT) if any(k in c for c in columns.values())]
    for kind in kinds:
        cells = []
        for name in names:
            found, gold = columns[name].get(kind, [0, 0])
            cells.append(f"{found / gold:.2f} ({found}/{gold})" if gold else "-")
        lines.append(f"{kind:<24}" + "".join(f"{c:>22}" for c in cells))
    return lines
