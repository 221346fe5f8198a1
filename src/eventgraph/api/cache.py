"""Answers kept until the next batch: the store changes only when the server writes a batch, so a
GET answer computed once is the answer for everyone until then.

:class:`ResponseCache` is an ASGI middleware in front of the application. A GET of a store endpoint
(``CACHED_PREFIXES``) is looked up by (path, query string, the gate's write generation); a hit is sent
as stored, without a thread, a DuckDB query, validation or serialisation. Only 200 answers are kept.
The generation is read before the request runs and a request's read transaction starts after that, so
a kept answer is never older than the generation it is filed under; the next batch moves the
generation on and every older answer stops matching (and is evicted as the space is needed).

Identical requests that miss at the same time are computed once: the first computes, the others wait
for its answer (a dashboard opened by several analysts after a batch, or 32 benchmark clients, would
otherwise run the same heavy analysis 32 times at once). The cache is bounded in bytes.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Endpoints whose answer depends only on the request and the store (not /status, /export files, the
# dashboard's static files or /actors/resolve, which reads the catalogue).
CACHED_PREFIXES = (
    "/overview",
    "/events",
    "/claims",
    "/documents",
    "/actors",
    "/dyads",
    "/network",
    "/mediation",
    "/sources",
    "/disagreements",
)
UNCACHED_PATHS = ("/actors/resolve",)
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
CACHE_HEADER = b"x-eventgraph-cache"


@dataclass(slots=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def is_cached_path(path: str) -> bool:
    if path in UNCACHED_PATHS:
        return False
    return any(path == p or path.startswith(p + "/") for p in CACHED_PREFIXES)


class ResponseCache:
    """ASGI middleware: GET answers of store endpoints kept per write generation, LRU within ``max_bytes``."""

    def __init__(self, app: ASGIApp, version: Callable[[], int], max_bytes: int = DEFAULT_MAX_BYTES):
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 4  # one answer may take a quarter of the space
        self._answers: OrderedDict[tuple[str, bytes, int], Answer] = OrderedDict()
        self._bytes = 0
        self._generation = -1  # of every answer kept
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, bytes, int], asyncio.Future[Answer | None]] = {}
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not is_cached_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), self.version())
        answer = self._get(key)
        if answer is None:
            pending = self._pending.get(key)
            if pending is not None:  # the same request is being computed: wait for its answer
                answer = await asyncio.shield(pending)
        if answer is not None:
            self.hits += 1
            await _send_answer(answer, send, b"hit")
            return
        self.misses += 1
        future: asyncio.Future[Answer | None] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        answer = None
        try:
            answer = await self._compute(scope, receive, send)
        finally:
            if self._pending.get(key) is future:
                del self._pending[key]
            future.set_result(answer)  # waiters without an answer (an error) compute their own
        if answer is not None:
            self._put(key, answer)

    async def _compute(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """Run the application, passing its answer on and keeping a copy of a 200 answer."""
        start: Message = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = message["status"] == 200
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (CACHE_HEADER, b"miss")],
                }
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if sum(len(c) for c in chunks) > self.max_entry:
                    keep = False
                    chunks.clear()
            await send(message)

        await self.app(scope, receive, capture)
        if not keep or not start:
            return None
        return Answer(start["status"], list(start.get("headers", [])), b"".join(chunks))

    def _get(self, key: tuple[str, bytes, int]) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def _put(self, key: tuple[str, bytes, int], answer: Answer) -> None:
        with self._lock:
            current = self.version()
            if current != self._generation:  # a batch came: every kept answer is of an older one
                self._answers.clear()
                self._bytes = 0
                self._generation = current
            if key[2] != current:
                return  # computed for a generation that has already passed
            self._answers[key] = answer
            self._bytes += len(answer.body)
            while self._bytes > self.max_bytes and self._answers:
                _, evicted = self._answers.popitem(last=False)
                self._bytes -= len(evicted.body)

    def stats(self) -> dict[str, int]:
        with self._lock:
            kept = {"answers": len(self._answers), "bytes": self._bytes}
            return {**kept, "hits": self.hits, "misses": self.misses}


async def _send_answer(answer: Answer, send: Send, how: bytes) -> None:
    headers = [h for h in answer.headers if h[0] != CACHE_HEADER] + [(CACHE_HEADER, how)]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
