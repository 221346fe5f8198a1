"""Scoring coded events against the hand-annotated seed gold (``shared/eval/seeds.gold.jsonl``).

The metric is the one in ``shared/eval/README.md``. A tuple is (document, source, type, target).
Gold rows that are optional, negated, hypothetical or must_not are not scored; rows with the same tuple
count once, their ``alt_type``/``alt_target``/``symmetric`` variants pooled. Only asserted system
events (neither negated nor hypothetical) with both actors resolved make system tuples, once each.

* precision = system tuples matching a scored gold tuple / system tuples not ignored
* recall    = scored gold tuples matched by some system tuple / scored gold tuples
* a system tuple matching only an optional row is ignored; any other non-match is a false positive,
  counted again under ``modality_errors`` when it asserts a negated/hypothetical row and under
  ``must_not_hits`` when it is a must_not tuple.

A gold row may have ``"target": null``: a one-sided event (a protest, a withdrawal, a mobilisation),
whose tuple is (document, source, type, None). A gold file with such rows also scores the system's
asserted events that have no target; one without them ignores those events, as the seed metric says.
A system event without a target whose document, source and type match a directed gold row (scored or
optional) is a partial coding of that event, its target missed: ignored, while the directed gold
tuple stays unmatched; matching only a negated or hypothetical row, it is a modality error.

Domestic actors are scored by country plus sector, as POLECAT users read them, in a gold file that
writes any actor so ("KAZMIL", "KAZOPP"; ``world.gold.jsonl``): there a system event between two actors
of one state is the tuple of their combined codes (``ActorRef.code``), and a one-sided event's source
is its combined code where the gold uses that code. A row may list other defensible sources in
``alt_source`` ("workers" CVL or LAB). Files without combined codes are scored as before.

Dates and places are checked on the matched gold tuples where the gold gives them. The articles come
from a folder (``seeds_dir``) or, named by record id, from a JSON-lines corpus (``corpus``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from eventgraph.evaluate.by_type import format_type_table, type_counts
from eventgraph.records import ActorRef, Document, Event

T = TypeVar("T")

FLAGS = ("negated", "hypothetical", "optional", "symmetric", "background", "must_not")

Tuple4 = tuple[str, str, str, str | None]  # target None: a one-sided event


class GoldError(ValueError):
    """The gold file cannot be read; the message names the file and every bad line."""


@dataclass(frozen=True, slots=True)
class GoldRow:
    """One hand-annotated event mention."""

    doc: str
    quote: str
    source: str
    type: str
    target: str | None  # None: a one-sided event (no target)
    negated: bool = False
    hypothetical: bool = False
    optional: bool = False
    symmetric: bool = False
    background: bool = False
    must_not: bool = False
    alt_type: tuple[str, ...] = ()
    alt_target: tuple[str, ...] = ()
    alt_source: tuple[str, ...] = ()
    date: str | None = None
    place: str | None = None
    line: int = 0

    @property
    def tuple(self) -> Tuple4:
        return (self.doc, self.source, self.type, self.target)

    @property
    def scored(self) -> bool:
        return not (self.optional or self.negated or self.hypothetical or self.must_not)

    def variants(self) -> set[Tuple4]:
        """Every tuple this row accepts: alternative types and targets, both directions if symmetric."""
        accepted: set[Tuple4] = set()
        for kind in (self.type, *self.alt_type):
            for source in (self.source, *self.alt_source):
                for target in (self.target, *self.alt_target):
                    accepted.add((self.doc, source, kind, target))
                    if self.symmetric:
                        accepted.add((self.doc, target, kind, source))
        return accepted


@dataclass(slots=True)
class ScoredTuple:
    """A tuple in the report, with the evidence a reader needs to judge it."""

    tuple: Tuple4
    sentence: str
    pattern: str = ""
    note: str = ""


@dataclass(slots=True)
class SeedScore:
    precision: float
    recall: float
    f1: float
    system_tuples: int
    gold_tuples: int
    true_positives: list[ScoredTuple] = field(default_factory=list)
    false_positives: list[ScoredTuple] = field(default_factory=list)
    false_negatives: list[ScoredTuple] = field(default_factory=list)
    ignored: list[ScoredTuple] = field(default_factory=list)
    recall_by_type: dict[str, tuple[int, int]] = field(default_factory=dict)  # type -> (matched, gold)
    modality_errors: list[ScoredTuple] = field(default_factory=list)
    must_not_hits: list[ScoredTuple] = field(default_factory=list)
    matched_gold: int = 0
    dates_checked: int = 0
    dates_correct: int = 0
    places_checked: int = 0
    places_correct: int = 0
    rejections: list[str] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float | None:
        return self.dates_correct / self.dates_checked if self.dates_checked else None

    @property
    def place_accuracy(self) -> float | None:
        return self.places_correct / self.places_checked if self.places_checked else None


# --------------------------------------------------------------------------------------------- gold


def parse_gold_lines(path: str | Path, parse: Callable[[Any, int], T]) -> tuple[list[T], list[str]]:
    """``parse(json_value, line_number)`` for each non-blank line of a JSON-lines gold file.

    Returns the parsed rows and one "file line N: problem" entry per line that did not parse; a file
    that cannot be read raises :class:`GoldError`.
    """
    source = Path(path)
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{source}: cannot read gold file: {exc.strerror or exc}") from exc
    rows: list[T] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append(parse(json.loads(line), number))
        except (json.JSONDecodeError, ValueError, TypeError, KeyError) as exc:
            problems.append(f"{source.name} line {number}: {exc}")
    return rows, problems


def load_seed_gold(path: str | Path) -> list[GoldRow]:
    """The gold rows of a JSONL file; every malformed line is reported in one :class:`GoldError`."""
    rows, problems = parse_gold_lines(path, _gold_row)
    if problems:
        raise GoldError("bad gold rows:\n  " + "\n  ".join(problems))
    return rows


def _gold_row(data: Any, line: int) -> GoldRow:
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    missing = [
        k for k in ("doc", "source", "type", "target") if not isinstance(data.get(k), str) or not data[k]
    ]
    if missing == ["target"] and "target" in data and data["target"] is None:
        missing = []  # an explicit null: a one-sided event
    if missing:
        raise ValueError(f"missing or empty {', '.join(missing)}")
    flags = {flag: bool(data.get(flag, False)) for flag in FLAGS}
    return GoldRow(
        doc=data["doc"],
        quote=str(data.get("quote", "")),
        source=data["source"],
        type=data["type"],
        target=data["target"],
        alt_type=_string_tuple(data.get("alt_type"), "alt_type"),
        alt_target=_string_tuple(data.get("alt_target"), "alt_target"),
        alt_source=_string_tuple(data.get("alt_source"), "alt_source"),
        date=data.get("date"),
        place=data.get("place"),
        line=line,
        **flags,
    )


def _string_tuple(value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of strings")
    return tuple(value)


# ------------------------------------------------------------------------------------------ scoring


def score_seed_events(events: Iterable[Event], gold: list[GoldRow]) -> SeedScore:
    """Precision, recall and F1 of ``events`` against ``gold``, with every decision listed."""
    gold_groups = _gold_groups(gold)
    accepted = {t: variants for t, (variants, _) in gold_groups.items()}
    optional = _variants_of(r for r in gold if r.optional and not r.must_not)
    modal = _variants_of(r for r in gold if (r.negated or r.hypothetical) and not r.optional)
    directed = {v[:3] for r in gold if not (r.negated or r.hypothetical or r.must_not) for v in r.variants()}
    modal_directed = {v[:3] for v in modal}
    must_not = {r.tuple for r in gold if r.must_not}

    one_sided = any(row.target is None for row in gold)
    combined = _combined_codes(gold)
    one_sided_keys = {v[:3] for r in gold for v in r.variants()} if combined else set()
    system = _system_tuples(events, one_sided, combined, one_sided_keys)
    score = SeedScore(0.0, 0.0, 0.0, system_tuples=0, gold_tuples=len(gold_groups))
    matched: dict[Tuple4, list[Event]] = {}
    for tup, tuple_events in system.items():
        first = tuple_events[0]
        entry = ScoredTuple(tup, first.sentence, first.pattern)
        hits = [g for g, variants in accepted.items() if tup in variants]
        if hits:
            score.true_positives.append(entry)
            for g in hits:
                matched.setdefault(g, []).extend(tuple_events)
        elif tup in optional or (tup[3] is None and tup[:3] in directed):
            score.ignored.append(entry)
        else:
            score.false_positives.append(entry)
            if tup in modal or (tup[3] is None and tup[:3] in modal_directed):
                score.modality_errors.append(entry)
            if tup in must_not:
                score.must_not_hits.append(entry)
    score.system_tuples = len(score.true_positives) + len(score.false_positives)
    score.matched_gold = len(matched)
    for g, (_, rows) in gold_groups.items():
        hits, total = score.recall_by_type.get(g[2], (0, 0))
        score.recall_by_type[g[2]] = (hits + (g in matched), total + 1)
        if g not in matched:
            score.false_negatives.append(ScoredTuple(g, rows[0].quote, "no pattern"))
        else:
            _check_date_place(score, rows, matched[g])
    score.precision = _ratio(len(score.true_positives), score.system_tuples)
    score.recall = _ratio(score.matched_gold, score.gold_tuples)
    total = score.precision + score.recall
    score.f1 = 2 * score.precision * score.recall / total if total else 0.0
    return score


def _gold_groups(gold: list[GoldRow]) -> dict[Tuple4, tuple[set[Tuple4], list[GoldRow]]]:
    groups: dict[Tuple4, tuple[set[Tuple4], list[GoldRow]]] = {}
    for row in gold:
        if row.scored:
            variants, rows = groups.setdefault(row.tuple, (set(), []))
            variants.update(row.variants())
            rows.append(row)
    return groups


def _variants_of(rows: Iterable[GoldRow]) -> set[Tuple4]:
    return {v for row in rows for v in row.variants()}


def _system_tuples(
    events: Iterable[Event],
    one_sided: bool = False,
    combined: frozenset[str] = frozenset(),
    gold_keys: set[tuple[str, str, str]] | None = None,
) -> dict[Tuple4, list[Event]]:
    """Asserted events with their actors resolved, grouped by tuple in first-seen order.

    An event without a target makes a tuple only when ``one_sided`` (the gold annotates such events).
    ``combined``: the country + sector codes the gold uses; non-empty, domestic actors are scored by them,
    and a one-sided event's source by its code where a gold row has that (document, source, type).
    """
    tuples: dict[Tuple4, list[Event]] = {}
    for event in events:
        if event.negated or event.hypothetical or not event.source.id:
            continue
        if event.target is None and not one_sided:
            continue
        if event.target is not None and not event.target.id:
            continue
        source, target = event.source.id, event.target.id if event.target is not None else None
        if combined and event.target is None:
            if (event.doc_name, event.source.code, event.type) in (gold_keys or ()):
                source = event.source.code
        elif combined and event.target is not None and _country(event.source) == _country(event.target):
            source, target = event.source.code, event.target.code
        tuples.setdefault((event.doc_name, source, event.type, target), []).append(event)
    return tuples


def _country(actor: ActorRef) -> str | None:
    return actor.country or actor.id


def _combined_codes(gold: list[GoldRow]) -> frozenset[str]:
    """The country + sector codes ("KAZMIL") among the gold's actors; empty when it writes none."""
    import yaml

    from eventgraph.actors.catalogue import ACTORS_DIR

    sectors = set(yaml.safe_load((ACTORS_DIR / "sectors.yaml").read_text(encoding="utf-8"))["sectors"])
    ids = {i for row in gold for i in (row.source, row.target, *row.alt_source, *row.alt_target) if i}
    return frozenset(i for i in ids if len(i) == 6 and i[3:] in sectors and i[:3] not in sectors)


def _check_date_place(score: SeedScore, rows: list[GoldRow], events: list[Event]) -> None:
    gold_date = next((r.date for r in rows if r.date), None)
    if gold_date:
        score.dates_checked += 1
        if any(event.date and _date_matches(event.date.value, gold_date) for event in events):
            score.dates_correct += 1
    gold_place = next((r.place for r in rows if r.place), None)
    if gold_place:
        score.places_checked += 1
        if any(event.place and _place_matches(event.place.name, gold_place) for event in events):
            score.places_correct += 1


def _date_matches(value: str | None, gold: str) -> bool:
    """Equal, or a more precise date inside the gold day, month, year or interval."""
    if not value:
        return False
    if value == gold:
        return True
    if "/" in gold and "/" not in value:
        start, end = gold.split("/", 1)
        return start <= value[: len(start)] <= end
    return "/" not in value and value.startswith(gold)


def _place_matches(name: str | None, gold: str) -> bool:
    if not name:
        return False
    found, wanted = name.casefold().strip(), gold.casefold().strip()
    return found == wanted or found == wanted.split(",")[0].strip() or wanted == found.split(",")[0].strip()


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# ------------------------------------------------------------------------------------------- report


def format_seed_report(score: SeedScore, errors: bool = False) -> str:
    """A plain-text table of the figures; with ``errors`` every false positive and negative too."""
    lines = [
        f"{'metric':<28}{'value':>10}",
        f"{'precision':<28}{score.precision:>10.3f}",
        f"{'recall':<28}{score.recall:>10.3f}",
        f"{'F1':<28}{score.f1:>10.3f}",
        f"{'true positives (system)':<28}{len(score.true_positives):>10}",
        f"{'false positives':<28}{len(score.false_positives):>10}",
        f"{'gold tuples matched':<28}{score.matched_gold:>6} / {score.gold_tuples}",
        f"{'ignored (optional)':<28}{len(score.ignored):>10}",
        f"{'modality errors':<28}{len(score.modality_errors):>10}",
        f"{'must_not tuples':<28}{len(score.must_not_hits):>10}",
        f"{'date accuracy (on TPs)':<28}{_fraction(score.dates_correct, score.dates_checked):>10}",
        f"{'place accuracy (on TPs)':<28}{_fraction(score.places_correct, score.places_checked):>10}",
    ]
    lines += ["", *format_type_table({"gold": type_counts(score)})]
    for rejection in score.rejections:
        lines.append(f"rejected input: {rejection}")
    if errors:
        lines += _error_lines("false positives", score.false_positives)
        lines += _error_lines("false negatives", score.false_negatives)
    return "\n".join(lines)


def _fraction(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def _error_lines(title: str, entries: list[ScoredTuple]) -> list[str]:
    lines = ["", f"{title} ({len(entries)}):"]
    for entry in entries:
        doc, source, kind, target = entry.tuple
        shown = doc[:3] if doc[:3].isdigit() else doc
        lines.append(f"  {shown}  {source} {kind} {target or '-'}  [{entry.pattern or 'no pattern'}]")
        lines.append(f"       {' '.join(entry.sentence.split())}")
    return lines


# ---------------------------------------------------------------------------------------------- run


def run_seed_evaluation(
    gold_path: str | Path, seeds_dir: str | Path | None = None, corpus: str | Path | None = None
) -> SeedScore:
    """Read the articles the gold names, run the whole pipeline and score its events against the gold.

    The articles come from the folder ``seeds_dir`` or, by record id, from the JSON-lines ``corpus``.
    Only documents the gold names are coded, so a gold set annotating part of a folder or of a corpus
    (the bundled samples, the 10,000-article media corpus) is not charged for the rest.
    """
    from eventgraph.pipeline import Pipeline

    gold = load_seed_gold(gold_path)
    annotated = {row.doc for row in gold}
    if corpus is not None:
        documents, rejections = read_corpus_documents(corpus, annotated)
    elif seeds_dir is not None:
        documents, rejections = read_folder_documents(seeds_dir, annotated)
    else:
        raise GoldError(f"{gold_path}: give the folder or the corpus file its articles are in")
    events = [event for processed in Pipeline().process(documents) for event in processed.events]
    score = score_seed_events(events, gold)
    score.rejections = rejections
    return score


def read_folder_documents(folder: str | Path, names: set[str]) -> tuple[list[Document], list[str]]:
    """The documents of ``folder`` named in ``names``, and every input ingest rejected there."""
    from eventgraph.ingest import read_inputs
    from eventgraph.records import Rejection

    seeds = Path(folder)
    if not seeds.is_dir():
        raise GoldError(f"{seeds}: seeds folder not found")
    documents: list[Document] = []
    rejections: list[str] = []
    for item in read_inputs([str(p) for p in sorted(seeds.iterdir()) if p.is_file()]):
        if isinstance(item, Rejection):
            rejections.append(f"{item.input}: {item.reason}")
        elif item.name in names:  # a gold set may cover only part of a folder (samples/gold)
            documents.append(item)
    return documents, rejections


def read_corpus_documents(corpus: str | Path, ids: set[str]) -> tuple[list[Document], list[str]]:
    """The records of a JSON-lines ``corpus`` whose ``id`` is in ``ids``, cleaned as ingest cleans them.

    The file is streamed line by line and only lines containing a wanted id are parsed, so a large
    corpus costs one pass and little memory. An id the corpus lacks is reported, not fatal: its gold
    tuples then count as misses.
    """
    from eventgraph.ingest.readers import read_jsonl_lines
    from eventgraph.records import Rejection

    path = Path(corpus)
    if not path.is_file():
        raise GoldError(f"{path}: corpus file not found")
    keys = [(wanted, json.dumps(wanted).encode()) for wanted in ids]
    documents: list[Document] = []
    rejections: list[str] = []
    with path.open("rb") as stream:
        lines = (line for line in stream if any(key in line for _, key in keys))
        for item in read_jsonl_lines(lines, str(path), path.stem):
            if isinstance(item, Rejection):
                if item.reason != "empty file":
                    rejections.append(f"{item.input}: {item.reason}")
            elif item.name in ids and item.name not in {d.name for d in documents}:
                documents.append(item)
    missing = sorted(ids - {d.name for d in documents})
    rejections += [f"{path}: no record with id {name!r}" for name in missing]
    return documents, rejections
