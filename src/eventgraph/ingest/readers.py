"""Read files, folders, globs and stdin into Documents, reporting every bad input as a Rejection.

Bad input never raises: an empty, binary, undecodable or oversized file, a malformed JSONL line or
an article with no text left after cleaning becomes a Rejection naming the input (and line), and the
rest of the batch goes on. JSONL is streamed line by line, so a corpus is never held in memory.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import json
import logging
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from eventgraph.ingest.decoding import (
    InputProblem,
    decode_bytes,
    looks_like_feed,
    looks_like_html,
    looks_like_jsonl,
)
from eventgraph.ingest.documents import document_from_html, document_from_text
from eventgraph.ingest.rules import IngestRules, load_rules
from eventgraph.records import Document, Rejection

log = logging.getLogger(__name__)

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv", ".tsv")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
GLOB_CHARS = "*?["
# Document field <- JSONL keys, first present wins (the documented key first, then common aliases).
JSONL_FIELDS = {
    "title": ("title", "headline"),
    "outlet": ("source", "outlet", "sitename"),
    "author": ("author",),
    "url": ("url",),
    "published": ("published", "date", "published_at", "published_raw"),
}

Item = Document | Rejection


def read_inputs(
    paths: Iterable[str], *, max_bytes: int = 20_000_000, stdin: IO[bytes] | None = None
) -> Iterator[Item]:
    """Documents and Rejections for files, folders (recursive, sorted), globs and "-" (stdin).

    Plain text (.txt, .md, no extension), JSON lines (.jsonl, .json, .ndjson, optionally .gz) and HTML
    (.html, .htm, or text that looks like HTML) are recognised. ``max_bytes`` limits each file (each
    line of a JSON lines file). An exact repeat of a document already read in this batch is reported
    as a Rejection "duplicate of <name>". ``stdin`` replaces the process's standard input (tests,
    servers); its documents and rejections are named "stdin".
    """
    batch = Batch(load_rules(), max_bytes)
    for given in paths:
        if given == STDIN:
            yield from _guard("stdin", lambda: _read_stdin(stdin, batch))
            continue
        found = expand_path(given)
        if isinstance(found, Rejection):
            yield found
            continue
        for path in found:
            yield from _guard(str(path), lambda path=path: read_file(path, batch))


@dataclass(slots=True)
class Batch:
    """What one read_inputs call shares across its inputs: rules, size limit, documents seen."""

    rules: IngestRules
    max_bytes: int
    seen: dict[str, str] = field(default_factory=dict)

    def accept(self, document: Document, source: str, line: int | None = None) -> Item:
        """The document, or a Rejection when cleaning left nothing or it repeats an earlier one."""
        if not document.text.strip():
            return Rejection(
                input=source, reason="no article text left after removing boilerplate", line=line
            )
        first = self.seen.get(document.doc_id)
        if first is not None:
            return Rejection(input=source, reason=f"duplicate of {first}", line=line)
        self.seen[document.doc_id] = document.name
        return document


def expand_path(given: str) -> list[Path] | Rejection:
    """The files a path, folder or glob names, in sorted order; hidden files and folders are skipped.

    A path that exists is taken literally even if its name contains glob characters.
    """
    if any(ch in given for ch in GLOB_CHARS) and not Path(given).exists():
        matches = sorted(Path(p) for p in glob.glob(given, recursive=True))
        if not matches:
            return Rejection(input=given, reason="no file matches this pattern")
        files: list[Path] = []
        for match in matches:
            files.extend(_folder_files(match) if match.is_dir() else [match])
        return files
    path = Path(given)
    if path.is_dir():
        return _folder_files(path)
    if not path.exists():
        reason = "broken symbolic link" if path.is_symlink() else "no such file or folder"
        return Rejection(input=given, reason=reason)
    return [path]


def _folder_files(folder: Path) -> list[Path]:
    """Files under ``folder``; hidden ones and a folder's README (documentation, not an article) skipped."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and not p.name.upper().startswith("README")
    )


def _guard(name: str, read: Any) -> Iterator[Item]:
    """Run one input's reader; an unexpected failure becomes a Rejection, never a traceback."""
    try:
        yield from read()
    except InputProblem as problem:
        yield Rejection(input=name, reason=str(problem))
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Rejection(input=name, reason=f"corrupt gzip file ({exc})")
    except OSError as exc:
        yield Rejection(input=name, reason=f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one broken input must not stop the batch
        log.debug("ingest failed on %s", name, exc_info=True)
        yield Rejection(input=name, reason=f"could not be ingested ({type(exc).__name__}: {exc})")


# ---------------------------------------------------------------------------------------------- files


def read_file(path: Path, batch: Batch) -> Iterator[Item]:
    """Documents (or Rejections) from one file, dispatched on its extension and content.

    ``max_bytes`` limits a whole file, except JSON lines, where it limits each line: a corpus file
    may be large, one article may not.
    """
    size = path.stat().st_size
    if size == 0:
        raise InputProblem("empty file")
    name = path.name
    lowered = name.lower()
    compressed = lowered.endswith(".gz")
    plain_name = lowered[:-3] if compressed else lowered
    if plain_name.endswith(JSONL_SUFFIXES):
        yield from _read_jsonl_file(path, compressed, batch)
        return
    if plain_name.endswith(CSV_SUFFIXES):
        yield from _read_csv_file(
            path, compressed, batch, delimiter="\t" if plain_name.endswith(".tsv") else ","
        )
        return
    if size > batch.max_bytes:
        raise InputProblem(f"file too large: {size} bytes, more than the limit of {batch.max_bytes}")
    data = _read_bytes(path, compressed, batch.max_bytes)
    yield _one_document(data, name, str(path), batch, html=plain_name.endswith(HTML_SUFFIXES))


def _read_bytes(path: Path, compressed: bool, max_bytes: int) -> bytes:
    if not compressed:
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputProblem(f"corrupt gzip file ({exc})") from exc
    if len(data) > max_bytes:
        raise InputProblem(f"file too large once decompressed: more than the limit of {max_bytes} bytes")
    return data


def _one_document(data: bytes, name: str, source: str, batch: Batch, *, html: bool) -> Item:
    if not data.strip():
        raise InputProblem("empty file")
    if looks_like_feed(data):
        raise InputProblem("an RSS/Atom feed, not an article: list its URL in a feeds file for `watch`")
    text, encoding = decode_bytes(data, batch.rules)
    if encoding not in ("utf-8", "utf-8-sig"):
        log.info("%s: decoded as %s (not valid UTF-8)", source, encoding)
    if html or looks_like_html(data):
        document = document_from_html(text, name, source_path=source)
        document.encoding = encoding
    else:
        document = document_from_text(text, name, source_path=source, encoding=encoding)
    return batch.accept(document, source)


# ---------------------------------------------------------------------------------------------- JSONL


def _read_jsonl_file(path: Path, compressed: bool, batch: Batch) -> Iterator[Item]:
    opener = gzip.open if compressed else open
    with opener(path, "rb") as stream:
        head = stream.peek(1) if hasattr(stream, "peek") else b""
        if head.lstrip()[:1] == b"[":
            yield from _read_json_array(stream.read(batch.max_bytes + 1), path, batch)
            return
        try:
            yield from read_jsonl_lines(_bounded_lines(stream, batch.max_bytes), str(path), path.stem, batch)
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            yield Rejection(input=str(path), reason=f"corrupt gzip file ({exc})")


def _bounded_lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """The stream's lines; None stands for a line longer than ``max_bytes`` (skipped, not loaded)."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(max_bytes + 1)
            yield None
            continue
        yield line


def read_jsonl_lines(
    lines: Iterable[bytes | None], source: str, stem: str, batch: Batch | None = None
) -> Iterator[Item]:
    """One Document or Rejection per non-blank JSON line; line numbers start at 1."""
    batch = batch or Batch(load_rules(), max_bytes=20_000_000)
    blank_only = True
    for number, raw_line in enumerate(lines, start=1):
        if raw_line is None:
            yield Rejection(input=source, reason="line too large", line=number)
            continue
        if not raw_line.strip():
            continue
        blank_only = False
        try:
            record = _parse_record(raw_line)
            yield _record_document(record, source, stem, number, batch)
        except InputProblem as problem:
            yield Rejection(input=source, reason=str(problem), line=number)
    if blank_only:
        yield Rejection(input=source, reason="empty file")


def _read_json_array(data: bytes, path: Path, batch: Batch) -> Iterator[Item]:
    """A .json file holding one array of article objects (read whole, within the size limit)."""
    if len(data) > batch.max_bytes:
        raise InputProblem(f"file too large: more than the limit of {batch.max_bytes} bytes")
    try:
        records = json.loads(decode_bytes(data, batch.rules)[0])
    except json.JSONDecodeError as exc:
        raise InputProblem(f"malformed JSON: {exc.msg} at line {exc.lineno}") from exc
    for index, record in enumerate(records, start=1):
        try:
            yield _record_document(_check_record(record), str(path), path.stem, index, batch)
        except InputProblem as problem:
            yield Rejection(input=str(path), reason=f"{problem} (array item {index})")


def _parse_record(raw_line: bytes) -> dict[str, Any]:
    try:
        text = raw_line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputProblem(f"undecodable line: not valid UTF-8 (byte {exc.start})") from exc
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"malformed JSON: {exc.msg} (column {exc.colno})") from exc
    return _check_record(record)


def _check_record(record: Any) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise InputProblem(f"expected a JSON object with a 'text' field, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputProblem("missing or empty 'text'")
    return record


def _record_document(
    record: dict[str, Any], source: str, stem: str, number: int, batch: Batch, input_format: str = "jsonl"
) -> Item:
    record_id = record.get("id")
    name = (
        str(record_id) if isinstance(record_id, str | int) and str(record_id).strip() else f"{stem}:{number}"
    )
    known = {}
    for document_field, keys in JSONL_FIELDS.items():
        value = next((record[k] for k in keys if isinstance(record.get(k), str) and record[k].strip()), None)
        if value is not None:
            known[document_field] = value
    document = document_from_text(
        record["text"], name, source_path=source, input_format=input_format, encoding="utf-8", **known
    )
    return batch.accept(document, source, number)


# ---------------------------------------------------------------------------------------------- CSV


def _read_csv_file(path: Path, compressed: bool, batch: Batch, delimiter: str) -> Iterator[Item]:
    """A CSV/TSV corpus with a header row naming the same fields as JSONL (``text`` required), streamed.

    Each row is one article; a row without text is a Rejection naming its line (the header is line 1).
    """
    csv.field_size_limit(max(batch.max_bytes, 131072))
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream, delimiter=delimiter)
            if not reader.fieldnames or "text" not in reader.fieldnames:
                yield Rejection(input=str(path), reason="CSV header has no 'text' column", line=1)
                return
            for row in reader:
                number = reader.line_num
                try:
                    record = _check_record({k: v for k, v in row.items() if k is not None})
                    yield _record_document(record, str(path), path.stem, number, batch, "csv")
                except InputProblem as problem:
                    yield Rejection(input=str(path), reason=str(problem), line=number)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Rejection(input=str(path), reason=f"corrupt gzip file ({exc})")
    except UnicodeDecodeError as exc:
        yield Rejection(input=str(path), reason=f"undecodable CSV: not valid UTF-8 (byte {exc.start})")
    except csv.Error as exc:
        yield Rejection(input=str(path), reason=f"malformed CSV: {exc}")


# ---------------------------------------------------------------------------------------------- stdin


def _read_stdin(stdin: IO[bytes] | None, batch: Batch) -> Iterator[Item]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(batch.max_bytes + 1)
    if len(data) > batch.max_bytes:
        raise InputProblem(f"input too large: more than the limit of {batch.max_bytes} bytes")
    if not data.strip():
        raise InputProblem("empty input")
    if looks_like_jsonl(data) and _first_line_is_json(data):
        yield from read_jsonl_lines(io.BytesIO(data), "stdin", "stdin", batch)
        return
    yield _one_document(data, "stdin", "stdin", batch, html=False)


def _first_line_is_json(data: bytes) -> bool:
    first = data.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
