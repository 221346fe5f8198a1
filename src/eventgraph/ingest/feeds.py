"""RSS and Atom feeds: parse them safely, remember which items were seen, fetch only the new ones.

Feeds are untrusted XML, so the parser never resolves entities or touches the network; a slightly
broken feed (a bare ``&``, an unclosed tag) is recovered, one broken beyond recovery becomes a
Rejection. A small JSON state file keeps the ids of the items seen per feed, so polling again fetches
nothing that was already read. Item pages go through :mod:`eventgraph.ingest.fetch`; the feed's title,
author and date fill in what the page itself does not state.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from eventgraph.ingest.fetch import (
    PoliteClient,
    document_from_fetch,
    load_fetch_settings,
    url_problem,
)
from eventgraph.records import Document, Rejection

STATE_VERSION = 1
_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)")
_TAG = re.compile(r"<[^>]*>")


class FeedError(ValueError):
    """A feed that cannot be read as RSS or Atom; the message is the reason shown to the user."""


class FeedsFileError(ValueError):
    """The list of feeds (FEEDS.txt) is missing or unreadable."""


class FeedStateError(ValueError):
    """The feed state file exists but is not a state this version can read."""


@dataclass(slots=True)
class FeedItem:
    """One item (RSS) or entry (Atom) of a feed; ``link`` is absolute, ``summary`` plain text."""

    link: str | None
    title: str | None = None
    published: date | None = None
    author: str | None = None
    summary: str | None = None
    item_id: str | None = None
    published_expression: str | None = None

    @property
    def key(self) -> str | None:
        """What identifies the item across polls: its guid or id, else its link."""
        return self.item_id or self.link


# -------------------------------------------------------------------------------------------- parsing


def parse_feed(xml_bytes: bytes, feed_url: str) -> list[FeedItem]:
    """The items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order.

    Raises :class:`FeedError` ("feed is not well-formed XML: …", "not an RSS or Atom feed …").
    """
    root = _parse_xml(xml_bytes, feed_url)
    kind = _local(root)
    if kind == "rss":
        channel = _first(root, "channel")
        return [_rss_item(item, feed_url) for item in _children(channel, "item")]
    if kind == "RDF":
        return [_rss_item(item, feed_url) for item in _children(root, "item")]
    if kind == "feed":
        return [_atom_entry(entry, feed_url) for entry in _children(root, "entry")]
    raise FeedError(f"not an RSS or Atom feed (root element <{kind}>)")


def _parse_xml(xml_bytes: bytes, feed_url: str) -> etree._Element:
    """Strict parse first; on failure escape bare ampersands and let libxml2 recover what it can."""
    strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(xml_bytes, strict, base_url=feed_url)
    except etree.XMLSyntaxError as exc:
        first_error = str(exc)
    lenient = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(_BARE_AMPERSAND.sub(b"&amp;", xml_bytes), lenient, base_url=feed_url)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise FeedError(f"feed is not well-formed XML: {first_error}")
    return root


def _rss_item(item: etree._Element, feed_url: str) -> FeedItem:
    guid = _first(item, "guid")
    guid_text = _text(guid)
    link = _text(_first(item, "link")) or _atom_link(item)
    if not link and guid is not None and guid.get("isPermaLink", "true") != "false" and guid_text:
        link = guid_text
    expression = _text(_first(item, "pubDate")) or _text(_first(item, "date"))
    summary = _text(_first(item, "description")) or _text(_first(item, "encoded"))
    return FeedItem(
        link=urljoin(item.base or feed_url, link) if link else None,
        title=_plain(_text(_first(item, "title"))),
        published=feed_date(expression),
        author=_text(_first(item, "creator")) or _text(_first(item, "author")),
        summary=_plain(summary),
        item_id=guid_text or _rdf_about(item),
        published_expression=expression,
    )


def _atom_entry(entry: etree._Element, feed_url: str) -> FeedItem:
    link = _atom_link(entry)
    expression = _text(_first(entry, "published")) or _text(_first(entry, "updated"))
    summary = _text(_first(entry, "summary")) or _text(_first(entry, "content"))
    author = _first(entry, "author")
    return FeedItem(
        link=urljoin(entry.base or feed_url, link) if link else None,
        title=_plain(_text(_first(entry, "title"))),
        published=feed_date(expression),
        author=_text(_first(author, "name")) if author is not None else None,
        summary=_plain(summary),
        item_id=_text(_first(entry, "id")),
        published_expression=expression,
    )


def _atom_link(element: etree._Element) -> str | None:
    """The entry's alternate link (a link without rel counts as alternate)."""
    for link in _children(element, "link"):
        href = (link.get("href") or "").strip()
        if href and link.get("rel", "alternate") == "alternate":
            return href
    return None


def _rdf_about(item: etree._Element) -> str | None:
    for name, value in item.attrib.items():
        if etree.QName(name).localname == "about":
            return value.strip() or None
    return None


def feed_date(expression: str | None) -> date | None:
    """The calendar date of an RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) timestamp, or None."""
    if not expression:
        return None
    text = expression.strip()
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [c for c in element if isinstance(c.tag, str) and _local(c) == name]


def _first(element: etree._Element | None, name: str) -> etree._Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: etree._Element | None) -> str | None:
    """The element's character data; unresolved entity references and comments are left out."""
    if element is None:
        return None
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_text(child) or "")
        parts.append(child.tail or "")
    text = " ".join("".join(parts).split())
    return text or None


def _plain(text: str | None) -> str | None:
    """Feed titles and summaries often carry escaped HTML; keep the words."""
    if not text:
        return None
    words = " ".join(html.unescape(_TAG.sub(" ", text)).split())
    return words or None


# ---------------------------------------------------------------------------------------- feeds file


def read_feed_list(feeds_file: Path) -> tuple[list[str], list[Rejection]]:
    """Feed URLs from FEEDS.txt (one per line, ``#`` comments, blank lines) and a Rejection per bad line."""
    try:
        lines = Path(feeds_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedsFileError(f"{feeds_file}: cannot read the list of feeds ({exc})") from None
    urls: list[str] = []
    problems: list[Rejection] = []
    for number, line in enumerate(lines, start=1):
        entry = re.split(r"\s#", line, maxsplit=1)[0].strip()
        if not entry or entry.startswith("#"):
            continue
        problem = url_problem(entry)
        if problem:
            problems.append(Rejection(input=str(feeds_file), line=number, reason=f"{entry!r}: {problem}"))
        elif entry not in urls:
            urls.append(entry)
    return urls, problems


# --------------------------------------------------------------------------------------------- state


class FeedState:
    """Per feed: the item keys already handled and the validators (ETag, Last-Modified) of the last
    complete read, kept in a small JSON file between polls."""

    def __init__(self, path: Path | None = None, max_items: int | None = None):
        self.path = Path(path) if path is not None else None
        self.max_items = max_items or load_fetch_settings().feed_state_max_items
        self._seen: dict[str, dict[str, None]] = {}  # feed url -> ordered set of item keys
        self._validators: dict[str, dict[str, str]] = {}  # feed url -> {"etag": …, "last_modified": …}

    @classmethod
    def load(cls, path: Path, max_items: int | None = None) -> FeedState:
        """The state saved at ``path``; an empty state when the file does not exist yet."""
        state = cls(path, max_items)
        if not state.path or not state.path.exists():
            return state
        try:
            raw = json.loads(state.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problem = f"not a readable feed state ({exc}); delete it to start afresh"
            raise FeedStateError(f"{path}: {problem}") from None
        feeds = raw.get("feeds") if isinstance(raw, dict) and raw.get("version") == STATE_VERSION else None
        if not isinstance(feeds, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("seen"), list) for v in feeds.values()
        ):
            raise FeedStateError(
                f"{path}: not a feed state of version {STATE_VERSION}; delete it to start afresh"
            )
        for feed_url, entry in feeds.items():
            state._seen[feed_url] = dict.fromkeys(str(key) for key in entry["seen"])
            validators = {k: entry[k] for k in ("etag", "last_modified") if isinstance(entry.get(k), str)}
            if validators:
                state._validators[feed_url] = validators
        return state

    def is_seen(self, feed_url: str, key: str) -> bool:
        return key in self._seen.get(feed_url, {})

    def mark_seen(self, feed_url: str, key: str) -> None:
        seen = self._seen.setdefault(feed_url, {})
        seen.pop(key, None)
        seen[key] = None
        while len(seen) > self.max_items:
            del seen[next(iter(seen))]

    def seen_count(self, feed_url: str) -> int:
        return len(self._seen.get(feed_url, {}))

    def conditions(self, feed_url: str) -> dict[str, str]:
        """Conditional-request headers that let the server answer 304 when the feed is unchanged."""
        validators = self._validators.get(feed_url, {})
        headers = {}
        if "etag" in validators:
            headers["If-None-Match"] = validators["etag"]
        if "last_modified" in validators:
            headers["If-Modified-Since"] = validators["last_modified"]
        return headers

    def remember_version(self, feed_url: str, etag: str | None, last_modified: str | None) -> None:
        """Record the validators of a feed read completely; None forgets them (next poll reads it all)."""
        validators = {k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v}
        if validators:
            self._validators[feed_url] = validators
        else:
            self._validators.pop(feed_url, None)

    def save(self) -> None:
        """Write the state atomically (a crash mid-write leaves the previous state intact)."""
        if self.path is None:
            return
        feeds: dict[str, dict[str, object]] = {}
        for url in {**self._seen, **self._validators}:
            feeds[url] = {"seen": list(self._seen.get(url, {})), **self._validators.get(url, {})}
        payload = {"version": STATE_VERSION, "feeds": feeds}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(payload, out, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


# ------------------------------------------------------------------------------------------- polling


def poll_feeds(
    feeds_file: Path, state_path: Path, client: PoliteClient | None = None
) -> Iterator[Document | Rejection]:
    """Documents for the items not seen before in the feeds listed in ``feeds_file``.

    The state is saved once the iterator is exhausted. Callers that write the documents somewhere
    should prefer :func:`poll_feed_urls` and save the state after their write succeeded.
    """
    urls, problems = read_feed_list(feeds_file)
    state = FeedState.load(state_path)
    yield from problems
    yield from poll_feed_urls(urls, state, client)
    state.save()


def poll_feed_urls(
    feed_urls: Iterable[str], state: FeedState, client: PoliteClient | None = None
) -> Iterator[Document | Rejection]:
    """Fetch each feed, then the pages of its new items; ``state`` is updated but not saved.

    A page linked from several feeds (or twice in one) is fetched and yielded once per poll.
    """
    own_client = client is None
    active = client or PoliteClient()
    this_poll = _PollMemory()
    try:
        for feed_url in feed_urls:
            yield from _poll_one_feed(feed_url, state, active, this_poll)
    finally:
        if own_client:
            active.close()


@dataclass(slots=True)
class _PollMemory:
    """Pages fetched (and whether they were handled for good) and documents yielded in one poll."""

    links: dict[str, bool] = field(default_factory=dict)
    doc_ids: set[str] = field(default_factory=set)


def _poll_one_feed(
    feed_url: str, state: FeedState, client: PoliteClient, this_poll: _PollMemory
) -> Iterator[Document | Rejection]:
    fetched = client.fetch_feed(feed_url, state.conditions(feed_url))
    if not fetched.ok:
        yield Rejection(input=feed_url, reason=f"feed could not be fetched: {fetched.error}")
        return
    if fetched.not_modified:
        return
    try:
        items = parse_feed(fetched.content, fetched.final_url)
    except FeedError as exc:
        yield Rejection(input=feed_url, reason=str(exc))
        return
    complete = True  # every new item handled for good: the feed's validators may be kept
    for item in items:
        outcome, done = _take_item(feed_url, item, state, client, this_poll)
        complete = complete and done
        if outcome is not None:
            yield outcome
    # an item owed after a transient failure must not hide behind a 304 next poll
    state.remember_version(
        feed_url, fetched.etag if complete else None, fetched.last_modified if complete else None
    )


def _take_item(
    feed_url: str, item: FeedItem, state: FeedState, client: PoliteClient, this_poll: _PollMemory
) -> tuple[Document | Rejection | None, bool]:
    """What a feed item yields (None: nothing new), and whether it is handled for good."""
    key = item.key
    if key is None:
        return Rejection(input=feed_url, reason=f"feed item {item.title or '(untitled)'!r} has no link"), True
    if state.is_seen(feed_url, key):
        return None, True
    if item.link is None:
        state.mark_seen(feed_url, key)
        return Rejection(input=feed_url, reason=f"feed item {key!r} has no link"), True
    if item.link in this_poll.links:  # already fetched for another feed this poll
        done = this_poll.links[item.link]
        if done:
            state.mark_seen(feed_url, key)
        return None, done
    page = client.fetch_page(item.link)
    made = document_from_fetch(page, client.settings.text_types)
    done = isinstance(made, Document) or not page.retryable
    this_poll.links[item.link] = done
    if done:
        state.mark_seen(feed_url, key)
    if isinstance(made, Document):
        if made.doc_id in this_poll.doc_ids:
            return None, True
        this_poll.doc_ids.add(made.doc_id)
        fill_from_item(made, item)
    return made, done


def fill_from_item(document: Document, item: FeedItem) -> Document:
    """Give the document the feed's title, author and date where the page stated none."""
    document.title = document.title or item.title
    document.author = document.author or item.author
    if document.published is None and item.published is not None:
        document.published = item.published
        document.published_expression = item.published_expression
    return document
