"""Bytes to text: refuse binary data, decode UTF-8 first, and fall back to cp1252/latin-1 only when
the result reads like text. Also sniffs whether a text is HTML or JSON lines."""

from __future__ import annotations

import re
import unicodedata

from eventgraph.ingest.rules import IngestRules

SNIFF_BYTES = 8192
HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)
FEED_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.IGNORECASE | re.DOTALL,
)
HTML_TAGS = re.compile(r"</?(?:p|div|article|body|html|br|span|h[1-6])\b[^>]*>", re.IGNORECASE)


class InputProblem(Exception):
    """Bad input that becomes a Rejection; the message is the reason shown to the user."""


def decode_bytes(data: bytes, rules: IngestRules) -> tuple[str, str]:
    """The text and the encoding it was read with; InputProblem for binary or undecodable data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputProblem("undecodable text: starts with a UTF-16 mark but is not UTF-16") from exc
    if looks_binary(data[:SNIFF_BYTES], rules):
        raise InputProblem("binary file (not text)")
    try:
        return data.decode("utf-8-sig"), ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        bad_byte = exc.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if is_plausible_text(text, rules):
            return text, encoding
    raise InputProblem(
        f"undecodable text: not valid UTF-8 (byte {bad_byte}), and cp1252/latin-1 give implausible text"
    )


def looks_binary(head: bytes, rules: IngestRules) -> bool:
    """NUL bytes, or many control characters, mean a binary file."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / len(head) > rules.threshold("max_control_fraction")


def is_plausible_text(text: str, rules: IngestRules) -> bool:
    """Mostly letters, digits, punctuation and spaces, with no C1 control characters."""
    sample = text[:SNIFF_BYTES]
    if not sample:
        return False
    ordinary = sum(1 for ch in sample if ch.isspace() or unicodedata.category(ch)[0] in "LNPS")
    c1 = any("\x80" <= ch <= "\x9f" for ch in sample)
    return not c1 and ordinary / len(sample) >= rules.threshold("min_printable_fraction")


def looks_like_html(head: bytes | str) -> bool:
    """An HTML document start, or several block-level tags near the top."""
    raw = head[:SNIFF_BYTES]
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "replace")
    if HTML_START.match(raw):
        return True
    return len(HTML_TAGS.findall(raw.decode("utf-8", "replace"))) >= 3


def looks_like_feed(head: bytes) -> bool:
    """An RSS, Atom or RDF document: a list of links to articles, not an article."""
    return FEED_START.match(head[:SNIFF_BYTES]) is not None


def looks_like_jsonl(head: bytes) -> bool:
    """The first non-blank line is a JSON object."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"{")
