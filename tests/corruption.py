"""Generate the corruption suite: inputs that must be rejected with a reason, never crash an ingest.

``generate(folder)`` writes every kind of broken input the ingest must survive (empty and binary
files, a 50 MB text, wrong and mixed encodings, truncated and malformed JSON lines, deeply nested
HTML, broken feed XML …) beside a few good articles, and returns a manifest: for each file, what it
is and how many documents it must yield and how many rejections, with the words the rejection
reason must contain. Nothing is checked in: the files are made fresh in a temporary folder.

URLs that time out or answer 500 need a server; the tests serve them from ``tests/http_fixtures``.

Run as a script to keep a suite for manual runs::

    python tests/corruption.py /tmp/corruption && eventgraph ingest /tmp/corruption --db /tmp/c.duckdb
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BIG_TEXT_BYTES = 50 * 1024 * 1024
NESTING_DEPTH = 20_000

# Our own short articles (invented wording) so the good files carry events an analyst would expect.
ARTICLES = {
    "talks": (
        "Armenia and Azerbaijan resume talks in Brussels\n\n"
        "Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev in Brussels on "
        "Sunday. The two leaders agreed to continue work on the delimitation of their border, the "
        "European Council said in a statement.\n\n"
        "Russia criticised the meeting and urged both sides to return to talks mediated by Moscow.\n"
    ),
    "corridor": (
        "Lachin road reopens to aid convoys\n\n"
        "Azerbaijan reopened the Lachin corridor to humanitarian convoys on Monday, the International "
        "Committee of the Red Cross said. Armenia welcomed the decision but demanded guarantees of free "
        "movement.\n"
    ),
    "mission": (
        "EU extends its monitoring mission\n\n"
        "The European Union extended its civilian monitoring mission in Armenia for two more years. "
        "Azerbaijan criticised the decision and accused the mission of bias.\n"
    ),
    "iran": (
        "Iran warns against border changes\n\n"
        "Iran's foreign minister warned Azerbaijan against any change to the border with Armenia and "
        "said Tehran would oppose a corridor through Syunik.\n"
    ),
    "turkey": (
        "Turkey and Armenia agree to open border for third-country nationals\n\n"
        "Turkey and Armenia agreed on Friday to open their land border to citizens of third countries, "
        "special envoys of both countries said after a meeting in Vienna.\n"
    ),
    "moscow": (
        "Kremlin hosts trilateral meeting\n\n"
        "Russian President Vladimir Putin hosted Pashinyan and Aliyev in Moscow on Thursday and "
        "promised that Russian peacekeepers would stay in Nagorno-Karabakh.\n"
    ),
    "peacekeepers": (
        "Peacekeepers leave Karabakh early\n\n"
        "Russia began withdrawing its peacekeeping contingent from Nagorno-Karabakh in April, the "
        "Azerbaijani presidential administration said, two years before its mandate was due to end.\n"
    ),
    "blockade": (
        "Armenia accuses Azerbaijan over the blockade\n\n"
        "Armenia accused Azerbaijan of starving the Karabakh Armenians by blocking the Lachin corridor "
        "and asked the United Nations Security Council to meet.\n"
    ),
    "prisoners": (
        "Azerbaijan frees Armenian soldiers\n\n"
        "Azerbaijan released thirty-two Armenian soldiers on Wednesday and Armenia freed two Azerbaijani "
        "servicemen in return, both governments said in a joint statement.\n"
    ),
    "washington": (
        "Ministers meet in Washington\n\n"
        "The foreign ministers of Armenia and Azerbaijan met in Arlington for talks hosted by Secretary "
        "of State Antony Blinken, who praised progress toward a peace agreement.\n"
    ),
    "refugees": (
        "Refugees reach Goris\n\n"
        "More than fifty thousand refugees from Nagorno-Karabakh crossed into Armenia by Tuesday, the "
        "Armenian government said, and the European Union pledged humanitarian aid.\n"
    ),
}


@dataclass(slots=True)
class Entry:
    """One generated file: what it is, what the ingest must make of it."""

    name: str
    kind: str
    documents: int = 0
    rejections: int = 0
    reason_words: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.documents > 0


def generate(folder: str | Path) -> list[Entry]:
    """Write the suite into ``folder`` (created if needed) and return its manifest."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    return [make(root) for make in MAKERS]


def _write(root: Path, name: str, data: bytes) -> Path:
    path = root / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------------------------- good files


def good_plain(root: Path) -> Entry:
    _write(root, "good-talks.txt", ARTICLES["talks"].encode("utf-8"))
    return Entry("good-talks.txt", "good UTF-8 article", documents=1)


def good_html(root: Path) -> Entry:
    body = "".join(f"<p>{para}</p>\n" for para in ARTICLES["corridor"].split("\n\n")[1:])
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Lachin road reopens</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Lachin road reopens</h1>{body}</article>"
        "<footer>Copyright 2023</footer></body></html>"
    )
    _write(root, "good-corridor.html", html.encode("utf-8"))
    return Entry("good-corridor.html", "good HTML article", documents=1)


# ------------------------------------------------------------------------------ empty and binary


def empty_file(root: Path) -> Entry:
    _write(root, "empty.txt", b"")
    return Entry("empty.txt", "empty file", rejections=1, reason_words=["empty"])


def blank_file(root: Path) -> Entry:
    _write(root, "blank.txt", b" \n\t\r\n   \n")
    return Entry("blank.txt", "whitespace only", rejections=1, reason_words=["empty"])


def binary_file(root: Path) -> Entry:
    rng = random.Random(5)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096))
    _write(root, "photo.txt", png)
    return Entry("photo.txt", "binary data named .txt", rejections=1, reason_words=["binary"])


def binary_without_nul(root: Path) -> Entry:
    data = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 200
    _write(root, "controls.txt", data)
    return Entry("controls.txt", "control characters, no NUL", rejections=1, reason_words=["binary"])


def gzip_truncated(root: Path) -> Entry:
    line = json.dumps({"id": "gz-1", "text": ARTICLES["iran"]}).encode() + b"\n"
    _write(root, "truncated.jsonl.gz", gzip.compress(line)[:12])
    return Entry("truncated.jsonl.gz", "gzip cut off in its header", rejections=1, reason_words=["gzip"])


# ---------------------------------------------------------------------------------------- size


def big_text(root: Path) -> Entry:
    paragraph = (ARTICLES["mission"].split("\n\n", 1)[1].strip() + "\n\n").encode("utf-8")
    with (root / "huge.txt").open("wb") as out:
        written = 0
        while written < BIG_TEXT_BYTES:
            out.write(paragraph)
            written += len(paragraph)
    return Entry("huge.txt", "50 MB of text", rejections=1, reason_words=["too large"])


def long_article(root: Path) -> Entry:
    """Three million characters: under the file limit, over what one spaCy parse accepts."""
    sentence = "Armenia and Azerbaijan exchanged fire on the border near Sotk on Tuesday. "
    _write(root, "long-article.txt", (sentence * (3_000_000 // len(sentence))).encode("utf-8"))
    return Entry("long-article.txt", "article of 3 M characters", rejections=1, reason_words=["too long"])


# ------------------------------------------------------------------------------------- encodings


def cp1252_file(root: Path) -> Entry:
    text = ARTICLES["turkey"].replace("said", "said \u201cwe are ready\u201d \u2013 and")
    _write(root, "windows-1252.txt", text.encode("cp1252"))
    return Entry("windows-1252.txt", "cp1252 with curly quotes", documents=1)


def latin1_file(root: Path) -> Entry:
    text = ARTICLES["iran"].replace("Tehran", "T\u00e9h\u00e9ran")
    _write(root, "latin-1.txt", text.encode("latin-1"))
    return Entry("latin-1.txt", "latin-1 with accents", documents=1)


def utf16_file(root: Path) -> Entry:
    _write(root, "utf-16.txt", ARTICLES["moscow"].encode("utf-16"))
    return Entry("utf-16.txt", "UTF-16 with a byte-order mark", documents=1)


def mixed_encoding(root: Path) -> Entry:
    """UTF-8 and cp1252 halves in one file: readable after cp1252 fallback (mojibake in one half)."""
    head, tail = ARTICLES["mission"].split("\n\n", 1)
    data = (head + " \u2014 Br\u00fcssel\n\n").encode("utf-8") + (tail + " \u201cOK\u201d\n").encode("cp1252")
    _write(root, "mixed-encoding.txt", data)
    return Entry("mixed-encoding.txt", "UTF-8 and cp1252 mixed", documents=1)


def undecodable(root: Path) -> Entry:
    """Bytes undefined in cp1252 and control characters in latin-1: no encoding reads this as text."""
    data = ARTICLES["corridor"].encode("utf-8") + b"\x81\x8d\x8f\x90\x9d" * 40
    _write(root, "undecodable.txt", data)
    return Entry(
        "undecodable.txt",
        "invalid UTF-8, implausible cp1252/latin-1",
        rejections=1,
        reason_words=["undecodable"],
    )


def utf16_broken(root: Path) -> Entry:
    _write(root, "bad-utf-16.txt", b"\xff\xfe" + ARTICLES["talks"].encode("utf-16-le")[:-1] + b"\x00\xd8")
    return Entry("bad-utf-16.txt", "UTF-16 mark, odd byte count", rejections=1, reason_words=["UTF-16"])


# ----------------------------------------------------------------------------------------- JSONL


def jsonl_mixed(root: Path) -> Entry:
    """Good lines among truncated, malformed, non-object, text-less and non-UTF-8 ones."""
    keys = ("prisoners", "washington", "refugees")
    good = [{"id": f"jsonl-{k}", "title": k, "text": ARTICLES[k]} for k in keys]
    good.append({"id": "jsonl-cut", "text": ARTICLES["blockade"]})
    lines = [
        json.dumps(good[0]).encode(),
        json.dumps(good[3]).encode()[:60],  # truncated mid-string
        b"{'id': 'single-quotes', 'text': 'not JSON'}",  # malformed
        b"",  # blank: skipped, not rejected
        json.dumps(good[2]).encode(),
        b"[1, 2, 3]",  # not an object
        json.dumps({"id": "no-text", "title": "headline only"}).encode(),
        json.dumps({"id": "empty-text", "text": "   "}).encode(),
        json.dumps({"id": "bad-bytes", "text": "x"}).encode().replace(b"x", b"\xff\xfe\xfa"),
        json.dumps(good[1]).encode(),
        json.dumps(good[3]).encode()[:-3],  # the last line, truncated, no newline
    ]
    _write(root, "corpus.jsonl", b"\n".join(lines))
    return Entry(
        "corpus.jsonl", "JSONL: 3 good lines, 7 bad", documents=3, rejections=7, reason_words=["JSON"]
    )


def jsonl_all_blank(root: Path) -> Entry:
    _write(root, "blank.jsonl", b"\n\n  \n")
    return Entry("blank.jsonl", "JSONL of blank lines", rejections=1, reason_words=["empty"])


def json_array_bad(root: Path) -> Entry:
    _write(root, "array.json", b'[{"id": "a1", "text": "Armenia')
    return Entry("array.json", "JSON array cut off", rejections=1, reason_words=["malformed"])


# ------------------------------------------------------------------------------------------ HTML


def deeply_nested_html(root: Path) -> Entry:
    """The article sits at a sane depth; a sidebar nests twenty thousand divs."""
    body = "".join(f"<p>{para}</p>" for para in ARTICLES["peacekeepers"].split("\n\n")[1:])
    sidebar = "<div>" * NESTING_DEPTH + "deep" + "</div>" * NESTING_DEPTH
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Peacekeepers leave Karabakh"
        f"</title></head><body><article><h1>Peacekeepers leave Karabakh</h1>{body}</article>"
        f"<aside>{sidebar}</aside></body></html>"
    )
    _write(root, "nested.html", html.encode("utf-8"))
    return Entry("nested.html", f"HTML nested {NESTING_DEPTH} deep around a good article", documents=1)


def nested_only_html(root: Path) -> Entry:
    html = "<html><body>" + "<span><b>" * NESTING_DEPTH + "</b></span>" * NESTING_DEPTH + "</body></html>"
    _write(root, "nested-empty.html", html.encode("utf-8"))
    return Entry("nested-empty.html", "HTML of nested tags, no text", rejections=1, reason_words=["text"])


def unclosed_html(root: Path) -> Entry:
    html = "<html><body><article><p>" + ARTICLES["blockade"].replace("\n\n", "<p>") + "<div><table><tr><td"
    _write(root, "unclosed.html", html.encode("utf-8"))
    return Entry("unclosed.html", "HTML cut off inside a tag", documents=1)


# ----------------------------------------------------------------------------------------- feeds


def broken_feed(root: Path) -> Entry:
    rss = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Monitor</title>'
        "<item><title>Talks & more</title><link>http://monitor.test/a</link></item><item><title>Cut"
    )
    _write(root, "broken-feed.xml", rss.encode("utf-8"))
    return Entry("broken-feed.xml", "RSS feed with broken XML", rejections=1, reason_words=["feed"])


def duplicate_file(root: Path) -> Entry:
    _write(root, "zz-copy-of-talks.txt", ARTICLES["talks"].encode("utf-8"))
    return Entry(
        "zz-copy-of-talks.txt", "exact copy of good-talks.txt", rejections=1, reason_words=["duplicate"]
    )


MAKERS: list[Callable[[Path], Entry]] = [
    good_plain,
    good_html,
    empty_file,
    blank_file,
    binary_file,
    binary_without_nul,
    gzip_truncated,
    big_text,
    long_article,
    cp1252_file,
    latin1_file,
    utf16_file,
    mixed_encoding,
    undecodable,
    utf16_broken,
    jsonl_mixed,
    jsonl_all_blank,
    json_array_bad,
    deeply_nested_html,
    nested_only_html,
    unclosed_html,
    broken_feed,
    duplicate_file,
]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/corruption.py FOLDER", file=sys.stderr)
        return 2
    for entry in generate(argv[0]):
        verdict = f"{entry.documents} document(s)" if entry.accepted else "rejected"
        print(f"{entry.name:28} {verdict:14} {entry.kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
