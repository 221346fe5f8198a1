"""Type accuracy on hand-typed single sentences (``data/dev_gold/types.dev.jsonl``).

The figure is the one issue 13 measures on the PLOVER gold sentences: a sentence counts as right when
the pipeline, run on the sentence alone, codes an event of the sentence's gold type that is asserted
(neither negated nor hypothetical); for a row marked ``hypothetical`` an event of that type in any
mode but negated counts. Also reported: right with the source too (rows naming a source), the share
of typed sentences with no asserted event at all, and sentences without a gold event that get an
asserted event of a type their row does not ``accept`` (false alarms). Run::

    python -m eventgraph.evaluate.sentence_types [GOLD.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eventgraph.evaluate.runner import code_texts
from eventgraph.records import Event

TYPES_DEV = Path(__file__).resolve().parents[1] / "data" / "dev_gold" / "types.dev.jsonl"


@dataclass(slots=True)
class TypeScore:
    """Counts over a sentence-typed gold file; ``by_type`` maps a type to (right, rows)."""

    typed: int = 0
    right: int = 0
    right_with_source: int = 0
    with_source: int = 0
    silent: int = 0
    untyped: int = 0
    false_alarms: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.typed if self.typed else 0.0


def load_rows(path: Path) -> list[dict]:
    """The gold rows; a row without ``text`` or with a non-string ``type`` is a clear error."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row.get("text"), str) or not (
            row.get("type") is None or isinstance(row["type"], str)
        ):
            raise ValueError(f"{path}, line {number}: a row needs 'text' and a 'type' (string or null)")
        rows.append(row)
    return rows


def _found(row: dict, events: list[Event], kind: str) -> list[Event]:
    hypothetical = bool(row.get("hypothetical"))
    return [e for e in events if e.type == kind and not e.negated and (hypothetical or not e.hypothetical)]


def score(rows: list[dict]) -> TypeScore:
    """Run every row's sentence through the pipeline on its own and count."""
    coded = code_texts((f"{row['doc']}#{row['sentence_index']}", row["text"], None) for row in rows)
    result = TypeScore()
    tally: dict[str, Counter[str]] = {}
    for row, text in zip(rows, coded, strict=True):
        asserted = [e for e in text.events if not e.negated and not e.hypothetical]
        kind = row.get("type")
        if kind is None:
            result.untyped += 1
            allowed = set(row.get("accept") or [])
            if any(e.type not in allowed for e in asserted):
                result.false_alarms += 1
            continue
        result.typed += 1
        counts = tally.setdefault(kind, Counter())
        counts["rows"] += 1
        result.silent += not asserted
        found = _found(row, text.events, kind)
        if found:
            result.right += 1
            counts["right"] += 1
        else:
            got = sorted({f"{e.type}{'?' if e.hypothetical else ''}" for e in text.events})
            result.misses.append(f"{kind:<10} got {','.join(got) or '-':<22} {row['text']}")
        if row.get("source"):
            result.with_source += 1
            result.right_with_source += any(e.source.id == row["source"] for e in found)
    result.by_type = {k: [c["right"], c["rows"]] for k, c in sorted(tally.items())}
    return result


def report(result: TypeScore) -> str:
    lines = [
        f"type accuracy {result.accuracy:.2f} ({result.right}/{result.typed}); with source "
        f"{result.right_with_source}/{result.with_source}; no asserted event {result.silent}/{result.typed}; "
        f"false alarms {result.false_alarms}/{result.untyped} sentences without a gold event",
        *(f"  {kind:<11} {right}/{rows}" for kind, (right, rows) in result.by_type.items()),
        "misses:",
        *(f"  {miss}" for miss in result.misses),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(score(load_rows(Path(sys.argv[1]) if len(sys.argv) > 1 else TYPES_DEV))))
