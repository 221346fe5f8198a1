"""``POST /ingest``: validate each article on its own, run the pipeline, write one transaction.

A bad item is reported with its index and the problem and never stops the rest of the batch; the
checks are those the CLI applies to a JSONL record (a non-empty ``text``; metadata as strings).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from eventgraph.api.access import StoreGate
from eventgraph.api.models import MAX_BATCH, ArticleIn, IngestItemResult, IngestResponse
from eventgraph.records import Document

# ArticleIn field → document_from_text metadata, as for a JSONL record on the CLI.
METADATA_FIELDS = {
    "title": "title",
    "source": "outlet",
    "author": "author",
    "url": "url",
    "published": "published",
}


@lru_cache(maxsize=4)
def pipeline_for(profile: str):  # type: ignore[no-untyped-def]
    """One pipeline per profile per process: loading spaCy and the catalogues takes seconds."""
    from eventgraph.pipeline import Pipeline

    return Pipeline(profile=profile)


class IngestProblem(Exception):
    """The request as a whole is unusable (not an article or a list of articles, or too many)."""


def request_items(body: Any) -> list[Any]:
    """One article (an object) or a batch (a list of objects) as a list."""
    if isinstance(body, dict):
        return [body]
    if isinstance(body, list):
        if not body:
            raise IngestProblem("the batch is empty: send an article object or a list of 1 to 20 articles")
        if len(body) > MAX_BATCH:
            raise IngestProblem(f"the batch has {len(body)} articles; send at most {MAX_BATCH} per request")
        return body
    raise IngestProblem(f"expected an article object or a list of articles, got {type(body).__name__}")


def validation_message(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "article"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


class ApiIngester:
    """Holds the pipeline (loaded on first use: spaCy takes seconds); writes through the gate's writer."""

    def __init__(self, gate: StoreGate, profile: str = "south-caucasus"):
        self.gate = gate
        self.profile = profile
        self._lock = threading.Lock()

    @property
    def pipeline(self):  # type: ignore[no-untyped-def]
        return pipeline_for(self.profile)

    def ingest(self, body: Any) -> IngestResponse:
        items = request_items(body)
        results: list[IngestItemResult] = []
        documents: list[tuple[int, Document]] = []
        for index, raw in enumerate(items):
            outcome = self._document(index, raw)
            if isinstance(outcome, IngestItemResult):
                results.append(outcome)
            else:
                documents.append((index, outcome))
        if documents:
            results.extend(self._process_and_write(documents))
        results.sort(key=lambda r: r.index)
        return IngestResponse(
            added=sum(r.status == "added" for r in results),
            already_stored=sum(r.status == "already_stored" for r in results),
            rejected=sum(r.status == "rejected" for r in results),
            items=results,
        )

    def _document(self, index: int, raw: Any) -> Document | IngestItemResult:
        from eventgraph.ingest import document_from_text

        if not isinstance(raw, dict):
            reason = f"expected an article object with a 'text' field, got {type(raw).__name__}"
            return IngestItemResult(index=index, status="rejected", reason=reason)
        try:
            article = ArticleIn.model_validate(raw)
        except ValidationError as exc:
            name = raw.get("id") if isinstance(raw.get("id"), str) else None
            return IngestItemResult(index=index, name=name, status="rejected", reason=validation_message(exc))
        name = article.id.strip() if article.id and article.id.strip() else f"api:{index}"
        if not article.text.strip():
            return IngestItemResult(
                index=index, name=name, status="rejected", reason="missing or empty 'text'"
            )
        known = {
            field: getattr(article, key)
            for key, field in METADATA_FIELDS.items()
            if getattr(article, key) and getattr(article, key).strip()
        }
        try:
            document = document_from_text(article.text, name, source_path="api", input_format="json", **known)
        except (ValueError, TypeError) as exc:
            return IngestItemResult(index=index, name=name, status="rejected", reason=str(exc))
        if not document.text.strip():
            reason = "no article text left after removing boilerplate"
            return IngestItemResult(index=index, name=name, status="rejected", reason=reason)
        return document

    def _process_and_write(self, documents: list[tuple[int, Document]]) -> list[IngestItemResult]:
        """The NLP stages run on this request's thread (one request at a time: spaCy's pipeline is not
        shared between threads); only the write waits for the server's single writer."""
        from eventgraph.store import table_rows

        results: list[IngestItemResult] = []
        with self._lock:
            with self.gate.reader() as store:
                known = store.known_doc_ids(d.doc_id for _, d in documents)
            fresh: list[tuple[int, Document]] = []
            seen: set[str] = set()
            for index, doc in documents:
                if doc.doc_id in known or doc.doc_id in seen:
                    results.append(_stored(index, doc))
                else:
                    seen.add(doc.doc_id)
                    fresh.append((index, doc))
            processed = list(self.pipeline.process([d for _, d in fresh]))
            with self.gate.writer() as writer:
                written = writer.write_batch(table_rows(processed)).write
        stored_meanwhile = set(written.skipped_names)  # by a batch written since the check above
        for (index, doc), item in zip(fresh, processed, strict=True):
            if doc.name in stored_meanwhile:
                results.append(_stored(index, doc))
                continue
            results.append(
                IngestItemResult(
                    index=index, name=doc.name, status="added", doc_id=doc.doc_id, events=len(item.events)
                )
            )
        return results


def _stored(index: int, doc: Document) -> IngestItemResult:
    return IngestItemResult(index=index, name=doc.name, status="already_stored", doc_id=doc.doc_id)
