"""Score actor resolution against hand-annotated actor phrases: country, primary sector, unresolved share.

The gold file has one JSON object per line::

    {"doc": "corpus id", "text": "the phrase verbatim", "context": "its sentence verbatim",
     "date": "YYYY-MM-DD" or null, "country": "ISO alpha-3" or null (international actor),
     "sector": "PLOVER primary sector", "secondary": ["codes"], "id": "UN" (optional), "note": "…"}

Each phrase is resolved inside its sentence when the sentence holds it (the mention covering the phrase;
the sentence gives apposition and possessive context), else on its own. With the corpus the phrases come
from, each is resolved inside its whole article instead, as the pipeline reads it: the article tracker has
seen every sentence before it (surnames, "the bloc", the article's state for "the government").
A phrase is *unresolved* when the resolver gives it neither an actor id nor a country. Country is right
when it equals the gold country; for an international actor (gold country null) the phrase must be
resolved to an actor with no country.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventgraph.datafiles import DataFileError, Field, Schema
from eventgraph.evaluate.seeds import GoldError
from eventgraph.records import ActorRef

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "actors_gold" / "actors.dev.jsonl"
GOLD_SCHEMA = Schema(
    {
        "doc": Field("any"),
        "text": Field("str", required=True),
        "context": Field("any"),
        "date": Field("date"),
        "country": Field("str", pattern=r"^[A-Z]{3}$", describe="an ISO alpha-3 code or null"),
        "sector": Field("str", pattern=r"^[A-Z]{3}$", describe="a three-letter PLOVER sector code"),
        "secondary": Field("strings"),
        "id": Field("str"),
        "note": Field("any"),
    }
)


@dataclass(frozen=True, slots=True)
class GoldPhrase:
    where: str
    doc: str | None
    text: str
    context: str | None
    day: date | None
    country: str | None
    sector: str | None
    secondary: tuple[str, ...]
    actor_id: str | None


@dataclass(slots=True)
class ActorScores:
    """Counts and the rows that went wrong."""

    total: int = 0
    country_right: int = 0
    expected_country: int = 0
    expected_country_right: int = 0
    sector_right: int = 0
    unresolved: int = 0
    id_total: int = 0
    id_right: int = 0
    errors: list[tuple[GoldPhrase, ActorRef | None]] = field(default_factory=list)

    @property
    def country_accuracy(self) -> float:
        return self.country_right / self.total if self.total else 0.0

    @property
    def sector_accuracy(self) -> float:
        return self.sector_right / self.total if self.total else 0.0

    @property
    def unresolved_share(self) -> float:
        return self.unresolved / self.total if self.total else 0.0


def read_actor_gold(path: Path) -> list[GoldPhrase]:
    """The gold phrases; a malformed line is a GoldError naming the file, the line and the problem."""
    if not path.is_file():
        raise GoldError(f"{path}: gold file not found")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}: {where}: not valid JSON ({exc.msg})") from None
        try:
            values = GOLD_SCHEMA.check(path, where, data)
        except DataFileError as exc:
            raise GoldError(str(exc)) from None
        rows.append(
            GoldPhrase(
                where,
                str(values["doc"]) if values["doc"] is not None else None,
                values["text"],
                values["context"]
                if isinstance(values["context"], str) and values["context"].strip()
                else None,
                values["date"],
                values["country"],
                values["sector"],
                tuple(values["secondary"]),
                values["id"],
            )
        )
    if not rows:
        raise GoldError(f"{path}: no gold phrases")
    return rows


def score_actors(gold: Sequence[GoldPhrase], predicted: Sequence[ActorRef | None]) -> ActorScores:
    scores = ActorScores()
    for row, ref in zip(gold, predicted, strict=True):
        scores.total += 1
        resolved = ref is not None and (ref.id is not None or ref.country is not None)
        country = ref.country if ref is not None else None
        country_ok = resolved and country == row.country
        sector_ok = ref is not None and ref.sector == row.sector
        scores.unresolved += not resolved
        scores.country_right += country_ok
        scores.sector_right += sector_ok
        if row.country is not None:
            scores.expected_country += 1
            scores.expected_country_right += country_ok
        id_ok = True
        if row.actor_id is not None:
            scores.id_total += 1
            id_ok = ref is not None and ref.id == row.actor_id
            scores.id_right += id_ok
        if not (country_ok and sector_ok and id_ok):
            scores.errors.append((row, ref))
    return scores


def resolve_gold(gold: Sequence[GoldPhrase], profile: str = "south-caucasus") -> list[ActorRef | None]:
    """Each gold phrase resolved in its sentence (or alone, when the sentence does not hold it)."""
    from eventgraph.actors import ActorResolver, load_catalogue

    resolver = ActorResolver(load_catalogue(profile))
    return [resolve_in_context(resolver, row.text, row.context, row.day) for row in gold]


def resolve_in_context(resolver, text: str, context: str | None, day: date | None) -> ActorRef | None:  # type: ignore[no-untyped-def]
    """The actor ``text`` names inside ``context``: the mention overlapping it most; alone without one."""
    if context and text in context:
        start = context.index(text)
        best = _most_overlapping(mentions_of(resolver, context, day), start, start + len(text))
        if best is not None:
            return best
    return resolver.resolve(text, on=day)


def mentions_of(resolver, sentence: str, day: date | None) -> list:  # type: ignore[no-untyped-def]
    """Actor mentions in a sentence parsed with the project's pipeline (EntityRuler fed by the catalogue)."""
    from eventgraph.records import Document

    annotator = _annotator(resolver)
    document = Document(
        doc_id="context", name="context", text=sentence, original_text=sentence, published=day
    )
    from eventgraph.actors.discourse import ArticleActors

    article = ArticleActors(_article_knowledge(resolver))  # the context is the article, as in the pipeline
    found = []
    for parsed in annotator.annotate_one(document).sentences:
        found.extend(article.follow(parsed, resolver.mentions(parsed, on=day)))
    return found


_KNOWLEDGE: dict[int, object] = {}


def _article_knowledge(resolver):  # type: ignore[no-untyped-def]
    from eventgraph.actors.discourse import ArticleKnowledge

    key = id(resolver.catalogue)
    if key not in _KNOWLEDGE:
        _KNOWLEDGE[key] = ArticleKnowledge.of(resolver.catalogue)
    return _KNOWLEDGE[key]


_ANNOTATORS: dict[int, object] = {}


def _annotator(resolver):  # type: ignore[no-untyped-def]
    from eventgraph.nlp import Annotator

    key = id(resolver.catalogue)
    if key not in _ANNOTATORS:
        _ANNOTATORS[key] = Annotator(resolver.catalogue.entity_patterns())
    return _ANNOTATORS[key]


def run_actor_evaluation(path: Path, corpus: str | Path | None = None) -> ActorScores:
    """Scores of the gold phrases, each resolved in its sentence, or in its article with ``corpus``."""
    gold = read_actor_gold(path)
    if corpus is None:
        return score_actors(gold, resolve_gold(gold))
    return score_actors(gold, resolve_gold_in_articles(gold, Path(corpus)))


def resolve_gold_in_articles(
    gold: Sequence[GoldPhrase], corpus: Path, profile: str = "south-caucasus"
) -> list[ActorRef | None]:
    """Each phrase resolved in its article (read from ``corpus`` by the row's ``doc``); a phrase whose
    article or sentence is not found is resolved in its context sentence as without the corpus."""
    from eventgraph.actors import ActorResolver, load_catalogue
    from eventgraph.evaluate.seeds import read_corpus_documents

    resolver = ActorResolver(load_catalogue(profile))
    documents, _ = read_corpus_documents(corpus, {row.doc for row in gold if row.doc})
    by_id = {document.name: document for document in documents}
    parsed: dict[str, list] = {}
    found = []
    for row in gold:
        document = by_id.get(row.doc or "")
        ref = None
        if document is not None:
            if document.name not in parsed:
                parsed[document.name] = _annotator(resolver).annotate_one(document).sentences
            ref = _resolve_in_article(resolver, parsed[document.name], row)
        found.append(ref if ref is not None else resolve_in_context(resolver, row.text, row.context, row.day))
    return found


def _resolve_in_article(resolver, sentences: list, row: GoldPhrase) -> ActorRef | None:  # type: ignore[no-untyped-def]
    """The mention overlapping the phrase most in the sentence that holds it (the one sharing most words
    with the row's context), after the article tracker has read every sentence up to it."""
    from eventgraph.actors.discourse import ArticleActors

    context_words = set((row.context or row.text).split())
    holding = [s for s in sentences if row.text in s.text]
    if not holding:
        return None
    target = max(holding, key=lambda s: len(context_words & set(s.text.split())))
    article = ArticleActors(_article_knowledge(resolver))
    for sentence in sentences:
        mentions = article.follow(sentence, resolver.mentions(sentence, on=row.day))
        if sentence is target:
            start = sentence.start + sentence.text.index(row.text)
            return _most_overlapping(mentions, start, start + len(row.text))
    return None


def _most_overlapping(mentions: list, start: int, end: int) -> ActorRef | None:  # type: ignore[type-arg]
    """The mention the phrase stands for: the resolved one it begins with when it holds several (its head:
    "rebels in Sierra Leone" are the rebels, of Sierra Leone), else the one overlapping it most."""
    best, overlap = None, 0
    for mention in mentions:
        shared = min(end, mention.end_char) - max(start, mention.start_char)
        if shared > overlap:
            best, overlap = mention.actor, shared
    for mention in mentions:
        actor = mention.actor
        inside = mention.start_char == start and mention.end_char < end
        if inside and actor is not best and (actor.id or actor.country) and actor.sector:
            return actor
    return best


def format_actor_report(scores: ActorScores, errors: bool = False) -> str:
    lines = [
        f"actor phrases: {scores.total}",
        f"country accuracy         {scores.country_accuracy:.3f}  ({scores.country_right}/{scores.total})",
        f"  where a country is expected {_ratio(scores.expected_country_right, scores.expected_country)}",
        f"primary-sector accuracy  {scores.sector_accuracy:.3f}  ({scores.sector_right}/{scores.total})",
        f"unresolved share         {scores.unresolved_share:.3f}  ({scores.unresolved}/{scores.total})",
    ]
    if scores.id_total:
        lines.append(f"organisation id accuracy {_ratio(scores.id_right, scores.id_total)}")
    if errors and scores.errors:
        lines.append("")
        lines.append("wrong or unresolved (gold -> resolved):")
        for row, ref in scores.errors:
            got = "unresolved" if ref is None else f"{ref.id} country={ref.country} sector={ref.sector}"
            lines.append(
                f"  {row.where}: {row.text!r}: country={row.country} sector={row.sector}"
                f"{' id=' + row.actor_id if row.actor_id else ''} -> {got}"
            )
    return "\n".join(lines)


def _ratio(right: int, total: int) -> str:
    return f"{right / total:.3f}  ({right}/{total})" if total else "-"
