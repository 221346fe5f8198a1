"""Orchestrates the stages: ingest → annotate → resolve actors → code events → dates and places.

Each stage is a package that takes and returns plain records; this module only wires them, so the
local run, the API and the Dask path (later) all go through :meth:`Pipeline.process`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from eventgraph.records import AnnotatedDocument, Document, Event, Mention, Sentence

DEFAULT_PROFILE = "south-caucasus"


@dataclass(slots=True)
class ProcessedDocument:
    """A document with everything the stages found in it, ready for the store."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


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
