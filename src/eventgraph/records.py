"""Typed records that the pipeline stages exchange.

Every stage takes and returns these plain dataclasses, never spaCy objects or database rows, so a
stage can be tested, replaced or shipped to a Dask worker on its own. Character offsets always refer
to the *cleaned* text of a document (``Document.text``) unless a field says otherwise; the document's
``offset_map`` translates them back to the original text.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


def content_hash(text: str) -> str:
    """Stable document id: the first 16 hex digits of SHA-256 over whitespace-folded text."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------- ingest


@dataclass(slots=True)
class RemovedSpan:
    """A stretch of the original text that cleaning dropped, and why (``boilerplate``, ``headline`` …)."""

    start: int
    end: int
    reason: str
    text: str = ""


@dataclass(slots=True)
class OffsetSegment:
    """``length`` characters starting at ``clean_start`` in the cleaned text come from ``orig_start``."""

    clean_start: int
    orig_start: int
    length: int


@dataclass(slots=True)
class Document:
    """One article after ingestion: metadata, the original text and the cleaned text."""

    doc_id: str
    name: str
    text: str
    original_text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    published_expression: str | None = None
    url: str | None = None
    source_path: str | None = None
    input_format: str = "text"
    removed: list[RemovedSpan] = field(default_factory=list)
    offset_map: list[OffsetSegment] = field(default_factory=list)
    # The character encoding the input bytes were decoded with (None when given as text).
    encoding: str | None = None

    def original_offset(self, clean_offset: int) -> int:
        """Map an offset in the cleaned text to the original text (identity without a map).

        The character at ``clean_offset`` maps into the segment holding it; an offset just past a
        segment (a span's end, or a separator cleaning made up) maps to where that segment ends.
        """
        end_of_segment = None
        for seg in self.offset_map:
            if seg.clean_start <= clean_offset < seg.clean_start + seg.length:
                return seg.orig_start + (clean_offset - seg.clean_start)
            if end_of_segment is None and clean_offset == seg.clean_start + seg.length:
                end_of_segment = seg.orig_start + seg.length
        return clean_offset if end_of_segment is None else end_of_segment


@dataclass(slots=True)
class Rejection:
    """An input, or part of one, that was not ingested, with the reason a user can act on."""

    input: str
    reason: str
    line: int | None = None
    stage: str = "ingest"


@dataclass(slots=True)
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------ nlp


@dataclass(slots=True)
class Token:
    """A token of a sentence; ``i`` and ``head`` index into the sentence's token list."""

    i: int
    text: str
    start: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""
    whitespace: str = " "

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(slots=True)
class EntitySpan:
    """A named-entity span; ``start``/``end`` are token indices in the sentence (end exclusive)."""

    start: int
    end: int
    label: str
    text: str
    start_char: int
    end_char: int
    kb_id: str = ""


@dataclass(slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    entities: list[EntitySpan] = field(default_factory=list)


@dataclass(slots=True)
class AnnotatedDocument:
    document: Document
    sentences: list[Sentence] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- actors


@dataclass(slots=True)
class Inference:
    """How a participant the sentence does not name was found: ``how`` (surname, name, title, pronoun,
    noun, pair, reciprocal, fighting, territory, organisation, country, deed) and the sentence that named
    the actor."""

    sentence_index: int
    how: str


@dataclass(slots=True)
class ActorRef:
    """A resolved (or unresolved: ``id`` None) actor as it appears in an event.

    ``name`` is the canonical name, ``text`` the words in the article, ``variant`` the catalogue
    alias that matched (it differs from ``text`` when a fuzzy match caught a misspelling).
    """

    id: str | None
    name: str
    text: str
    sector: str | None = None
    variant: str | None = None
    score: float = 1.0
    person: str | None = None
    inferred: Inference | None = None  # set when the article, not these words, says who this is
    country: str | None = None  # the state the actor is or belongs to (ISO alpha-3); None: international
    secondary: tuple[str, ...] = ()  # PLOVER secondary sectors (a Karabakh body: PRE)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "text": self.text,
            "sector": self.sector,
            "country": self.country,
            "secondary": list(self.secondary),
            "code": self.code,
        }

    @property
    def code(self) -> str | None:
        """The combined country + sector code ICEWS and POLECAT users know ("ARMGOV"); the country part
        of an international actor is its id ("UN", "EU") or, unknown, "---"."""
        if self.id is None and self.sector is None:
            return None
        base = self.country or self.id or "---"
        return base + (self.sector or "")


@dataclass(slots=True)
class Mention:
    """An actor mention in a sentence: token span ``[start, end)`` and the actor it resolves to."""

    doc_id: str
    sentence_index: int
    start: int
    end: int
    start_char: int
    end_char: int
    actor: ActorRef


# ------------------------------------------------------------------------------------- dates, places


@dataclass(slots=True)
class DateRef:
    """A date with its precision: day, week, month, year, reported (publication date) or unresolved.

    ``value`` is an ISO date (``2023-05-07``), month (``2023-05``), year (``2023``) or interval
    (``2023-04-30/2023-05-06``); None when unresolved.
    """

    value: str | None
    precision: str
    expression: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "expression": self.expression}


@dataclass(slots=True)
class PlaceRef:
    name: str
    id: str | None = None
    lat: float | None = None
    lon: float | None = None
    text: str | None = None
    country: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "id": self.id, "lat": self.lat, "lon": self.lon}


# --------------------------------------------------------------------------------------------- events


@dataclass(slots=True)
class InferredParticipant:
    """A participant of an event that the article, not its own sentence, names: the role it fills
    (``source`` or ``target``), the sentence that named it and how it was found (see :class:`Inference`)."""

    role: str
    sentence_index: int
    how: str

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "sentence_index": self.sentence_index, "how": self.how}


@dataclass(slots=True)
class Event:
    """One coded event and its provenance. This is the export schema documented in the README."""

    event_id: str
    doc_id: str
    doc_name: str
    sentence_index: int
    sentence: str
    span: tuple[int, int]
    source: ActorRef
    target: ActorRef | None
    type: str
    mode: str | None
    cameo: str
    goldstein: float
    quad_class: int
    negated: bool = False
    hypothetical: bool = False
    date: DateRef | None = None
    place: PlaceRef | None = None
    pattern: str = ""
    trigger: str = ""
    modality: str | None = None  # why a hypothetical event is not fact: future, intent, request, …
    inferred: list[InferredParticipant] = field(default_factory=list)  # empty: every participant stated

    def as_dict(self) -> dict[str, Any]:
        """The export form: the JSONL schema fixed in the README."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "doc_name": self.doc_name,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "span": list(self.span),
            "source": self.source.as_dict(),
            "target": self.target.as_dict() if self.target else None,
            "type": self.type,
            "mode": self.mode,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "modality": self.modality,
            "date": self.date.as_dict() if self.date else None,
            "place": self.place.as_dict() if self.place else None,
            "pattern": self.pattern,
            "inferred": [i.as_dict() for i in self.inferred],
        }


def inferred_participants(source: ActorRef, target: ActorRef | None) -> list[InferredParticipant]:
    """The event's participants that were inferred, from the inferences their references carry."""
    found = []
    for role, actor in (("source", source), ("target", target)):
        if actor is not None and actor.inferred is not None:
            found.append(InferredParticipant(role, actor.inferred.sentence_index, actor.inferred.how))
    return found


# --------------------------------------------------------------------------------------------- claims


@dataclass(slots=True)
class ClaimAbout:
    """An actor a claim is about, and the speaker's stance toward it: -1, 0 or +1."""

    actor: ActorRef
    stance: int

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.actor.id, "name": self.actor.name, "text": self.actor.text, "stance": self.stance}


@dataclass(slots=True)
class Dispute:
    """A denial answering a claim ("…, which Baku has denied"): who denies it, the verb and where."""

    speaker: ActorRef
    verb: str
    sentence_index: int
    span: tuple[int, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "speaker": speaker_dict(self.speaker),
            "verb": self.verb,
            "sentence_index": self.sentence_index,
            "span": list(self.span),
        }


@dataclass(slots=True)
class Claim:
    """A speech act: who says what about whom, with which stance; the export schema in the README.

    ``span`` covers speaker, verb and proposition in the cleaned text; ``proposition_span`` only what
    is claimed. ``form`` is direct, partial (quotes some words), indirect or paraphrase.
    """

    claim_id: str
    doc_id: str
    doc_name: str
    sentence_index: int
    span: tuple[int, int]
    speaker: ActorRef
    verb: str
    form: str
    proposition_span: tuple[int, int]
    proposition_text: str
    about: list[ClaimAbout] = field(default_factory=list)
    contested_by: list[Dispute] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    date: DateRef | None = None
    cluster_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The export form: the JSONL fields fixed in the README ("Claims")."""
        return {
            "claim_id": self.claim_id,
            "doc_id": self.doc_id,
            "doc_name": self.doc_name,
            "sentence_index": self.sentence_index,
            "span": list(self.span),
            "speaker": speaker_dict(self.speaker),
            "verb": self.verb,
            "form": self.form,
            "proposition": {"span": list(self.proposition_span), "text": self.proposition_text},
            "about": [a.as_dict() for a in self.about],
            "contested_by": [d.as_dict() for d in self.contested_by],
            "event_ids": list(self.event_ids),
            "date": self.date.as_dict() if self.date else None,
            "cluster_id": self.cluster_id,
        }


def speaker_dict(actor: ActorRef) -> dict[str, Any]:
    """A claim's speaker as exported: ``{id, name, text, sector, person}``."""
    return {
        "id": actor.id,
        "name": actor.name,
        "text": actor.text,
        "sector": actor.sector,
        "person": actor.person,
    }


def claim_id_for(doc_id: str, span: tuple[int, int], speaker: str | None, verb: str) -> str:
    """Deterministic claim id, so re-running the extractor on the same document yields the same ids."""
    key = f"claim|{doc_id}|{span[0]}|{span[1]}|{speaker}|{verb}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class ProcessedDocument:
    """A document with everything the stages found in it, ready for the store."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def event_id_for(
    doc_id: str, span: tuple[int, int], source: str | None, target: str | None, kind: str
) -> str:
    """Deterministic event id, so re-running the coder on the same document yields the same ids."""
    key = f"{doc_id}|{span[0]}|{span[1]}|{source}|{target}|{kind}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def to_plain(record: Any) -> Any:
    """A record as JSON-ready dicts and lists (dates as ISO strings)."""
    data = asdict(record)
    return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
