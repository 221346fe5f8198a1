"""Near-duplicate groups of a corpus without NLP or a store: ``python -m eventgraph.dedup.report PATH``.

Reads the inputs as ``eventgraph ingest`` does (exact repeats are dropped there by content hash),
signs every document and groups near-duplicates exactly as the ingest step does, then prints the
counts, the group size distribution and a reproducible sample of groups to check by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from eventgraph.dedup.groups import GroupMember, plan_groups
from eventgraph.dedup.minhash import NearDuplicateIndex, Signer
from eventgraph.dedup.settings import DedupSettings, load_settings
from eventgraph.records import Document, Rejection


@dataclass(slots=True)
class CorpusGroups:
    """Near-duplicate groups of a corpus and what it took to find them."""

    documents: dict[str, Document] = field(default_factory=dict)
    rejected: Counter[str] = field(default_factory=Counter)
    too_short: int = 0
    pairs: int = 0
    groups: dict[str, list[GroupMember]] = field(default_factory=dict)
    sign_seconds: float = 0.0
    index_seconds: float = 0.0

    def sizes(self) -> Counter[int]:
        return Counter(len(members) for members in self.groups.values())

    def cross_outlet(self) -> int:
        """Groups whose documents come from more than one outlet (wire copy, syndication)."""
        return sum(
            len({self.documents[m.doc_id].outlet for m in members}) > 1 for members in self.groups.values()
        )


def corpus_groups(
    items: Iterable[Document | Rejection], settings: DedupSettings | None = None
) -> CorpusGroups:
    """Group the documents of ``items`` (rejections are only counted, by the start of their reason)."""
    settings = settings or load_settings()
    signer = Signer(settings.documents)
    index = NearDuplicateIndex(signer)
    result = CorpusGroups()
    pairs: list[tuple[str, str]] = []
    order: list[str] = []
    for item in items:
        if isinstance(item, Rejection):
            result.rejected[item.reason.split(" ")[0]] += 1
            continue
        if item.doc_id in result.documents:
            continue
        result.documents[item.doc_id] = item
        started = time.perf_counter()
        signature = signer.sign(item.doc_id, item.text)
        result.sign_seconds += time.perf_counter() - started
        if signature.hashvalues is None:
            result.too_short += 1
            continue
        started = time.perf_counter()
        pairs.extend((item.doc_id, other) for other, _ in index.matches(signature.hashvalues))
        index.add(item.doc_id, signature.hashvalues)
        result.index_seconds += time.perf_counter() - started
        order.append(item.doc_id)
    result.pairs = len(pairs)
    for member in plan_groups(pairs, {}, order, index.signatures.get):
        result.groups.setdefault(member.group_id, []).append(member)
    return result


def print_report(found: CorpusGroups, sample: int, seed: int, out: TextIO | None = None) -> None:
    """Counts, size distribution and ``sample`` groups picked with ``seed``, first document first."""
    n_docs = len(found.documents)
    grouped = sum(len(m) for m in found.groups.values())
    lines = [
        f"documents: {n_docs} (rejected at ingest: {dict(found.rejected) or 0})",
        f"too short to compare: {found.too_short}",
        f"MinHash: {1000 * found.sign_seconds / max(1, n_docs):.2f} ms per document; "
        f"LSH query and insert: {1000 * found.index_seconds / max(1, n_docs):.2f} ms per document",
        f"near-duplicate pairs: {found.pairs}",
        f"near-duplicate groups: {len(found.groups)} holding {grouped} documents "
        f"({100 * grouped / max(1, n_docs):.1f}%); across outlets: {found.cross_outlet()}",
        "group sizes: " + ", ".join(f"{size}: {count}" for size, count in sorted(found.sizes().items())),
    ]
    chosen = sorted(found.groups)
    random.Random(seed).shuffle(chosen)
    for number, group_id in enumerate(chosen[:sample], 1):
        lines.append(f"\n[{number}] group {group_id}")
        for member in sorted(found.groups[group_id], key=lambda m: (m.doc_id != group_id, -m.similarity)):
            doc = found.documents[member.doc_id]
            lines.append(
                f"  {member.similarity:.2f}  {doc.outlet or '?'} | {doc.published or '?'} | "
                f"{len(doc.text.split())} words | {(doc.title or doc.name)[:90]}"
            )
    print("\n".join(lines), file=out or sys.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventgraph.dedup.report", description=__doc__)
    parser.add_argument("paths", nargs="+", help="files, folders or globs, as for `eventgraph ingest`")
    parser.add_argument("--sample", type=int, default=20, help="groups to list for a hand check")
    parser.add_argument("--seed", type=int, default=7, help="seed of the sample")
    args = parser.parse_args(argv)
    from eventgraph.ingest import read_inputs

    started = time.perf_counter()
    found = corpus_groups(read_inputs(args.paths))
    print_report(found, args.sample, args.seed)
    print(f"\ntotal {time.perf_counter() - started:.1f} s (reading and cleaning included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
