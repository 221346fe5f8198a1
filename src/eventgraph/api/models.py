"""The typed responses of the REST API; each one appears by name in the OpenAPI schema.

The models mirror the store's export schema (nested actors, date and place) and add what a reader of
the evidence needs: the outlet, the publication date, the link, and the sentence in its paragraph.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

MAX_LIMIT = 500
MAX_BATCH = 20


class Problem(BaseModel):
    """An error a client can act on: what was wrong, with which input."""

    detail: str


class Page(BaseModel):
    """Pagination facts shared by every list: ``total`` counts all matches, not just this page."""

    total: int = Field(ge=0)
    limit: int = Field(ge=1, le=MAX_LIMIT)
    offset: int = Field(ge=0)


# ------------------------------------------------------------------------------------ documents


class DocumentSummary(BaseModel):
    doc_id: str
    name: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="ISO publication date, when known")
    url: str | None = None
    n_sentences: int | None = None
    n_events: int | None = None


class DocumentPage(Page):
    items: list[DocumentSummary]


class RemovedSpanOut(BaseModel):
    """A stretch of the original text that cleaning dropped (offsets into ``original_text``)."""

    start: int
    end: int
    reason: str
    text: str = ""


class EventMark(BaseModel):
    """Where an event's evidence sits in the cleaned text, to highlight it in the article."""

    event_id: str
    type: str
    sentence_index: int
    span: tuple[int, int]


class DocumentDetail(DocumentSummary):
    text: str = Field(description="the cleaned text; every offset in the API refers to it")
    original_text: str
    removed: list[RemovedSpanOut]
    events: list[EventMark]


# --------------------------------------------------------------------------------------- events


class ActorOut(BaseModel):
    id: str | None = None
    name: str | None = None
    text: str | None = None
    sector: str | None = Field(None, description="PLOVER primary sector")
    country: str | None = Field(None, description="ISO alpha-3 of the state the actor is or belongs to")
    secondary: list[str] = Field(default_factory=list, description="PLOVER secondary sectors")
    code: str | None = Field(None, description="country + primary sector (ARMGOV)")


class DateOut(BaseModel):
    value: str | None = None
    precision: str | None = None
    expression: str | None = None


class PlaceOut(BaseModel):
    name: str
    id: str | None = None
    lat: float | None = None
    lon: float | None = None


class InferredOut(BaseModel):
    """A participant the article, not the event's sentence, names: which role, how it was found
    (surname, name, title, pronoun, noun, pair, reciprocal, fighting, territory, organisation, deed) and the
    sentence that named the actor."""

    role: str
    sentence_index: int
    how: str


class EventOut(BaseModel):
    """One coded event with its provenance; ``span`` indexes the document's cleaned text."""

    event_id: str
    doc_id: str
    doc_name: str
    sentence_index: int
    sentence: str
    span: tuple[int, int]
    evidence: str | None = None
    source: ActorOut | None = None
    target: ActorOut | None = None
    type: str
    mode: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    negated: bool = False
    hypothetical: bool = False
    modality: str | None = None
    inferred: list[InferredOut] = Field(
        default_factory=list, description="participants inferred from earlier sentences; [] when all stated"
    )
    date: DateOut | None = None
    place: PlaceOut | None = None
    pattern: str | None = None
    trigger: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None


class EventPage(Page):
    items: list[EventOut]


class SpeakerOut(BaseModel):
    """Who makes a claim: the actor as resolved (``id`` null when no catalogue actor fits) and the person."""

    id: str | None = None
    name: str | None = None
    text: str | None = None
    sector: str | None = None
    person: str | None = None


class PropositionOut(BaseModel):
    span: tuple[int, int]
    text: str


class ClaimAboutOut(BaseModel):
    """An actor a claim is about and the speaker's stance toward it."""

    id: str | None = None
    name: str | None = None
    text: str | None = None
    stance: int = Field(ge=-1, le=1)


class DisputeOut(BaseModel):
    """A denial, rebuttal or counter-accusation answering a claim."""

    speaker: SpeakerOut
    verb: str
    sentence_index: int
    span: tuple[int, int]


class ClaimOut(BaseModel):
    """One claim (a speech act) with its provenance; the JSONL fields of the README's "Claims"."""

    claim_id: str
    doc_id: str
    doc_name: str
    sentence_index: int
    span: tuple[int, int]
    speaker: SpeakerOut
    verb: str
    form: str = Field(description="direct, partial, indirect or paraphrase")
    proposition: PropositionOut
    about: list[ClaimAboutOut] = Field(default_factory=list)
    contested_by: list[DisputeOut] = Field(default_factory=list)
    event_ids: list[str] = Field(default_factory=list)
    date: DateOut | None = None
    cluster_id: str | None = None


class ClaimPage(Page):
    items: list[ClaimOut]


class OutletCoverageOut(BaseModel):
    """What one outlet did with a speaker's claim clusters in the months it published."""

    outlet: str
    documents: int = Field(ge=0, description="its documents in the date range")
    carried: int = Field(ge=0, description="claim clusters of the speaker it carries")
    left_out: int = Field(ge=0, description="clusters others carried in a month it published, it did not")
    share: float | None = Field(None, description="carried / (carried + left_out); null if both are 0")
    carried_clusters: list[str] = Field(default_factory=list)
    left_out_clusters: list[str] = Field(default_factory=list)


class CarriageOut(BaseModel):
    """One claim of a cluster in one outlet's document: the words to open."""

    outlet: str
    claim_id: str
    doc_id: str
    doc_name: str
    published: str | None = None
    sentence_index: int
    span: tuple[int, int]
    proposition_span: tuple[int, int]
    event_ids: list[str] = Field(default_factory=list)


class StanceOut(BaseModel):
    id: str
    stance: int = Field(ge=-1, le=1)


class ClusterCoverageOut(BaseModel):
    """A speaker's claim carried by several documents: who carries it (with evidence), who left it out."""

    cluster_id: str
    verb: str
    proposition: str
    about: list[StanceOut] = Field(default_factory=list)
    first_published: str | None = None
    outlets: list[str]
    left_out_by: list[str] = Field(default_factory=list)
    carried_by: list[CarriageOut]


class ClaimOutlets(Page):
    """``GET /claims/outlets``: every outlet, and a page of the speaker's claim clusters (``total``)."""

    speaker: str
    speaker_name: str | None = None
    about: str | None = None
    since: str | None = None
    until: str | None = None
    outlets: list[OutletCoverageOut]
    items: list[ClusterCoverageOut]


class EvidenceContext(BaseModel):
    """The paragraph around the evidence; the offsets are relative to ``text``."""

    text: str
    sentence_start: int
    sentence_end: int
    span_start: int
    span_end: int
    paragraph_start: int = Field(description="offset of the paragraph in the cleaned text")


class EventDetail(EventOut):
    context: EvidenceContext
    document: DocumentSummary


# --------------------------------------------------------------------------------------- actors


class ActorSummary(BaseModel):
    actor_id: str
    name: str | None = None
    events: int = Field(0, description="asserted and modal events with the actor as source or target")
    as_source: int = 0
    as_target: int = 0


class ActorPage(Page):
    items: list[ActorSummary]


class RoleOut(BaseModel):
    title: str
    actor: str
    sector: str | None = None
    office: str | None = None
    start: str | None = None
    end: str | None = None


class ActorResolution(BaseModel):
    """What a phrase names: the actor, its sector, and for a person the role held on ``date``."""

    text: str
    date: str | None = None
    found: bool
    id: str | None = None
    name: str | None = None
    sector: str | None = None
    secondary: list[str] = Field(default_factory=list, description="PLOVER secondary sectors (e.g. PRE)")
    country: str | None = Field(None, description="ISO alpha-3 of the state the actor is or belongs to")
    code: str | None = Field(None, description="country + primary sector, as ICEWS/POLECAT write it (ARMGOV)")
    variant: str | None = None
    score: float | None = None
    person: str | None = None
    person_name: str | None = None
    role: RoleOut | None = None


class DyadSummary(BaseModel):
    source_id: str
    target_id: str
    events: int
    goldstein: float | None = None


class DyadPage(Page):
    items: list[DyadSummary]


class TypeCount(BaseModel):
    type: str
    events: int


class Overview(BaseModel):
    """What the store holds, for the dashboard's header and defaults."""

    documents: int
    sentences: int
    mentions: int
    events: int
    actors: int
    rejections: int
    types: list[TypeCount]
    outlets: list[str]
    first_date: str | None = None
    last_date: str | None = None


# ------------------------------------------------------------------------------------- analysis


class AnalysisTable(BaseModel):
    """One table an analysis produced: column names and rows (cells are JSON scalars)."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]


class AnalysisResult(BaseModel):
    """The result of an analysis, as named tables plus scalar facts; ``event_ids`` cells link evidence."""

    analysis: str
    parameters: dict[str, Any]
    tables: list[AnalysisTable]
    facts: dict[str, Any] = Field(default_factory=dict)


# --------------------------------------------------------------------------------------- ingest


class ArticleIn(BaseModel):
    """One article to ingest; ``text`` is required, the rest is metadata that wins over the text's own."""

    id: str | None = Field(None, max_length=300, description="a name for the article (default: its hash)")
    title: str | None = Field(None, max_length=2000)
    text: str = Field(min_length=1, max_length=1_000_000)
    published: str | None = Field(None, max_length=100, description="a date such as 2023-09-19")
    source: str | None = Field(None, max_length=300, description="the outlet")
    url: str | None = Field(None, max_length=2000)
    author: str | None = Field(None, max_length=500)


class IngestItemResult(BaseModel):
    index: int
    name: str | None = None
    status: Literal["added", "already_stored", "rejected"]
    doc_id: str | None = None
    events: int = 0
    reason: str | None = None


class IngestResponse(BaseModel):
    added: int
    already_stored: int
    rejected: int
    items: list[IngestItemResult]


# --------------------------------------------------------------------------------------- status


class ServerStatus(BaseModel):
    """The server's hold on its store and the batches it has written (``eventgraph ingest`` and
    ``watch`` submit theirs to it): what a request sees is at least what the last batch left."""

    db: str
    owns_file: bool = Field(description="the server holds the store file open (else another process does)")
    batches_written: int = Field(description="batches written by this server since it started")
    documents_after_last_batch: int | None = Field(
        None, description="documents in the store when the last batch was committed"
    )
    last_batch_at: str | None = Field(None, description="UTC time the last batch was committed (ISO 8601)")
