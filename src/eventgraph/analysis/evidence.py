"""The report's evidence, packed so that the page stays a file you can send, whatever the corpus.

Every plotted point, bar and table row of the report carries the ids of the events behind it; the
page embeds each event's evidence (its sentence, the span, actors, date, outlet, document) so that a
click opens it offline. How it is embedded depends on its size:

1. **Plain JSON** (``<script id="evidence-data">``) while it is small (``PLAIN_BYTES``).
2. **Packed**: each distinct sentence and outlet once, events as short arrays pointing to them,
   gzip-compressed and base64-encoded (``<script id="evidence-gz">``); the page unpacks it with the
   browser's ``DecompressionStream``. Reprints and the several events of one sentence cost little.
3. **Chosen**, when the packed evidence still does not fit ``budget`` bytes with the rest of the page:
   the first *k* events of every point (in the point's own order, which is the store's date order)
   are kept, *k* as large as fits. Every point still opens at least its first event; the panel names
   the events left out, which ``eventgraph show ID`` or the dashboard open.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from typing import Any

PLAIN_BYTES = 2_000_000
FIELDS = (
    "sentence",
    "start",
    "end",
    "source",
    "target",
    "type",
    "goldstein",
    "date",
    "outlet",
    "doc",
    "flags",
)
_IDS_ATTRIBUTE = re.compile(r"data-events='([^']*)'")
_IDS_ARRAY = re.compile(r'\[("[0-9a-f]{16}"(?:,\s*"[0-9a-f]{16}")*)\]')


def point_ids(page: str) -> list[list[str]]:
    """The event ids behind each clickable thing of ``page``: table rows and links (``data-events``)
    and chart points (plotly ``customdata`` lists)."""
    points = [ids.split() for ids in _IDS_ATTRIBUTE.findall(page)]
    points += [re.findall(r"[0-9a-f]{16}", ids) for ids in _IDS_ARRAY.findall(page)]
    return [p for p in points if p]


def embed(evidence: dict[str, dict[str, Any]], points: list[list[str]], room: int) -> tuple[str, str]:
    """The ``<script>`` holding the evidence in at most ``room`` bytes where it can, and a note for
    the reader saying what was left out ("" when nothing was)."""
    plain = json.dumps(evidence, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")
    if len(plain) <= min(PLAIN_BYTES, room):
        return f'<script type="application/json" id="evidence-data">{plain}</script>', ""
    packed = pack(evidence)
    if len(packed) <= room or not points:
        return _packed_script(packed), ""
    per_event = len(packed) / max(1, len(evidence))
    k = _largest_share(points, lambda n: n * per_event <= room)
    while True:
        kept = _first_of_each(points, k)
        packed = pack({i: evidence[i] for i in evidence if i in kept})
        if len(packed) <= room or k == 1:
            break
        k -= 1
    note = (
        f"This file holds the evidence of {len(kept):,} of the {len(evidence):,} events: the first {k:,} "
        "behind every point, bar and row (in date order), to stay within its size bound. "
        "`eventgraph show ID` or the dashboard open the others."
    )
    return _packed_script(packed), note


def _packed_script(packed: str) -> str:
    return f'<script type="application/octet-stream" id="evidence-gz">{packed}</script>'


def _first_of_each(points: list[list[str]], k: int) -> set[str]:
    return {i for ids in points for i in ids[:k]}


def _largest_share(points: list[list[str]], fits: Any) -> int:
    """The largest k (at least 1) whose events (the first k of each point) still fit."""
    low, high = 1, max(len(p) for p in points)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(len(_first_of_each(points, middle))):
            low = middle
        else:
            high = middle - 1
    return low


def pack(evidence: dict[str, dict[str, Any]]) -> str:
    """Sentences and outlets once each, events as arrays; gzip, base64."""
    sentences: dict[str, int] = {}
    outlets: dict[str, int] = {}
    events = {}
    for event_id, ev in evidence.items():
        s = sentences.setdefault(ev["sentence"], len(sentences))
        o = outlets.setdefault(str(ev["outlet"]), len(outlets))
        events[event_id] = [s, *(ev[f] for f in FIELDS[1:8]), o, ev["doc"], ev["flags"]]
    data = {"s": list(sentences), "o": list(outlets), "e": events}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def unpack(packed: str) -> dict[str, dict[str, Any]]:
    """:func:`pack` undone: event id → evidence fields (what the page's script does)."""
    data = json.loads(gzip.decompress(base64.b64decode(packed)))
    out = {}
    for event_id, e in data["e"].items():
        values = [data["s"][e[0]], *e[1:8], data["o"][e[8]], e[9], e[10]]
        out[event_id] = dict(zip(FIELDS, values, strict=True))
    return out
