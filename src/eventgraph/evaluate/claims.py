"""Score extracted claims against a hand-annotated claims set (data/claims_gold/README.md).

A claim is scored as tuples (document, speaker, about, stance sign), one per actor it is about: precision
and recall over the sets of tuples, rows marked ``optional`` neither rewarded nor penalised. Besides:

- *stance reversals*: a gold tuple with stance -1 or +1 found only with the opposite sign;
- *dispute links*: of the gold claims with ``contested_by``, those whose extracted claim (same document,
  speaker and sentence) names each gold denier among its ``contested_by``; and the extracted links no
  gold claim has (wrong links);
- *proposition overlap*: over gold claims found in their sentence, the mean word F1 of the extracted
  proposition against the gold one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventgraph.evaluate.seeds import GoldError, read_corpus_documents, read_folder_documents
from eventgraph.records import Claim, Document, ProcessedDocument

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "claims_gold" / "claims.dev.jsonl"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
FIELDS = ("doc", "quote", "speaker", "verb", "form", "proposition", "about", "contested_by")
WORD = re.compile(r"\w+")

Key = tuple[str, str | None, str, int]


@dataclass(frozen=True, slots=True)
class GoldClaim:
    where: str
    doc: str
    quote: str
    speaker: str | None
    verb: str
    form: str
    proposition: str
    about: tuple[tuple[str, int], ...]
    deniers: tuple[str | None, ...]
    optional: bool

    def tuples(self) -> set[Key]:
        return {(self.doc, self.speaker, actor, _sign(stance)) for actor, stance in self.about}


@dataclass(slots=True)
class ClaimScore:
    """What the evaluation found, with the tuples behind each figure for ``--errors``."""

    gold_claims: int = 0
    found_claims: int = 0
    true_positives: set[Key] = field(default_factory=set)
    false_positives: set[Key] = field(default_factory=set)
    false_negatives: set[Key] = field(default_factory=set)
    reversals: list[tuple[Key, Key]] = field(default_factory=list)
    disputes: int = 0
    disputes_linked: int = 0
    dispute_misses: list[str] = field(default_factory=list)
    wrong_links: list[str] = field(default_factory=list)
    overlaps: list[float] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def dispute_accuracy(self) -> float:
        return self.disputes_linked / self.disputes if self.disputes else 0.0

    @property
    def proposition_overlap(self) -> float:
        return sum(self.overlaps) / len(self.overlaps) if self.overlaps else 0.0


def load_claim_gold(path: str | Path) -> list[GoldClaim]:
    """The gold rows, checked: a bad row is a GoldError naming the file and the line."""
    path = Path(path)
    if not path.is_file():
        raise GoldError(f"{path}: gold file not found")
    rows: list[GoldClaim] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or any(f not in row for f in FIELDS):
            raise GoldError(f"{where}: a claims row needs the fields {', '.join(FIELDS)}")
        try:
            about = tuple((str(a["id"]), int(a["stance"])) for a in row["about"])
            deniers = tuple(d.get("speaker") for d in row["contested_by"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise GoldError(f"{where}: about needs [{{id, stance}}], contested_by [{{speaker, …}}]") from None
        if any(s not in (-1, 0, 1) for _, s in about):
            raise GoldError(f"{where}: a stance must be -1, 0 or 1")
        rows.append(
            GoldClaim(
                where,
                _doc_name(row["doc"]),
                str(row["quote"]),
                row["speaker"],
                str(row["verb"]),
                str(row["form"]),
                str(row["proposition"]),
                about,
                deniers,
                bool(row.get("optional")),
            )
        )
    return rows


def _doc_name(doc: str) -> str:
    """A record of a bundled JSONL sample is named by its id ("22_feed….jsonl/<id>" -> "<id>")."""
    return doc.split("/", 1)[1] if ".jsonl/" in doc else doc


def score_claims(
    claims: Sequence[Claim],
    texts: dict[str, ProcessedDocument],
    gold: list[GoldClaim],
    partial: frozenset[str] = frozenset(),
) -> ClaimScore:
    """Score ``claims`` (of the documents the gold names) against ``gold``. In the documents named in
    ``partial`` only the beginning was annotated (data/claims_gold/README.md: the first claims of each
    corpus article): claims after the sentence of their last gold claim are not scored."""
    claims = _annotated(claims, texts, gold, partial)
    score = ClaimScore(gold_claims=sum(not g.optional for g in gold), found_claims=len(claims))
    gold_keys = {k for g in gold if not g.optional for k in g.tuples()}
    optional_keys = {k for g in gold if g.optional for k in g.tuples()}
    found_keys = {
        (c.doc_name, c.speaker.id, a.actor.id, _sign(a.stance))
        for c in claims
        for a in c.about
        if a.actor.id is not None
    }
    score.true_positives = found_keys & gold_keys
    score.false_positives = found_keys - gold_keys - optional_keys
    score.false_negatives = gold_keys - found_keys
    for key in sorted(score.false_negatives, key=str):
        if key[3] != 0 and (flipped := (*key[:3], -key[3])) in found_keys:
            score.reversals.append((key, flipped))  # type: ignore[arg-type]
    found_links = set()
    for g in gold:
        match = _matching_claim(g, claims, texts)
        if match is not None:
            score.overlaps.append(_word_f1(match.proposition_text, g.proposition))
        if not g.deniers:
            continue
        score.disputes += 1
        linked = {d.speaker.id for d in match.contested_by} if match else set()
        if set(g.deniers) <= linked:
            score.disputes_linked += 1
        else:
            score.dispute_misses.append(
                f"{g.where}: {g.speaker} contested by {list(g.deniers)}, found {sorted(map(str, linked))}"
            )
        if match is not None:
            found_links.add(id(match))
    for claim in claims:
        if claim.contested_by and id(claim) not in found_links:
            deniers = [d.speaker.id for d in claim.contested_by]
            score.wrong_links.append(
                f"{claim.doc_name} sentence {claim.sentence_index}: {claim.speaker.id} contested by {deniers}"
            )
    return score


def _annotated(
    claims: Sequence[Claim],
    texts: dict[str, ProcessedDocument],
    gold: list[GoldClaim],
    partial: frozenset[str],
) -> list[Claim]:
    """The claims of the annotated part of each document: all of them, but in the ``partial`` documents
    only those up to the last sentence holding a gold claim."""
    last: dict[str, int] = {}
    for g in gold:
        processed = texts.get(g.doc)
        if g.doc not in partial or processed is None:
            continue
        quote = _fold(g.quote)
        for sentence in processed.sentences:
            if _overlaps(_fold(sentence.text), quote):
                last[g.doc] = max(last.get(g.doc, -1), sentence.index)
    return [c for c in claims if c.doc_name not in partial or c.sentence_index <= last.get(c.doc_name, -1)]


def _matching_claim(
    g: GoldClaim, claims: Sequence[Claim], texts: dict[str, ProcessedDocument]
) -> Claim | None:
    """The extracted claim of the gold claim's speaker in the sentence holding its quote."""
    processed = texts.get(g.doc)
    if processed is None:
        return None
    quote = _fold(g.quote)
    sentences = {s.index for s in processed.sentences if _overlaps(_fold(s.text), quote)}
    candidates = [
        c
        for c in claims
        if c.doc_name == g.doc and c.sentence_index in sentences and c.speaker.id == g.speaker
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda c: _word_f1(c.proposition_text, g.proposition))


def _overlaps(sentence: str, quote: str) -> bool:
    return bool(sentence) and (sentence in quote or quote in sentence or quote[:60] in sentence)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _word_f1(found: str, gold: str) -> float:
    a, b = WORD.findall(found.lower()), WORD.findall(gold.lower())
    common = sum(min(a.count(w), b.count(w)) for w in set(a))
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def _sign(stance: int) -> int:
    return (stance > 0) - (stance < 0)


# ---------------------------------------------------------------------------------------------- run


def claim_documents(
    gold: list[GoldClaim], corpus: str | Path | None
) -> tuple[list[Document], list[str], frozenset[str]]:
    """The documents the gold names: bundled samples by file name (a JSONL sample's records by id),
    the rest by record id from the JSON-lines ``corpus``; with the rejections and the names of the
    corpus articles, of which only the first claims were annotated (data/claims_gold/README.md)."""
    names = {g.doc for g in gold}
    documents, rejections = read_folder_documents(SAMPLES, names)
    missing = names - {d.name for d in documents}
    from_corpus: frozenset[str] = frozenset()
    if missing and corpus is not None:
        more, problems = read_corpus_documents(corpus, missing)
        documents += more
        rejections += problems
        from_corpus = frozenset(d.name for d in more)
    elif missing:
        rejections.append(f"{len(missing)} documents not scored: give --corpus with their records")
    return documents, rejections, from_corpus


def run_claim_evaluation(gold_path: str | Path = DEV_SET, corpus: str | Path | None = None) -> ClaimScore:
    """Run the whole pipeline over the gold's documents and score its claims."""
    from eventgraph.evaluate.runner import shared_pipeline

    gold = load_claim_gold(gold_path)
    documents, rejections, from_corpus = claim_documents(gold, corpus)
    processed = {p.document.name: p for p in shared_pipeline().process(documents)}
    claims = [c for p in processed.values() for c in p.claims]
    scored_docs = set(processed)
    score = score_claims(claims, processed, [g for g in gold if g.doc in scored_docs], from_corpus)
    score.rejections = rejections
    return score


def format_claim_report(score: ClaimScore, errors: bool = False) -> str:
    """The printed report of ``eventgraph evaluate --format claims``."""
    lines = [
        f"claims: {score.gold_claims} gold (not optional), {score.found_claims} extracted",
        "(document, speaker, about, stance sign): "
        f"P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}  "
        f"({len(score.true_positives)} right, {len(score.false_positives)} wrong, "
        f"{len(score.false_negatives)} missed)",
        f"stance reversed: {len(score.reversals)}",
        f"dispute links: {score.disputes_linked}/{score.disputes} ({score.dispute_accuracy:.3f}); "
        f"links no gold claim has: {len(score.wrong_links)}",
        f"proposition word overlap (F1, {len(score.overlaps)} claims found in their sentence): "
        f"{score.proposition_overlap:.3f}",
    ]
    lines += [f"not scored: {r}" for r in score.rejections]
    if errors:
        lines.append("\nreversed (gold -> found):")
        lines += [f"  {g} -> {f}" for g, f in score.reversals]
        lines.append("missed:")
        lines += [f"  {k}" for k in sorted(score.false_negatives, key=str)]
        lines.append("wrong:")
        lines += [f"  {k}" for k in sorted(score.false_positives, key=str)]
        lines.append("dispute links missed:")
        lines += [f"  {m}" for m in score.dispute_misses]
        lines.append("links no gold claim has:")
        lines += [f"  {m}" for m in score.wrong_links]
    return "\n".join(lines)
