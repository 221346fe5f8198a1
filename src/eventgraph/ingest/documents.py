"""Build a Document from one article's text or HTML: clean it and merge known and recovered metadata."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventgraph.ingest.cleaning import clean_text
from eventgraph.ingest.metadata import DateMatch, parse_published
from eventgraph.ingest.rules import load_rules
from eventgraph.records import Document, content_hash

KNOWN_METADATA = (
    "title",
    "outlet",
    "author",
    "published",
    "published_expression",
    "url",
    "input_format",
    "encoding",
)


def document_from_text(
    raw: str, name: str, source_path: str | None = None, **known_metadata: Any
) -> Document:
    """Clean one article's text into a Document.

    ``known_metadata`` (title, outlet, author, published, published_expression, url, input_format,
    encoding) comes from a JSONL record or an HTML page and wins over what the text itself states;
    ``published`` may be a date or a date text. The returned Document's ``text`` is empty when nothing
    but boilerplate was left: callers decide whether that is a rejection.
    """
    unknown = set(known_metadata) - set(KNOWN_METADATA)
    if unknown:
        raise TypeError(f"document_from_text: unknown metadata {sorted(unknown)}; known: {KNOWN_METADATA}")
    known = {key: value for key, value in known_metadata.items() if value not in (None, "")}
    cleaned = clean_text(raw, known_title=known.get("title"), rules=load_rules())
    published = _published(known.get("published"), known.get("published_expression")) or cleaned.published
    return Document(
        doc_id=content_hash(raw),
        name=name,
        text=cleaned.text,
        original_text=raw,
        title=known.get("title") or cleaned.title,
        outlet=known.get("outlet") or cleaned.outlet,
        author=known.get("author") or cleaned.author,
        published=published.value if published else None,
        published_expression=published.expression if published else _unread_date(known),
        url=known.get("url"),
        source_path=source_path,
        input_format=known.get("input_format", "text"),
        removed=cleaned.removed,
        offset_map=cleaned.offset_map,
        encoding=known.get("encoding"),
    )


def _unread_date(known: dict[str, Any]) -> str | None:
    """A publication date we could not read is kept as words rather than lost."""
    given = known.get("published_expression") or known.get("published")
    return given if isinstance(given, str) else None


def _published(value: Any, expression: str | None) -> DateMatch | None:
    found = parse_published(value) if value is not None else None
    if found and expression:
        return DateMatch(found.value, expression)
    return found


def document_from_html(
    html: str, name: str, url: str | None = None, source_path: str | None = None
) -> Document:
    """Main text and metadata of an HTML page (trafilatura; htmldate when no date is found).

    The Document's ``original_text`` is the extracted main text, not the markup: offsets and
    evidence refer to what a reader of the article sees.
    """
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        config=_trafilatura_config(),
    )
    extracted = extracted.as_dict() if extracted is not None else {}
    text = extracted.get("text") or ""
    published = extracted.get("date") or _htmldate(html, url)
    return document_from_text(
        text,
        name,
        source_path=source_path,
        title=extracted.get("title"),
        outlet=extracted.get("sitename"),
        author=extracted.get("author"),
        published=published,
        url=url or extracted.get("url"),
        input_format="html",
    )


@lru_cache(maxsize=1)
def _trafilatura_config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # No signal-based timeout: ingest may run in worker threads.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _htmldate(html: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(html, url=url, extensive_search=False, original_date=True)
    except (ValueError, TypeError):
        return None
    return found if isinstance(found, str) else None
