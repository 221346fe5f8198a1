"""Orchestrates the stages: ingest → annotate → resolve actors → code events → dates and places → store.

Each stage is a package that takes and returns plain records; this module only wires them, so the
local run, the API and the Dask path (later) all go through :meth:`Pipeline.process`.

Ingest writes in transactional batches: a batch is written in one transaction together with the
rejections seen since the previous batch, and documents already in the store (same content hash)
are skipped before any NLP runs, so an ingest killed halfway and run again completes without
duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from eventgraph.records import AnnotatedDocument, Document, Event, ProcessedDocument, Rejection, Sentence
from eventgraph.store import Store

DEFAULT_PROFILE = "south-caucasus"


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
    def gazetteer(self):  # type: ignore[no-untyped-def]
        from eventgraph.places import Gazetteer

        return Gazetteer.load(self.profile)

    @cached_property
    def coder(self):  # type: ignore[no-untyped-def]
        from eventgraph.coding import Coder

        return Coder.load(self.profile)

    @cached_property
    def annotator(self):  # type: ignore[no-untyped-def]
        from eventgraph.nlp import Annotator

        patterns = list(self.gazetteer.entity_patterns()) + list(self.catalogue.entity_patterns())
        return Annotator(patterns, n_process=self.n_process, batch_size=self.batch_size)

    def process(self, documents: Iterable[Document]) -> Iterator[ProcessedDocument]:
        """Run every stage after ingest over ``documents``, streaming in the input order."""
        for annotated in self.annotator.annotate(documents):
            yield self.resolve_and_code(annotated)

    def resolve_and_code(self, annotated: AnnotatedDocument) -> ProcessedDocument:
        """Actors, events, dates and places for one annotated document."""
        from eventgraph.dates import event_date
        from eventgraph.places import event_place

        document = annotated.document
        processed = ProcessedDocument(document=document, sentences=annotated.sentences)
        for sentence in annotated.sentences:
            mentions = self.resolver.mentions(sentence, on=document.published)
            processed.mentions.extend(mentions)
            for event in self.coder.code(sentence, mentions, document):
                trigger = event_trigger_index(sentence, event)
                event.date = event_date(sentence, document.published, event.span, trigger)
                event.place = event_place(sentence, event.span, trigger, self.gazetteer)
                processed.events.append(event)
        return processed


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


def ingest_into(
    store: Store,
    inputs: Iterable[Document | Rejection],
    pipeline: Pipeline,
    batch_size: int = 32,
    on_document: Callable[[Document | Rejection], None] | None = None,
) -> IngestSummary:
    """Run every document of ``inputs`` through ``pipeline`` and write it to ``store``."""
    summary = IngestSummary()
    batch: list[Document] = []
    pending: list[Rejection] = []

    def flush() -> None:
        known = store.known_doc_ids(d.doc_id for d in batch)
        fresh = [d for d in batch if d.doc_id not in known]
        summary.already_stored += len(batch) - len(fresh)
        processed = list(pipeline.process(fresh)) if fresh else []
        result = store.write(processed, pending)
        summary.added += result.added
        summary.already_stored += result.skipped
        for item in processed:
            if item.document.name not in result.skipped_names:
                summary.sentences += len(item.sentences)
                summary.mentions += len(item.mentions)
                summary.events += len(item.events)
                summary.added_names.append(item.document.name)
        batch.clear()
        pending.clear()

    for item in inputs:
        if on_document is not None:
            on_document(item)
        if isinstance(item, Rejection):
            summary.rejections.append(item)
            pending.append(item)
        else:
            summary.read += 1
            batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch or pending:
        flush()
    return summary
