"""Running the whole pipeline over gold sentences that come as bare text, not as article files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from eventgraph.records import Event, Mention, ProcessedDocument, Sentence


@dataclass(slots=True)
class CodedText:
    """One gold text after the pipeline: its sentences and the events coded in it."""

    name: str
    text: str
    sentences: list[Sentence]
    events: list[Event]
    mentions: list[Mention]


def code_texts(items: Iterable[tuple[str, str, date | None]], pipeline=None) -> list[CodedText]:  # type: ignore[no-untyped-def]
    """``(name, text, published)`` triples through ingest and the pipeline, in order.

    A text that cleaning leaves empty yields a CodedText without sentences, so the gold record is
    still scored (as missed) instead of vanishing.
    """
    from eventgraph.ingest import document_from_text

    pipeline = pipeline or shared_pipeline()
    documents = []
    results: list[CodedText | None] = []
    for name, text, published in items:
        document = document_from_text(text, name=name, published=published) if text.strip() else None
        if document is None or not document.text.strip():
            results.append(CodedText(name, text, [], [], []))
            continue
        documents.append(document)
        results.append(None)
    processed = iter(pipeline.process(documents))  # streams in input order
    return [result if result is not None else _coded(next(processed)) for result in results]


def _coded(processed: ProcessedDocument) -> CodedText:
    document = processed.document
    return CodedText(document.name, document.text, processed.sentences, processed.events, processed.mentions)


_PIPELINE = None


def shared_pipeline():  # type: ignore[no-untyped-def]
    """One pipeline per process: loading spaCy and the catalogues dominates a small gold set's run."""
    global _PIPELINE
    if _PIPELINE is None:
        from eventgraph.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE
