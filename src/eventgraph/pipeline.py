"""Orchestrates the stages: ingest → annotate → resolve actors → code events → dates and places → store.

Each stage is a package that takes and returns plain records; this module only wires them, so the
local run, the API and the Dask path (later) all go through :meth:`Pipeline.process`.

Ingest writes in transactional batches: a batch is written in one transaction together with the
rejections seen since the previous batch, and documents already in the store (same content hash)
are skipped before any NLP runs, so an ingest killed halfway and run again completes without
duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from eventgraph.analysis.tables import AnalysisTables
from eventgraph.claims.clusters import update_claim_clusters
from eventgraph.dedup import Deduplicator
from eventgraph.records import AnnotatedDocument, Document, Event, ProcessedDocument, Rejection, Sentence
from eventgraph.store import Store, WriteResult, table_rows

DEFAULT_PROFILE = "south-caucasus"
# spaCy's own nlp.max_length: the parser's memory grows with a text's length, so longer articles are
# rejected with a reason instead of failing the whole batch inside nlp.pipe.
MAX_ARTICLE_CHARS = 1_000_000


class Pipeline:
    """The stages, loaded once. ``n_process`` is passed to spaCy's ``nlp.pipe``."""

    def __init__(self, profile: str = DEFAULT_PROFILE, n_process: int = 1, batch_size: int = 32):
        self.profile = profile
        self.n_process = n_process
        self.batch_size = batch_size

    @cached_property
    def catalogue(self):  # type: ignore[no-untyped-def]
        from eventgraph.actors import load_catalogue

        return load_catalogue(self.profile)

    @cached_property
    def resolver(self):  # type: ignore[no-untyped-def]
        from eventgraph.actors import ActorResolver

        return ActorResolver(self.catalogue)

    @cached_property
    def article_knowledge(self):  # type: ignore[no-untyped-def]
        from eventgraph.actors.discourse import ArticleKnowledge

        return ArticleKnowledge.of(self.catalogue)

    @cached_property
    def gazetteer(self):  # type: ignore[no-untyped-def]
        from eventgraph.places import Gazetteer

        return Gazetteer.load(self.profile)

    @cached_property
    def coder(self):  # type: ignore[no-untyped-def]
        from eventgraph.coding import Coder

        return Coder.load(self.profile)

    @cached_property
    def claim_extractor(self):  # type: ignore[no-untyped-def]
        from eventgraph.claims import ClaimExtractor

        return ClaimExtractor.load(self.profile, finish=self.resolver.finish)

    @cached_property
    def annotator(self):  # type: ignore[no-untyped-def]
        from eventgraph.nlp import Annotator

        patterns = list(self.gazetteer.entity_patterns()) + list(self.catalogue.entity_patterns())
        return Annotator(patterns, n_process=self.n_process, batch_size=self.batch_size)

    def warm_up(self) -> Pipeline:
        """Load every stage's data now (spaCy, catalogue, lexicon, the world city table), not on the
        first document: a worker's start-up then stays out of its throughput."""
        from eventgraph.dates.expressions import warm_up as warm_up_dates

        _ = self.annotator, self.resolver, self.coder, self.article_knowledge, self.claim_extractor
        self.gazetteer.cities()
        warm_up_dates()
        return self

    def process(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument]:
        """Run every stage after ingest over ``documents``, streaming in the input order."""
        for annotated in self.annotator.annotate(documents):
            yield self.resolve_and_code(annotated)

    def process_or_reject(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument | Rejection]:
        """Like :meth:`process`, but a document a stage fails on becomes a Rejection naming the error,
        so one unexpected sentence never loses the rest of a batch."""
        for annotated in self.annotator.annotate(documents):
            try:
                yield self.resolve_and_code(annotated)
            except Exception as exc:  # noqa: BLE001 - reported as a rejection, the run goes on
                document = annotated.document
                yield Rejection(
                    input=document.source_path or document.url or document.name,
                    reason=f"{document.name}: a stage failed ({type(exc).__name__}: {exc})",
                    stage="code",
                )

    def resolve_and_code(self, annotated: AnnotatedDocument) -> ProcessedDocument:
        """Actors, events, dates, places and claims for one annotated document."""
        from eventgraph.actors.discourse import ArticleActors
        from eventgraph.dates import carried_date, event_date
        from eventgraph.places import event_place

        document = annotated.document
        processed = ProcessedDocument(document=document, sentences=annotated.sentences)
        previous = None
        article = ArticleActors(self.article_knowledge)  # surnames, titles, "the bloc" of this article
        for sentence in annotated.sentences:
            mentions = article.follow(sentence, self.resolver.mentions(sentence, on=document.published))
            processed.mentions.extend(mentions)
            events = self.coder.code(sentence, mentions, document)
            carried = carried_date(sentence, previous, document.published) if events else None
            for event in events:
                # country, PLOVER sectors and code of each side (the coder copies actors it infers)
                event.source = self.resolver.finish(event.source)
                event.target = self.resolver.finish(event.target) if event.target else None
                trigger = event_trigger_index(sentence, event)
                event.date = event_date(sentence, document.published, event.span, trigger, carried)
                event.place = event_place(sentence, event.span, trigger, self.gazetteer)
                processed.events.append(event)
            previous = sentence
        # speech acts: per sentence holding a verb of saying, on the records just made
        processed.claims = self.claim_extractor.extract(
            document, annotated.sentences, processed.mentions, processed.events
        )
        return processed


def too_long_to_parse(document: Document) -> Rejection | None:
    """A Rejection for an article longer than the parser accepts, else None."""
    if len(document.text) <= MAX_ARTICLE_CHARS:
        return None
    where = document.source_path or document.url or document.name
    named = f"{document.name}: " if where != document.name and not where.endswith(document.name) else ""
    return Rejection(
        input=where,
        reason=f"{named}article too long to parse: {len(document.text):,} characters, "
        f"more than the limit of {MAX_ARTICLE_CHARS:,}",
        stage="annotate",
    )


def event_trigger_index(sentence: Sentence, event: Event) -> int | None:
    """The sentence token index of the event's trigger word (the coder records its text)."""
    if not event.trigger:
        return None
    for token in sentence.tokens:
        if event.span[0] <= token.start < event.span[1] and token.text == event.trigger:
            return token.i
    return None


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did, for the user's summary."""

    read: int = 0
    added: int = 0
    already_stored: int = 0
    sentences: int = 0
    mentions: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    added_names: list[str] = field(default_factory=list)
    # Documents newly placed in a near-duplicate group (theirs and the stored ones they joined).
    near_duplicates: int = 0


@dataclass(slots=True)
class BatchResult:
    """What writing one batch did: the store's write result and the documents newly grouped as
    near-duplicates by the dedup update that follows it."""

    write: WriteResult
    near_duplicates: int = 0


class BatchWriter(Protocol):
    """Where an ingest's batches go: the store file itself, or the server that owns it."""

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]: ...

    def write_batch(
        self, tables: dict[str, list[dict[str, Any]]], rejections: Sequence[Rejection] = ()
    ) -> BatchResult: ...

    def finish(self) -> None:
        """The run's last batch is written: bring what was deferred up to date."""


# Documents between two updates of the analysis tables when this process alone holds the store file
# (a local or Dask ingest: DuckDB's lock keeps every reader out until the run ends). Each update has a
# fixed cost (the neighbours of the new events are linked again), so fewer, larger updates cost less;
# a bound keeps one update's frames small on a long run.
ANALYSE_EVERY = 1024


class StoreWriter:
    """Writes batches into a store this process holds open: one transaction per batch, then the
    near-duplicate and event-cluster update, then the analysis tables' update. The one write path of
    local, Dask and served ingests.

    ``analyse_every``: documents written between two analysis-table updates; 0 updates after every
    batch (a server, whose readers see each batch). What is deferred is done by :meth:`finish`, or
    by the next update of a later run or server start (events without analysis rows are the new
    ones), so a killed run leaves nothing wrong behind, only something to catch up.
    """

    def __init__(self, store: Store, analyse_every: int = 0):
        self.store = store
        self.deduplicator = Deduplicator(store)  # keeps its LSH index from batch to batch
        self.analysis_tables = AnalysisTables(store)  # happenings and disagreements of what is new
        self.analyse_every = analyse_every
        self.unanalysed = 0  # documents written since the last analysis update

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        return self.store.known_doc_ids(doc_ids)

    def write_batch(
        self, tables: dict[str, list[dict[str, Any]]], rejections: Sequence[Rejection] = ()
    ) -> BatchResult:
        result = self.store.write_tables(tables, rejections)
        grouped = self.deduplicator.update().grouped
        update_claim_clusters(self.store)  # the same claim carried by several outlets
        self.unanalysed += result.added
        if self.unanalysed >= self.analyse_every:
            self.finish()
        return BatchResult(write=result, near_duplicates=grouped)

    def finish(self) -> None:
        if self.unanalysed:
            self.analysis_tables.update()  # after the clusters: happenings build on them
            self.unanalysed = 0


def batch_writer(target: Store | BatchWriter) -> BatchWriter:
    """A store opened by the caller is written directly (this process alone holds it: analysis
    updates are spaced by :data:`ANALYSE_EVERY`); anything else already is a writer."""
    return StoreWriter(target, analyse_every=ANALYSE_EVERY) if isinstance(target, Store) else target


def ingest_into(
    store: Store | BatchWriter,
    inputs: Iterable[Document | Rejection],
    pipeline: Pipeline,
    batch_size: int = 32,
    on_document: Callable[[Document | Rejection], None] | None = None,
) -> IngestSummary:
    """Run every document of ``inputs`` through ``pipeline`` and write it to ``store`` (a Store this
    process holds open, or a :class:`BatchWriter` such as the client of a server that owns the file).

    Documents stream through one ``pipeline.process`` call for the whole run (so spaCy's worker
    processes start once and stay busy), and come out in input order; every ``batch_size`` processed
    documents are written in one transaction with the rejections read so far.
    """
    summary = IngestSummary()
    pending: list[Rejection] = []
    writer = batch_writer(store)

    def fresh(chunk: list[Document]) -> list[Document]:
        # Skip what an earlier (perhaps killed) run already stored, before any NLP runs.
        known = writer.known_doc_ids(d.doc_id for d in chunk)
        summary.already_stored += len(known)
        return [d for d in chunk if d.doc_id not in known]

    def documents_to_process() -> Iterator[Document]:
        chunk: list[Document] = []
        for item in inputs:
            if on_document is not None:
                on_document(item)
            if isinstance(item, Document):
                item = too_long_to_parse(item) or item
            if isinstance(item, Rejection):
                summary.rejections.append(item)
                pending.append(item)
                continue
            summary.read += 1
            chunk.append(item)
            if len(chunk) >= batch_size:
                yield from fresh(chunk)
                chunk = []
        if chunk:
            yield from fresh(chunk)

    def write(batch: list[ProcessedDocument]) -> None:
        written = writer.write_batch(table_rows(batch), pending)
        result = written.write
        summary.near_duplicates += written.near_duplicates
        summary.added += result.added
        summary.already_stored += result.skipped
        skipped = set(result.skipped_names)
        for item in batch:
            if item.document.name not in skipped:
                summary.sentences += len(item.sentences)
                summary.mentions += len(item.mentions)
                summary.events += len(item.events)
                summary.added_names.append(item.document.name)
        batch.clear()
        pending.clear()

    batch: list[ProcessedDocument] = []
    for processed in pipeline.process_or_reject(documents_to_process()):
        if isinstance(processed, Rejection):
            summary.rejections.append(processed)
            pending.append(processed)
            continue
        batch.append(processed)
        if len(batch) >= batch_size:
            write(batch)
    if batch or pending:
        write(batch)
    writer.finish()
    return summary
