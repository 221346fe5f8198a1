"""Scoring against the ConfliBERT CAMEO sentence sets (``shared/eval/conflibert/``).

Two files, two figures:

* ``cameo_class_train.tsv`` — ``sentence TAB class`` with the CAMEO quad class 0 statement,
  1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict: the Phoenix
  quad classes of CAMEO roots (01-02 neutral; 03-05; 06-08; 09-13 and 16; 14-15 and 17-20), so an
  appeal ("urged", CAMEO 02) is class 0 here although PLOVER counts REQUEST as verbal conflict. Our
  class is that of the CAMEO code of the sentence's *main* event: among the events that are not
  negated, the one whose trigger is closest to the root of the dependency tree (the earliest on a
  tie); a speech verb framing another coded event ("Baku said [Armenian units shelled …]") counts
  after the event it reports. An event announced or intended ("will attack", "threatened to
  invade": modality future or intent) is an intent, which CAMEO codes as verbal: a material class
  (2, 4) becomes the verbal one (1, 3). An event only asked for, possible or conditional ("urged Baku
  to withdraw", "is considering sending aid") is no act CAMEO codes: class 0 unless another event
  of the sentence is. A negated cooperative act is the rejection CAMEO codes it as ("will not lift
  the ban" is 124, class 3). No event: class 0. Reported as macro-F1 over the five classes.
* ``cameo_ner_train.txt`` — one token per line with BIO tags ``B-S/I-S`` (source) and ``B-T/I-T``
  (target), a blank line between sentences; the few ``B-R/I-R`` (reciprocal: both sides of an
  undirected event) count as source. The tokens are joined back into a sentence, run through
  the pipeline, and the main event's source and target *mention* spans are projected onto the tokens.
  Scored **token-level**: a token is a true positive for S (or T) when gold and system both tag it so;
  precision, recall and F1 are micro-averaged over all tokens, for S and T separately and together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eventgraph.evaluate.petr import ANNOUNCED, Tally, load_phoenix_codes
from eventgraph.evaluate.runner import CodedText
from eventgraph.evaluate.seeds import GoldError
from eventgraph.records import ActorRef, Event, Mention, Sentence

CLASSES = (0, 1, 2, 3, 4)
CLASS_NAMES = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
VERBAL_OF = {2: 1, 4: 3}  # an intent to act materially is a verbal event
PHOENIX_QUAD = {
    root: quad
    for quad, roots in (
        (0, "01 02"),
        (1, "03 04 05"),
        (2, "06 07 08"),
        (3, "09 10 11 12 13 16"),  # reducing relations (sanctions, expulsions) is verbal conflict
        (4, "14 15 17 18 19 20"),
    )
    for root in roots.split()
}
NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "'s", "’s", "n't", "%", "''"})
NO_SPACE_AFTER = frozenset({"(", "[", "$", "``"})


@dataclass(frozen=True, slots=True)
class ClassRow:
    text: str
    label: int
    line: int


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """A BIO-tagged sentence: its tokens and one tag (S, T or O) per token."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    line: int

    def text_and_offsets(self) -> tuple[str, list[tuple[int, int]]]:
        """The sentence as prose (no space before a comma …) and each token's character span."""
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        position = 0
        for index, token in enumerate(self.tokens):
            glue = index > 0 and token not in NO_SPACE_BEFORE and self.tokens[index - 1] not in NO_SPACE_AFTER
            if glue:
                parts.append(" ")
                position += 1
            offsets.append((position, position + len(token)))
            parts.append(token)
            position += len(token)
        return "".join(parts), offsets


@dataclass(slots=True)
class ClassError:
    line: int
    gold: int
    predicted: int
    sentence: str
    pattern: str


@dataclass(slots=True)
class ConflibertScore:
    sentences: int = 0
    confusion: Counter[tuple[int, int]] = field(default_factory=Counter)  # (gold, predicted) -> count
    # the same sentences classed by their first asserted event in export order (see first_asserted_event)
    first_confusion: Counter[tuple[int, int]] = field(default_factory=Counter)
    errors: list[ClassError] = field(default_factory=list)
    span_sentences: int = 0
    source: Tally = field(default_factory=Tally)
    target: Tally = field(default_factory=Tally)
    problems: list[str] = field(default_factory=list)

    def class_f1(self, label: int) -> float:
        return _class_f1(self.confusion, label)

    @property
    def macro_f1(self) -> float:
        return _macro_f1(self.confusion)

    @property
    def first_asserted_macro_f1(self) -> float:
        return _macro_f1(self.first_confusion)

    @property
    def accuracy(self) -> float:
        right = sum(n for (g, p), n in self.confusion.items() if g == p)
        return right / self.sentences if self.sentences else 0.0

    @property
    def span(self) -> Tally:
        return Tally(
            self.source.tp + self.target.tp, self.source.fp + self.target.fp, self.source.fn + self.target.fn
        )


def _class_f1(confusion: Counter[tuple[int, int]], label: int) -> float:
    tp = confusion[(label, label)]
    predicted = sum(n for (_, p), n in confusion.items() if p == label)
    gold = sum(n for (g, _), n in confusion.items() if g == label)
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _macro_f1(confusion: Counter[tuple[int, int]]) -> float:
    present = [c for c in CLASSES if any(g == c for g, _ in confusion)]
    return sum(_class_f1(confusion, c) for c in present) / len(present) if present else 0.0


# ------------------------------------------------------------------------------------------- load


def load_class_rows(path: str | Path, every: int = 1) -> tuple[list[ClassRow], list[str]]:
    """``sentence TAB class`` rows (every ``every``-th one) and the problems of skipped lines."""
    rows: list[ClassRow] = []
    problems: list[str] = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        if not text.strip() or label.strip() not in {str(c) for c in CLASSES}:
            problems.append(
                f"{Path(path).name} line {number}: expected 'sentence<TAB>0-4', got {line[:60]!r}"
            )
            continue
        rows.append(ClassRow(text.strip(), int(label), number))
    return rows[::every], problems


def load_tagged_sentences(path: str | Path, every: int = 1) -> tuple[list[TaggedSentence], list[str]]:
    """BIO-tagged sentences (every ``every``-th one) and the problems of skipped sentences."""
    sentences: list[TaggedSentence] = []
    problems: list[str] = []
    tokens: list[str] = []
    tags: list[str] = []
    start = 1
    for number, line in enumerate([*_lines(path), ""], start=1):
        if not line.strip():
            if tokens:
                sentences.append(TaggedSentence(tuple(tokens), tuple(tags), start))
            tokens, tags, start = [], [], number + 1
            continue
        token, _, tag = line.rstrip().rpartition(" ")
        if not token or tag not in ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R"):
            problems.append(
                f"{Path(path).name} line {number}: expected 'token TAG' with a BIO tag, got {line[:60]!r}"
            )
            continue
        tokens.append(token)
        tags.append({"O": "O", "R": "S"}.get(tag[-1], tag[-1]))
    return sentences[::every], problems


def _lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise GoldError(f"{path}: cannot read ConfliBERT file: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise GoldError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error


# ---------------------------------------------------------------------------------------- predict


def main_event(coded: CodedText) -> Event | None:
    """The event a sentence is about: trigger nearest the root, then the earliest; asserted events
    before hypothetical ones, and negated ones only when CAMEO codes them (a refused cooperation)."""
    codes = load_phoenix_codes()
    best: tuple[int, int, Event] | None = None
    triggers = _trigger_positions(coded)
    frames = _reporting_frames(coded, triggers)
    for order, event in enumerate(coded.events):
        if codes.event_cameo(event) is None:
            continue
        place = triggers.get(id(event))
        depth = _depth(*place) if place is not None else 99
        depth += 2 * (id(event) in frames)
        unasserted = event.hypothetical + 2 * (event.hypothetical and event.modality not in ANNOUNCED)
        rank = (depth + unasserted + 2 * event.negated, order)
        if best is None or rank < best[:2]:
            best = (*rank, event)
    return best[2] if best else None


def _trigger_positions(coded: CodedText) -> dict[int, tuple[Sentence, int]]:
    """Each event's (by ``id``) sentence and trigger token, for those whose trigger is found."""
    from eventgraph.pipeline import event_trigger_index

    triggers: dict[int, tuple[Sentence, int]] = {}
    for event in coded.events:
        sentence = _sentence(coded.sentences, event.sentence_index)
        index = event_trigger_index(sentence, event) if sentence is not None else None
        if sentence is not None and index is not None:
            triggers[id(event)] = (sentence, index)
    return triggers


def _reporting_frames(coded: CodedText, triggers: dict[int, tuple[Sentence, int]]) -> set[int]:
    """Events (by ``id``) that report another coded event: "Baku said [Armenian units shelled …]" is
    an allegation around the shelling, and the sentence is about the shelling."""
    frames: set[int] = set()
    for event in coded.events:
        if id(event) not in triggers:
            continue
        sentence, index = triggers[id(event)]
        for other in coded.events:
            place = triggers.get(id(other))
            if other is not event and place is not None and place[0] is sentence:
                token = sentence.tokens[_clause_of(sentence, place[1])]
                if token.dep == "ccomp" and token.head == index:
                    frames.add(id(event))
    return frames


def _clause_of(sentence: Sentence, i: int) -> int:
    """The verb heading the clause of token ``i`` ("carried out [attacks]" → "carried")."""
    for _ in range(4):
        token = sentence.tokens[i]
        if token.pos in ("VERB", "AUX") or token.head == i:
            return i
        i = token.head
    return i


def first_asserted_event(coded: CodedText) -> Event | None:
    """The plainer reading a user of ``eventgraph export`` would take: the first event in export order
    (its span's start) that is neither negated nor hypothetical. Reported beside :func:`main_event`, so
    the difference the main-event choice makes is visible."""
    asserted = [e for e in coded.events if not e.negated and not e.hypothetical and e.cameo]
    return min(asserted, key=lambda e: (e.sentence_index, *e.span), default=None)


def export_class(event: Event | None) -> int:
    """The quad class of the event's own CAMEO root; 0 without an event."""
    return PHOENIX_QUAD.get(event.cameo[:2], 0) if event is not None and event.cameo else 0


def predicted_class(event: Event | None) -> int:
    """The Phoenix quad class of the event's CAMEO root as CAMEO codes it; 0 without an event."""
    cameo = load_phoenix_codes().event_cameo(event) if event is not None else None
    if event is None or cameo is None:
        return 0
    quad = PHOENIX_QUAD.get(cameo[:2], event.quad_class)
    if not event.hypothetical or event.negated:
        return quad
    return VERBAL_OF.get(quad, quad) if event.modality in ANNOUNCED else 0


def _sentence(sentences: list[Sentence], index: int) -> Sentence | None:
    return next((s for s in sentences if s.index == index), None)


def _depth(sentence: Sentence, i: int) -> int:
    """Edges from token ``i`` up to the root of its sentence."""
    depth = 0
    while sentence.tokens[i].head != i and depth < len(sentence.tokens):
        i = sentence.tokens[i].head
        depth += 1
    return depth


def _mention_span(actor: ActorRef | None, mentions: list[Mention], event: Event) -> tuple[int, int] | None:
    """Where the event's actor was named: its own mention, else a same-sentence mention of the text."""
    if actor is None:
        return None
    same = [m for m in mentions if m.sentence_index == event.sentence_index]
    for mention in same:
        if mention.actor is actor:
            return mention.start_char, mention.end_char
    for mention in same:
        if mention.actor.text == actor.text:
            return mention.start_char, mention.end_char
    return None


# ------------------------------------------------------------------------------------------ score


def score_classes(rows: list[ClassRow], coded: list[CodedText], score: ConflibertScore) -> None:
    for row, result in zip(rows, coded, strict=True):
        event = main_event(result)
        predicted = predicted_class(event)
        score.sentences += 1
        score.confusion[(row.label, predicted)] += 1
        score.first_confusion[(row.label, export_class(first_asserted_event(result)))] += 1
        if predicted != row.label:
            pattern = f"{event.pattern} ({event.trigger})" if event else "no pattern"
            score.errors.append(ClassError(row.line, row.label, predicted, row.text, pattern))


def score_spans(sentences: list[TaggedSentence], coded: list[CodedText], score: ConflibertScore) -> None:
    for tagged, result in zip(sentences, coded, strict=True):
        score.span_sentences += 1
        offsets = _align(tagged.tokens, result.text)
        event = main_event(result)
        predicted = ["O"] * len(tagged.tokens)
        if event is not None:
            for tag, actor in (("T", event.target), ("S", event.source)):
                span = _mention_span(actor, result.mentions, event)
                if span is None:
                    continue
                for k, (start, end) in enumerate(offsets):
                    if start < span[1] and span[0] < end:
                        predicted[k] = tag
        for gold, guess in zip(tagged.tags, predicted, strict=True):
            for tag, tally in (("S", score.source), ("T", score.target)):
                tally.tp += gold == tag and guess == tag
                tally.fp += gold != tag and guess == tag
                tally.fn += gold == tag and guess != tag


def _align(tokens: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Each token's span in the cleaned text, found left to right; (-1, -1) when cleaning changed it."""
    spans: list[tuple[int, int]] = []
    position = 0
    for token in tokens:
        found = text.find(token, position)
        if found < 0:
            spans.append((-1, -1))
            continue
        spans.append((found, found + len(token)))
        position = found + len(token)
    return spans


# ----------------------------------------------------------------------------------------- report


def format_conflibert_report(score: ConflibertScore, errors: bool = False) -> str:
    lines = [
        f"ConfliBERT CAMEO sentences: {score.sentences} classified, {score.span_sentences} span-tagged",
        f"{'quad-class macro-F1':<28}{score.macro_f1:>8.3f}",
        f"{'quad-class accuracy':<28}{score.accuracy:>8.3f}",
        f"{'macro-F1, first asserted':<28}{score.first_asserted_macro_f1:>8.3f}"
        "  (the sentence's first asserted event in export order instead of its main event)",
    ]
    for label in CLASSES:
        lines.append(f"  F1 {label} {CLASS_NAMES[label]:<22}{score.class_f1(label):>8.3f}")
    lines.append("confusion (rows gold, columns predicted): " + "  ".join(str(c) for c in CLASSES))
    for gold in CLASSES:
        lines.append(f"  {gold}: " + " ".join(f"{score.confusion[(gold, p)]:>5}" for p in CLASSES))
    if score.span_sentences:
        lines.append(f"{'span F1 (token-level)':<28}{'P':>8}{'R':>8}{'F1':>8}")
        for name, tally in (
            ("source", score.source),
            ("target", score.target),
            ("source+target", score.span),
        ):
            lines.append(f"  {name:<26}{tally.precision:>8.3f}{tally.recall:>8.3f}{tally.f1:>8.3f}")
    lines += [f"skipped: {problem}" for problem in score.problems[:20]]
    if errors:
        lines += ["", f"misclassified sentences ({len(score.errors)}):"]
        for entry in score.errors:
            lines.append(
                f"  line {entry.line}: gold {entry.gold} predicted {entry.predicted}  [{entry.pattern}]"
            )
            lines.append(f"       {' '.join(entry.sentence.split())[:200]}")
    return "\n".join(lines)


def run_conflibert_evaluation(
    class_file: str | Path | None, ner_file: str | Path | None = None, every: int = 1
) -> ConflibertScore:
    """Run the sentences of either file (every ``every``-th one) through the pipeline and score them."""
    from eventgraph.evaluate.runner import code_texts

    score = ConflibertScore()
    if class_file is not None:
        rows, problems = load_class_rows(class_file, every)
        score.problems += problems
        coded = code_texts((f"class-{r.line}", r.text, None) for r in rows)
        score_classes(rows, coded, score)
    if ner_file is not None:
        tagged, problems = load_tagged_sentences(ner_file, every)
        score.problems += problems
        coded = code_texts((f"ner-{t.line}", t.text_and_offsets()[0], None) for t in tagged)
        score_spans(tagged, coded, score)
    return score
