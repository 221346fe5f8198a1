"""Fetch web pages politely and turn them into documents.

The client identifies itself, obeys robots.txt, keeps a minimum interval between requests to one host,
retries transient failures (connection errors, timeouts, 429, 5xx) with exponential backoff and honours
Retry-After within a cap. Every failure ends as a one-line reason a user can act on ("HTTP 500 after 3
attempts", "blocked by robots.txt"), never as an exception, so one bad URL never loses a batch.
Tunables live in ``data/ingest/fetch.yaml``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from eventgraph import __version__
from eventgraph.datafiles import DataFileError, read_yaml
from eventgraph.records import Document, Rejection

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "data" / "ingest" / "fetch.yaml"

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class FetchSettingsError(DataFileError):
    """``fetch.yaml`` is missing, unparsable or has an invalid value."""


# ------------------------------------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """The client's tunables (see ``data/ingest/fetch.yaml`` for what each one means)."""

    user_agent: str
    connect_timeout: float
    read_timeout: float
    download_timeout: float
    max_attempts: int
    backoff_initial: float
    backoff_factor: float
    backoff_max: float
    retry_after_cap: float
    min_host_interval: float
    max_crawl_delay: float
    max_redirects: int
    max_bytes: int
    respect_robots: bool
    html_types: frozenset[str]
    text_types: frozenset[str]
    feed_types: frozenset[str]
    feed_state_max_items: int

    def with_overrides(self, **changes: Any) -> FetchSettings:
        """A copy with some values changed (tests use short timeouts and backoff)."""
        return replace(self, **changes)

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first retry)."""
        return min(self.backoff_max, self.backoff_initial * self.backoff_factor ** (retry - 1))

    @property
    def page_types(self) -> frozenset[str]:
        return self.html_types | self.text_types


_NUMBER_KEYS = {  # key -> smallest allowed value
    "connect_timeout": 0.001,
    "read_timeout": 0.001,
    "download_timeout": 0.001,
    "backoff_initial": 0.0,
    "backoff_factor": 1.0,
    "backoff_max": 0.0,
    "retry_after_cap": 0.0,
    "min_host_interval": 0.0,
    "max_crawl_delay": 0.0,
}
_INT_KEYS = {"max_attempts": 1, "max_redirects": 0, "max_bytes": 1, "feed_state_max_items": 1}
_TYPE_LIST_KEYS = ("html_types", "text_types", "feed_types")


@lru_cache(maxsize=4)
def load_fetch_settings(path: Path = SETTINGS_FILE) -> FetchSettings:
    """Read and validate ``fetch.yaml``; a bad value raises :class:`FetchSettingsError` naming it."""
    raw = read_yaml(path, FetchSettingsError)
    expected = set(_NUMBER_KEYS) | set(_INT_KEYS) | set(_TYPE_LIST_KEYS) | {"user_agent", "respect_robots"}
    missing, unknown = sorted(expected - raw.keys()), sorted(raw.keys() - expected)
    if missing or unknown:
        raise FetchSettingsError(f"{path}: missing keys {missing}, unknown keys {unknown}")
    values: dict[str, Any] = {}
    for key, floor in _NUMBER_KEYS.items():
        values[key] = float(_checked_number(path, key, raw[key], floor, int | float))
    for key, floor in _INT_KEYS.items():
        values[key] = _checked_number(path, key, raw[key], floor, int)
    for key in _TYPE_LIST_KEYS:
        values[key] = _checked_media_types(path, key, raw[key])
    agent = raw["user_agent"]
    if not isinstance(agent, str) or not agent.strip():
        raise FetchSettingsError(f"{path}: user_agent must be a non-empty string")
    values["user_agent"] = agent.replace("{version}", __version__)
    if not isinstance(raw["respect_robots"], bool):
        raise FetchSettingsError(f"{path}: respect_robots must be true or false")
    values["respect_robots"] = raw["respect_robots"]
    return FetchSettings(**values)


def _checked_number(path: Path, key: str, value: Any, floor: float, kind: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, kind) or value < floor:
        wanted = "an integer" if kind is int else "a number"
        raise FetchSettingsError(f"{path}: {key} must be {wanted} >= {floor}, got {value!r}")
    return value


def _checked_media_types(path: Path, key: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not value:
        raise FetchSettingsError(f"{path}: {key} must be a non-empty list of media types")
    for entry in value:
        if not isinstance(entry, str) or not re.fullmatch(r"[a-z0-9.+-]+/[a-z0-9.+-]+", entry):
            problem = f"{entry!r} is not a lower-case media type like text/html"
            raise FetchSettingsError(f"{path}: {key}: {problem}")
    return frozenset(value)


# ------------------------------------------------------------------------------------------- results


@dataclass(slots=True)
class FetchResult:
    """What fetching one URL gave: the body as text, or the reason it failed.

    ``retryable`` says whether the failure may go away later (timeouts, 5xx), so a feed poller can try
    the URL again next round instead of forgetting it.
    """

    url: str
    final_url: str
    status: int | None = None
    content_type: str | None = None
    text: str | None = None
    error: str | None = None
    content: bytes = b""
    attempts: int = 0
    retryable: bool = False
    etag: str | None = None
    last_modified: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        """The server answered a conditional request with 304: nothing changed since last time."""
        return self.status == 304 and self.error is None


@dataclass(slots=True)
class _Reply:
    """One HTTP exchange inside :meth:`PoliteClient.fetch`: a result, a redirect or a retryable status."""

    result: FetchResult | None = None
    redirect_to: str | None = None
    retry_status: int | None = None
    retry_after: float | None = None


def is_url(arg: str) -> bool:
    """True when a command-line argument is a web address (starts with http:// or https://)."""
    return arg.strip().lower().startswith(("http://", "https://"))


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched, or None when it looks fetchable."""
    if not is_url(url):
        return "not an http(s) URL"
    parts = urlsplit(url.strip())
    if not parts.hostname:
        return "URL has no host"
    if any(ch.isspace() for ch in url.strip()):
        return "URL contains whitespace"
    return None


def document_name(url: str) -> str:
    """A readable document name for a URL: host and path, without the scheme."""
    parts = urlsplit(url)
    name = parts.netloc + parts.path.rstrip("/")
    return f"{name}?{parts.query}" if parts.query else name


def media_type(content_type: str | None) -> str | None:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


# -------------------------------------------------------------------------------------------- client


class PoliteClient:
    """An HTTP client that is gentle with the sites it reads. Use as a context manager or call close().

    ``transport`` and ``sleep`` exist for embedding (a custom transport, a cooperative sleep); the
    defaults talk to the network and block.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings or load_fetch_settings()
        self._sleep = sleep
        timeout = httpx.Timeout(
            connect=self.settings.connect_timeout,
            read=self.settings.read_timeout,
            write=self.settings.read_timeout,
            pool=self.settings.connect_timeout,
        )
        self._http = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=timeout,
            follow_redirects=False,  # followed by hand: each hop is rate-limited and checked against robots
            transport=transport,
        )
        self._robots: dict[str, RobotFileParser | str] = {}
        self._last_request: dict[str, float] = {}
        self._host_interval: dict[str, float] = {}  # hosts whose robots.txt asks for a Crawl-delay

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------------ public

    def fetch_page(self, url: str) -> FetchResult:
        """An article page: HTML or plain text."""
        return self.fetch(url, self.settings.page_types, "HTML or text")

    def fetch_feed(self, url: str, conditions: Mapping[str, str] | None = None) -> FetchResult:
        """An RSS or Atom feed (any of the configured feed media types).

        ``conditions`` are conditional-request headers (If-None-Match, If-Modified-Since) from the
        previous poll; an unchanged feed then comes back as a 304 (``result.not_modified``).
        """
        return self.fetch(url, self.settings.feed_types, "a feed", conditions)

    def fetch(
        self,
        url: str,
        accept: frozenset[str],
        expected: str,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """GET ``url`` following redirects; a body whose media type is not in ``accept`` is refused."""
        url = url.strip()
        problem = url_problem(url)
        if problem:
            return FetchResult(url=url, final_url=url, error=problem)
        current, attempts = url, 0
        for _hop in range(self.settings.max_redirects + 1):
            blocked = self._robots_verdict(current)
            if blocked is not None:
                blocked.url, blocked.attempts = url, attempts
                return blocked
            reply, used = self._get_with_retries(current, accept, expected, headers)
            attempts += used
            if reply.redirect_to is None:
                assert reply.result is not None
                reply.result.url, reply.result.attempts = url, attempts
                return reply.result
            current = reply.redirect_to
            if url_problem(current):
                return FetchResult(url, current, error=f"redirected to a non-http(s) URL: {current}")
        return FetchResult(
            url, current, error=f"more than {self.settings.max_redirects} redirects", attempts=attempts
        )

    # ------------------------------------------------------------------------------------------ retries

    def _get_with_retries(
        self, url: str, accept: frozenset[str] | None, expected: str, headers: Mapping[str, str] | None
    ) -> tuple[_Reply, int]:
        settings = self.settings
        failure, status = "", None
        for attempt in range(1, settings.max_attempts + 1):
            retry_after = None
            try:
                reply = self._get_once(url, accept, expected, headers)
            except httpx.TimeoutException as exc:
                failure, status = self._timeout_reason(exc), None
            except httpx.TransportError as exc:
                failure, status = f"could not connect ({_transport_reason(exc)})", None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                failed = FetchResult(url, url, error=f"request failed ({_transport_reason(exc)})")
                return _Reply(failed), attempt
            else:
                if reply.retry_status is None:
                    return reply, attempt
                status, retry_after = reply.retry_status, reply.retry_after
                failure = f"HTTP {status}"
                if retry_after is not None and retry_after > settings.retry_after_cap:
                    reason = (
                        f"HTTP {status}: the server asks to wait {retry_after:.0f} s, "
                        f"more than the {settings.retry_after_cap:.0f} s cap"
                    )
                    return _Reply(FetchResult(url, url, status=status, error=reason, retryable=True)), attempt
            if attempt < settings.max_attempts:
                self._sleep(max(settings.backoff(attempt), retry_after or 0.0))
        tries = settings.max_attempts
        if status is not None:
            reason = f"{failure} after {tries} attempt{'s' if tries > 1 else ''}"
        else:
            reason = f"{failure} ({tries} attempt{'s' if tries > 1 else ''})"
        return _Reply(FetchResult(url, url, status=status, error=reason, retryable=True)), tries

    def _timeout_reason(self, exc: httpx.TimeoutException) -> str:
        if isinstance(exc, httpx.ConnectTimeout):
            return f"timed out after {self.settings.connect_timeout:g} s connecting"
        return f"timed out after {self.settings.read_timeout:g} s"

    def _get_once(
        self,
        url: str,
        accept: frozenset[str] | None,
        expected: str,
        headers: Mapping[str, str] | None = None,
    ) -> _Reply:
        """One GET, the body streamed so an oversized, endless or unwanted response is not downloaded."""
        self._wait_for_host(url)
        with self._http.stream("GET", url, headers=dict(headers or {})) as response:
            status = response.status_code
            location = response.headers.get("location")
            if response.is_redirect and location:
                return _Reply(redirect_to=urljoin(url, location.strip()))
            if status in RETRY_STATUSES:
                return _Reply(retry_status=status, retry_after=retry_after_seconds(response.headers))
            result = FetchResult(
                url,
                url,
                status=status,
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
            if status == 304:
                return _Reply(result)
            if status >= 400:
                result.error = f"HTTP {status} {response.reason_phrase}".rstrip()
                return _Reply(result)
            kind = media_type(result.content_type)
            if accept is not None and kind not in accept:
                result.error = f"not {expected} ({kind or 'no content type'})"
                return _Reply(result)
            body, problem = self._read_body(response)
            if problem is not None:
                result.error = problem
                return _Reply(result)
            result.content = body
            result.text = decode_body(body, result.content_type)
            return _Reply(result)

    def _read_body(self, response: httpx.Response) -> tuple[bytes, str | None]:
        """The body, or why it was abandoned: too large, or trickling in for too long."""
        limit, allowed = self.settings.max_bytes, self.settings.download_timeout
        too_large = f"response larger than {limit} bytes"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return b"", too_large
        chunks, size, deadline = [], 0, time.monotonic() + allowed
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                return b"", too_large
            if time.monotonic() > deadline:
                return b"", f"download took longer than {allowed:g} s"
            chunks.append(chunk)
        return b"".join(chunks), None

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            interval = self._host_interval.get(host, self.settings.min_host_interval)
            wait = last + interval - time.monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = time.monotonic()

    # ------------------------------------------------------------------------------------------- robots

    def _robots_verdict(self, url: str) -> FetchResult | None:
        """None when ``url`` may be fetched, else a failed result saying why not."""
        if not self.settings.respect_robots:
            return None
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
            self._obey_crawl_delay(parts.netloc.lower(), self._robots[origin])
        rules = self._robots[origin]
        if isinstance(rules, str):
            return FetchResult(url, url, error=rules, retryable=True)
        if not rules.can_fetch(self.settings.user_agent, url):
            return FetchResult(url, url, error="blocked by robots.txt")
        return None

    def _obey_crawl_delay(self, host: str, rules: RobotFileParser | str) -> None:
        """A Crawl-delay longer than our own interval is obeyed, up to ``max_crawl_delay``."""
        delay = rules.crawl_delay(self.settings.user_agent) if isinstance(rules, RobotFileParser) else None
        if delay:
            capped = min(float(delay), self.settings.max_crawl_delay)
            self._host_interval[host] = max(self.settings.min_host_interval, capped)

    def _load_robots(self, origin: str) -> RobotFileParser | str:
        """The host's rules, or the reason every URL of the host is off limits this run.

        RFC 9309: a robots.txt answered with 4xx means no rules; 5xx or no answer means keep out.
        """
        rules = RobotFileParser()
        current = f"{origin}/robots.txt"
        for _hop in range(self.settings.max_redirects + 1):
            try:
                reply = self._get_once(current, None, "robots.txt")
            except httpx.TimeoutException as exc:
                return f"robots.txt timed out ({self._timeout_reason(exc)}), so the host is skipped"
            except httpx.TransportError as exc:
                return f"could not connect to fetch robots.txt ({_transport_reason(exc)})"
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                return f"robots.txt could not be fetched ({_transport_reason(exc)}), so the host is skipped"
            if reply.redirect_to is not None:
                current = reply.redirect_to
                continue
            status = reply.retry_status or (reply.result.status if reply.result else None) or 0
            if status == 429 or status >= 500:
                return f"blocked: robots.txt answered HTTP {status}, so the host is skipped this run"
            if status >= 400 or reply.result is None or reply.result.text is None:
                rules.allow_all = True
            else:
                rules.parse(reply.result.text.splitlines())
            return rules
        rules.allow_all = True  # RFC 9309: past five redirects robots.txt counts as unavailable (4xx)
        return rules


def _transport_reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def retry_after_seconds(headers: httpx.Headers, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def decode_body(body: bytes, content_type: str | None) -> str:
    """Bytes to text: the declared charset, else a BOM or an HTML meta charset, else UTF-8."""
    charset = None
    if content_type:
        header = Message()
        header["content-type"] = content_type
        charset = header.get_content_charset()
    if charset is None and body.startswith(b"\xef\xbb\xbf"):
        charset = "utf-8-sig"
    if charset is None:
        declared = _META_CHARSET.search(body[:4096])
        charset = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


# ------------------------------------------------------------------------------------------ documents


def fetch_url(url: str, client: PoliteClient | None = None) -> FetchResult:
    """Fetch one article page (HTML or plain text); failures are in ``result.error``."""
    if client is not None:
        return client.fetch_page(url)
    with PoliteClient() as own_client:
        return own_client.fetch_page(url)


def documents_from_urls(
    urls: Iterable[str], client: PoliteClient | None = None
) -> Iterator[Document | Rejection]:
    """A document per fetchable URL, in order, and a Rejection naming each URL that failed and why.

    A URL given twice is fetched once, and a page whose text was already yielded (the same article
    under two addresses) is not yielded again.
    """
    own_client = client is None
    active = client or PoliteClient()
    done_urls: set[str] = set()
    done_docs: set[str] = set()
    try:
        for url in urls:
            if url.strip() in done_urls:
                continue
            done_urls.add(url.strip())
            made = document_from_fetch(active.fetch_page(url), active.settings.text_types)
            if isinstance(made, Document):
                if made.doc_id in done_docs:
                    continue
                done_docs.add(made.doc_id)
            yield made
    finally:
        if own_client:
            active.close()


def document_from_fetch(
    result: FetchResult, text_types: frozenset[str] | None = None
) -> Document | Rejection:
    """The fetched page as a document (through the ingest readers), or why it cannot be one.

    ``text_types`` are the media types read as plain text (default: from ``fetch.yaml``).
    """
    if result.error is not None or result.text is None:
        return Rejection(input=result.url, reason=result.error or "empty response")
    from eventgraph.ingest import document_from_html, document_from_text

    name = document_name(result.final_url)
    kind = media_type(result.content_type)
    try:
        plain_types = text_types if text_types is not None else load_fetch_settings().text_types
        if kind in plain_types and not _looks_like_html(result.text):
            made = document_from_text(result.text, name, url=result.final_url)
        else:
            made = document_from_html(result.text, name, url=result.final_url)
    except ValueError as exc:
        return Rejection(input=result.url, reason=f"page could not be read: {exc}")
    if isinstance(made, Rejection):
        made.input = result.url
    elif not made.text.strip():
        return Rejection(input=result.url, reason="no article text found on the page")
    return made


def _looks_like_html(text: str) -> bool:
    """Some servers label HTML as text/plain; an opening doctype or <html> gives it away."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))
