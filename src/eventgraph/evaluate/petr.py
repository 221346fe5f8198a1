"""Scoring against the PETRARCH2 gold-standard records (``shared/eval/petr2_gsr.jsonl``).

Each record is one sentence with its expected events as Phoenix triples (source code, target code,
CAMEO code) and PETRARCH2's own output. Our events are turned into Phoenix codes here, in the
evaluator, with ``data/ontology/phoenix.yaml`` (ARM + GOV -> "ARMGOV", EU -> "IGOEUREEC"); the coder
never sees Phoenix codes. Two figures, for eventgraph and for PETRARCH2 on the same records:

* exact F1: source code, target code and CAMEO code all equal;
* country + root F1: the first three letters of each actor code and the two-digit CAMEO root.

Triples are sets per record; precision and recall are micro-averaged over records. A negated
cooperative event is scored as the rejection CAMEO codes it as ("would not provide support" -> 121,
table ``negated_cooperation`` in phoenix.yaml); negated conflict is no event. An announced or
intended act keeps its code ("will supply arms", "pledged to expel"); what is only asked for, possible
or conditional is no event. A symmetric pattern ("met", "clashed") yields both directions, as
PETRARCH writes them. An event whose actor has no id counts
only when its sector is known ("---REB").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.datafiles import read_yaml
from eventgraph.evaluate.by_type import TypeCounts, count_petr_record, format_type_table
from eventgraph.evaluate.seeds import GoldError, parse_gold_lines
from eventgraph.records import ActorRef, Event

PHOENIX_FILE = Path(__file__).resolve().parents[1] / "data" / "ontology" / "phoenix.yaml"

Triple = tuple[str, str, str]
# Modalities of a hypothetical event that CAMEO-coded gold still codes as the act (PETRARCH2's gold codes
# "pledged to expel" 174, "scheduled to meet" 040); None: an event coded before modalities were recorded.
ANNOUNCED = frozenset({"future", "intent", None})


@dataclass(frozen=True, slots=True)
class PetrRecord:
    """One gold sentence: expected Phoenix triples and PETRARCH2's triples."""

    id: str
    text: str
    published: date | None
    expected: frozenset[Triple]
    petrarch: frozenset[Triple]
    expect_no_events: bool = False
    line: int = 0


# PLOVER sectors that describe what an organisation is, not a sector of it: CAMEO writes no block for them
NO_SECTOR_BLOCK = frozenset({"IGO", "NGO", "PRE"})


@dataclass(frozen=True, slots=True)
class PhoenixCodes:
    """eventgraph organisation ids and sectors -> Phoenix code blocks, and CAMEO's view of negation."""

    organisations: dict[str, str]
    sectors: dict[str, str]
    negated_cooperation: dict[str, str] = field(default_factory=dict)

    def event_cameo(self, event: Event) -> str | None:
        """The CAMEO code an event stands for in CAMEO-coded gold: its own code; for a negated
        cooperative act the rejection CAMEO codes it as ("will not lift the sanctions" -> 124), None
        for negated conflict ("did not attack"); its own code for an announced or intended act
        ("will supply arms", "pledged to expel"), None for what is only asked for, possible or
        conditional ("urged Baku to withdraw", "could attack")."""
        if event.negated:
            return self.negated_cooperation.get(event.cameo[:2])
        if not event.hypothetical or event.modality in ANNOUNCED:
            return event.cameo
        return None

    def actor_code(self, actor: ActorRef | None) -> str | None:
        """The Phoenix code of an actor, or None when neither its id nor its sector is known."""
        if actor is None:
            return None
        sector = self.sectors.get(actor.sector or "", actor.sector or "")
        if actor.id is None:
            return f"---{sector}" if sector else None
        base = self.organisations.get(actor.id, actor.id)
        blocks = {base[i : i + 3] for i in range(0, len(base), 3)}
        # an organisation's own type (IGO, NGO) or a sector its code holds (PSE REB HMS) adds nothing
        return base if not sector or sector in blocks or sector in NO_SECTOR_BLOCK else base + sector


@dataclass(slots=True)
class Tally:
    """True positives, false positives and false negatives of one system under one figure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class PetrError:
    """A false positive or negative of eventgraph, with the sentence and the pattern behind it."""

    record: str
    kind: str  # "FP" or "FN"
    triple: Triple
    sentence: str
    pattern: str


@dataclass(slots=True)
class PetrScore:
    records: int = 0
    exact: Tally = field(default_factory=Tally)
    root: Tally = field(default_factory=Tally)
    petrarch_exact: Tally = field(default_factory=Tally)
    petrarch_root: Tally = field(default_factory=Tally)
    errors: list[PetrError] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    by_type: TypeCounts = field(default_factory=dict)  # PLOVER type -> [found, gold] at country + root


# ------------------------------------------------------------------------------------------- load


@lru_cache(maxsize=4)
def load_phoenix_codes(path: Path = PHOENIX_FILE) -> PhoenixCodes:
    """The Phoenix table; a malformed file raises GoldError naming the file and the entry."""
    data = read_yaml(path, GoldError)
    tables = {}
    data.setdefault("negated_cooperation", {})
    for key in ("organisations", "sectors", "negated_cooperation"):
        table = data.get(key)
        if not isinstance(table, dict):
            raise GoldError(f"{path}: '{key}' must be a mapping of id -> code")
        for name, code in table.items():
            if key == "negated_cooperation":
                if not (isinstance(code, str) and code.isdigit() and str(name).isdigit()):
                    raise GoldError(f"{path}: {key} entry {name!r}: CAMEO root -> code, got {code!r}")
                continue
            if not isinstance(code, str) or not code.replace("-", "").isalnum() or not code.isupper():
                raise GoldError(
                    f"{path}: {key} entry {name!r}: code must be upper-case letters, got {code!r}"
                )
        tables[key] = {str(k): v for k, v in table.items()}
    return PhoenixCodes(tables["organisations"], tables["sectors"], tables["negated_cooperation"])


def load_petr_gold(path: str | Path) -> tuple[list[PetrRecord], list[str]]:
    """The records of a PETRARCH gold file and the problems of the lines that were skipped."""
    source = Path(path)
    records, problems = parse_gold_lines(source, _record)
    if not records:
        raise GoldError(
            f"{source}: no readable PETRARCH gold records ({'; '.join(problems[:3]) or 'empty file'})"
        )
    return records, problems


def _record(data: Any, line: int) -> PetrRecord:
    if not isinstance(data, dict):
        raise ValueError("a record must be a JSON object")
    for key in ("id", "text", "expected_events"):
        if key not in data:
            raise ValueError(f"missing field {key!r}")
    return PetrRecord(
        id=str(data["id"]),
        text=str(data["text"] or ""),
        published=_date(data.get("date")),
        expected=_triples(data["expected_events"], "expected_events"),
        petrarch=_triples(data.get("petrarch2_output") or [], "petrarch2_output"),
        expect_no_events=bool(data.get("expect_no_events", False)),
        line=line,
    )


def _triples(events: Any, key: str) -> frozenset[Triple]:
    if not isinstance(events, list):
        raise ValueError(f"{key!r} must be a list")
    found = set()
    for event in events:
        if not isinstance(event, dict) or not all(isinstance(event.get(k), str) for k in ("source", "event")):
            raise ValueError(f"{key!r}: each event needs string 'source', 'target' and 'event'")
        found.add((event["source"], str(event.get("target") or "---"), event["event"]))
    return frozenset(found)


def _date(value: Any) -> date | None:
    """YYYYMMDD; anything else (the gold has a six-digit date) leaves the publication date unknown."""
    if isinstance(value, str) and len(value) == 8 and value.isdigit():
        try:
            return datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            return None
    return None


# ------------------------------------------------------------------------------------------ score


def event_triples(
    events: Iterable[Event], codes: PhoenixCodes, symmetric: Callable[[str], bool]
) -> dict[Triple, Event]:
    """Phoenix triples of the events, each with the event that made it (negation as CAMEO sees it)."""
    found: dict[Triple, Event] = {}
    for event in events:
        cameo = codes.event_cameo(event)
        # a one-sided event is not scored: PETRARCH2 codes none on this set and its gold only 2 of 80
        # (a "---" target); scoring ours added 15 false positives of convention (docs/coder-layers.md)
        source, target = codes.actor_code(event.source), codes.actor_code(event.target)
        if cameo is None or source is None or target is None:
            continue
        found.setdefault((source, target, cameo), event)
        if symmetric(event.pattern):
            found.setdefault((target, source, cameo), event)
    return found


def country_root(triples: Iterable[Triple]) -> set[Triple]:
    return {(s[:3], t[:3], c[:2]) for s, t, c in triples}


def score_petr(
    records: list[PetrRecord], events_by_record: list[list[Event]], symmetric: Callable[[str], bool]
) -> PetrScore:
    """Both figures for eventgraph's events (one list per record, in order) and for PETRARCH2."""
    codes = load_phoenix_codes()
    score = PetrScore(records=len(records))
    for record, events in zip(records, events_by_record, strict=True):
        ours = event_triples(events, codes, symmetric)
        _tally(score.exact, set(ours), set(record.expected))
        _tally(score.root, country_root(ours), country_root(record.expected))
        count_petr_record(score.by_type, country_root(ours), record.expected)
        _tally(score.petrarch_exact, set(record.petrarch), set(record.expected))
        _tally(score.petrarch_root, country_root(record.petrarch), country_root(record.expected))
        for triple in sorted(set(ours) - record.expected):
            score.errors.append(PetrError(record.id, "FP", triple, record.text, ours[triple].pattern))
        for triple in sorted(record.expected - set(ours)):
            score.errors.append(PetrError(record.id, "FN", triple, record.text, _near_miss(triple, ours)))
    return score


def _tally(tally: Tally, system: set[Triple], gold: set[Triple]) -> None:
    tally.tp += len(system & gold)
    tally.fp += len(system - gold)
    tally.fn += len(gold - system)


def _near_miss(triple: Triple, ours: dict[Triple, Event]) -> str:
    """What we coded instead, when a triple of ours shares the gold's source country."""
    close = [f"{s} {c} {t} [{e.pattern}]" for (s, t, c), e in ours.items() if s[:3] == triple[0][:3]]
    return "coded instead: " + "; ".join(close) if close else "no pattern"


# ----------------------------------------------------------------------------------------- report


def format_petr_report(score: PetrScore, errors: bool = False) -> str:
    lines = [
        f"PETRARCH2 gold standard: {score.records} records",
        f"{'figure':<22}{'system':<12}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}",
    ]
    for figure, ours, theirs in (
        ("exact", score.exact, score.petrarch_exact),
        ("country + root", score.root, score.petrarch_root),
    ):
        for system, tally in (("eventgraph", ours), ("PETRARCH2", theirs)):
            lines.append(
                f"{figure:<22}{system:<12}{tally.precision:>7.3f}{tally.recall:>7.3f}{tally.f1:>7.3f}"
                f"{tally.tp:>5}{tally.fp:>5}{tally.fn:>5}"
            )
    lines += [f"skipped: {problem}" for problem in score.problems]
    lines += ["", *format_type_table({"PETR2 (country+root)": score.by_type})]
    if errors:
        for kind, title in (("FP", "false positives"), ("FN", "false negatives")):
            entries = [e for e in score.errors if e.kind == kind]
            lines += ["", f"{title} ({len(entries)}, exact codes):"]
            for entry in entries:
                source, target, cameo = entry.triple
                lines.append(f"  {entry.record}  {source} {cameo} {target}  [{entry.pattern}]")
                lines.append(f"       {' '.join(entry.sentence.split())[:200]}")
    return "\n".join(lines)


def run_petr_evaluation(gold_path: str | Path) -> PetrScore:
    """Run every gold sentence through the pipeline (its date as publication date) and score it."""
    from eventgraph.evaluate.runner import code_texts, shared_pipeline

    records, problems = load_petr_gold(gold_path)
    pipeline = shared_pipeline()
    coded = code_texts(((r.id, r.text, r.published) for r in records), pipeline)
    score = score_petr(records, [c.events for c in coded], _symmetric_patterns(pipeline))
    score.problems = problems
    return score


def _symmetric_patterns(pipeline) -> Callable[[str], bool]:  # type: ignore[no-untyped-def]
    symmetric = {p.id for p in pipeline.coder.lexicon.patterns if p.symmetric}
    return symmetric.__contains__
