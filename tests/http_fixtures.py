"""A small local web site for the fetch and feed tests, served on 127.0.0.1 from a background thread.

``LocalSite`` serves article pages, RSS and Atom feeds that link to them, and the misbehaviours a
polite client must survive (slow, failing, rate-limiting, redirecting, disallowed, oversized, PDF).
It records every request with its arrival time, so a test can check retries and backoff from the
server's side. Nothing here touches the network beyond the loopback interface.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eventgraph.ingest.fetch import FetchSettings, load_fetch_settings

ARTICLE_PATH = "/news/talks-resume.html"
ARTICLE_TITLE = "Armenia and Azerbaijan resume border talks in Brussels"
ARTICLE_AUTHOR = "Lena Hakobyan"
ARTICLE_DATE = "2023-05-14"
ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{ARTICLE_TITLE} | Caucasus Monitor</title>
<meta name="author" content="{ARTICLE_AUTHOR}">
<meta property="article:published_time" content="{ARTICLE_DATE}T09:30:00+00:00">
<meta property="og:title" content="{ARTICLE_TITLE}">
</head><body>
<nav><a href="/">Home</a> | <a href="/news/">News</a> | <a href="/subscribe">Subscribe</a></nav>
<article>
<h1>{ARTICLE_TITLE}</h1>
<p>Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met in Brussels on
Sunday for another round of talks hosted by European Council President Charles Michel.</p>
<p>The two leaders agreed to continue work on the delimitation of their shared border, according to
a statement released after the meeting. Michel said the sides had made progress on reopening
transport links in the region.</p>
<p>Russia, which deployed peacekeepers to Nagorno-Karabakh in 2020, criticised the Brussels format
and urged both capitals to return to talks mediated by Moscow.</p>
</article>
<footer>Copyright 2023 Caucasus Monitor. All rights reserved.</footer>
</body></html>
"""

BARE_PAGE_PATH = "/news/bare-page.html"
BARE_PAGE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body><article>
<p>Azerbaijan reopened the Lachin road to humanitarian convoys on Monday after weeks of closure,
the International Committee of the Red Cross said in a statement.</p>
<p>Armenia welcomed the decision but called for a permanent guarantee of free movement along the
corridor, which links Nagorno-Karabakh with Armenia.</p>
</article></body></html>
"""

PLAIN_PATH = "/news/statement.txt"
PLAIN_TEXT = """Statement on the Washington talks

The foreign ministers of Armenia and Azerbaijan met in Arlington on Monday for four days of talks
hosted by the United States. Secretary of State Antony Blinken said the sides had taken tangible
steps toward a durable peace agreement.
"""

UPDATED_PAGE_PATH = "/news/later-update.html"
UPDATED_PAGE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>EU extends monitoring mission in Armenia</title></head>
<body><article>
<p>The European Union extended its civilian monitoring mission along the Armenian side of the border
with Azerbaijan for two more years, the Council of the EU announced on Monday.</p>
<p>Azerbaijan has repeatedly objected to the presence of the mission near the border.</p>
</article></body></html>
"""

EMPTY_PAGE_PATH = "/news/empty.html"
EMPTY_PAGE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Menu</title></head><body>
<nav><a href="/">Home</a></nav></body></html>
"""

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HUGE_BYTES = 300_000
BROKEN_FEED = b"\x00\x01 this is <<< not a feed"


def fast_settings(**overrides: object) -> FetchSettings:
    """The shipped settings with short timeouts and backoff, so the tests run in seconds."""
    quick = {
        "connect_timeout": 1.0,
        "read_timeout": 0.5,
        "backoff_initial": 0.05,
        "backoff_factor": 2.0,
        "backoff_max": 1.0,
        "retry_after_cap": 2.0,
        "min_host_interval": 0.0,
        "max_bytes": 100_000,
    }
    quick.update(overrides)
    return load_fetch_settings().with_overrides(**quick)


@dataclass
class Reply:
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0  # pause between ten slices of the body

    def with_etag(self) -> Reply:
        """Feeds carry an ETag, so the client can ask "only if changed" next time."""
        self.headers["ETag"] = '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'
        return self


@dataclass
class FeedEntry:
    """An item of the site's feeds; ``path`` is a page on the site (or any absolute URL)."""

    title: str
    path: str
    published: datetime
    author: str | None = None
    summary: str = ""


DEFAULT_ENTRIES = [
    FeedEntry(
        "Leaders resume border talks",
        ARTICLE_PATH,
        datetime(2023, 5, 14, 9, 30, tzinfo=UTC),
        "Lena Hakobyan",
        "Pashinyan and Aliyev met again in Brussels.",
    ),
    FeedEntry(
        "Lachin road reopens to aid convoys",
        BARE_PAGE_PATH,
        datetime(2023, 7, 3, 6, 0, tzinfo=UTC),
        "Arif Mammadov",
        "The ICRC says convoys can pass again.",
    ),
]


class LocalSite:
    """The test web site. ``with LocalSite() as site: site.url("/news/...")``."""

    def __init__(self, robots_status: int = 200, slow_seconds: float = 1.5, robots_txt: str = ROBOTS_TXT):
        self.robots_status = robots_status
        self.robots_txt = robots_txt
        self.slow_seconds = slow_seconds
        self.entries: list[FeedEntry] = list(DEFAULT_ENTRIES)
        self.requests: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, list[int]] = defaultdict(list)
        self.user_agents: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    # --------------------------------------------------------------------------------------- lifecycle

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self._lock:
            return len(self.requests[path])

    def times(self, path: str) -> list[float]:
        with self._lock:
            return list(self.requests[path])

    # ----------------------------------------------------------------------------------------- content

    def reply_for(self, path: str) -> Reply:
        """What the site answers for ``path`` (the n-th request of a path can differ from the first)."""
        n = self.hits(path)
        routes: dict[str, Callable[[], Reply]] = {
            "/robots.txt": lambda: Reply(self.robots_status, "text/plain", self.robots_txt.encode()),
            ARTICLE_PATH: lambda: Reply(body=ARTICLE_HTML.encode()),
            BARE_PAGE_PATH: lambda: Reply(body=BARE_PAGE_HTML.encode()),
            UPDATED_PAGE_PATH: lambda: Reply(body=UPDATED_PAGE_HTML.encode()),
            EMPTY_PAGE_PATH: lambda: Reply(body=EMPTY_PAGE_HTML.encode()),
            PLAIN_PATH: lambda: Reply(content_type="text/plain; charset=utf-8", body=PLAIN_TEXT.encode()),
            "/private/memo.html": lambda: Reply(body=ARTICLE_HTML.encode()),
            "/report.pdf": lambda: Reply(content_type="application/pdf", body=PDF_BYTES),
            "/huge.html": lambda: Reply(body=b"<html><body>" + b"a" * HUGE_BYTES + b"</body></html>"),
            "/missing.html": lambda: Reply(404, body=b"<html><body>not here</body></html>"),
            "/always-500": lambda: Reply(500, body=b"server error"),
            "/flaky": lambda: Reply(503, body=b"busy") if n < 2 else Reply(body=ARTICLE_HTML.encode()),
            "/busy": lambda: (
                Reply(429, headers={"Retry-After": "1"}) if n < 1 else Reply(body=ARTICLE_HTML.encode())
            ),
            "/busy-for-an-hour": lambda: Reply(429, headers={"Retry-After": "3600"}),
            "/slow": lambda: Reply(body=ARTICLE_HTML.encode(), delay=self.slow_seconds),
            "/drip": lambda: Reply(body=ARTICLE_HTML.encode(), drip=0.1),
            "/news/mislabelled.txt": lambda: Reply(content_type="text/plain", body=ARTICLE_HTML.encode()),
            "/hop/1": lambda: Reply(301, None, headers={"Location": "/hop/2"}),
            "/hop/2": lambda: Reply(302, None, headers={"Location": self.url(ARTICLE_PATH)}),
            "/hop/private": lambda: Reply(302, None, headers={"Location": "/private/memo.html"}),
            "/loop": lambda: Reply(302, None, headers={"Location": "/loop"}),
            "/feeds/rss.xml": lambda: Reply(content_type=RSS_TYPE, body=self.rss()).with_etag(),
            "/feeds/atom.xml": lambda: Reply(content_type=ATOM_TYPE, body=self.atom()).with_etag(),
            "/feeds/sloppy.xml": lambda: Reply(content_type="text/xml", body=self.rss(sloppy=True)),
            "/feeds/broken.xml": lambda: Reply(content_type="text/xml", body=BROKEN_FEED),
            "/feeds/homepage.xml": lambda: Reply(body=BARE_PAGE_HTML.encode()),
        }
        route = routes.get(path)
        return route() if route else Reply(404, body=b"<html><body>no such page</body></html>")

    def rss(self, sloppy: bool = False) -> bytes:
        items = []
        for entry in self.entries:
            title = entry.title + (" & more" if sloppy else "")
            author = f"<dc:creator>{entry.author}</dc:creator>" if entry.author else ""
            items.append(
                f"<item><title>{title}</title><link>{self._absolute(entry.path)}</link>"
                f'<guid isPermaLink="false">rss-{entry.path}</guid>'
                f"<pubDate>{format_datetime(entry.published)}</pubDate>{author}"
                f"<description>&lt;p&gt;{entry.summary}&lt;/p&gt;</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>Caucasus Monitor</title><link>{self.base}/</link>"
            "<description>News from the South Caucasus</description>" + "".join(items) + "</channel></rss>"
        ).encode("utf-8")

    def atom(self) -> bytes:
        entries = []
        for entry in self.entries:
            author = f"<author><name>{entry.author}</name></author>" if entry.author else ""
            updated = (entry.published + timedelta(hours=1)).isoformat()
            entries.append(
                f'<entry><title>{entry.title}</title><link rel="alternate" href="{entry.path}"/>'
                f"<id>tag:monitor.test,2023:{entry.path}</id>"
                f"<published>{entry.published.isoformat()}</published><updated>{updated}</updated>"
                f'{author}<summary type="html">&lt;b&gt;{entry.summary}&lt;/b&gt;</summary></entry>'
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{self.base}/">'
            "<title>Caucasus Monitor</title><id>tag:monitor.test,2023:feed</id>"
            "<updated>2023-07-03T07:00:00Z</updated>" + "".join(entries) + "</feed>"
        ).encode("utf-8")

    def _absolute(self, path: str) -> str:
        return path if path.startswith("http") else self.url(path)

    # ----------------------------------------------------------------------------------------- serving

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server dispatches on)
                arrived = time.monotonic()
                path = self.path.split("?", 1)[0]
                reply = site.reply_for(path)
                with site._lock:
                    site.requests[path].append(arrived)
                    site.user_agents.append(self.headers.get("User-Agent", ""))
                etag = reply.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    reply = Reply(304, None, headers={"ETag": etag})
                with site._lock:
                    site.statuses[path].append(reply.status)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    if reply.content_type:
                        self.send_header("Content-Type", reply.content_type)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.send_body(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to clean up

            def send_body(self, reply: Reply) -> None:
                if not reply.drip:
                    self.wfile.write(reply.body)
                    return
                size = len(reply.body) // 10 + 1
                for start in range(0, len(reply.body), size):
                    self.wfile.write(reply.body[start : start + size])
                    self.wfile.flush()
                    time.sleep(reply.drip)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
                pass

        return Handler
