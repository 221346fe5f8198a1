"""The corruption suite and a slice of the reference corpus, ingested through the real command line.

Every broken input must end as a rejection with its reason, in the store's rejections table and in
the printed summary; every good input must end as a stored document; nothing may crash. URLs that
time out or answer 500, and feeds with broken XML, come from the local test site.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventgraph.ingest import read_inputs
from eventgraph.records import Document, Rejection
from tests.conftest import SHARED
from tests.corruption import Entry, generate

CORPUS = SHARED / "corpora" / "ukraine-media.jsonl"
SLICE_ARTICLES = 20


@dataclass
class Run:
    """One ``eventgraph ingest`` run: exit status, output, and the store's tables afterwards."""

    returncode: int
    stdout: str
    stderr: str
    tables: dict[str, list[tuple[Any, ...]]]


def eventgraph(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("EVENTGRAPH_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "eventgraph.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "documents": "SELECT doc_id, name, source_path FROM documents",
        "sentences": "SELECT doc_id, sentence_index FROM sentences",
        "events": "SELECT event_id FROM events",
        "rejections": "SELECT input, line, reason FROM rejections",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(sql).fetchall() for table, sql in queries.items()}


def ingest(db: Path, inputs: list[Path], *flags: str) -> Run:
    done = eventgraph("ingest", *inputs, "--db", db, "--batch-size", "8", *flags)
    return Run(done.returncode, done.stdout, done.stderr, snapshot(db))


@pytest.fixture(scope="module")
def reference_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first articles of the reference corpus, as a JSONL file in a temporary folder."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is missing")
    path = tmp_path_factory.mktemp("reference") / "reference-slice.jsonl"
    with CORPUS.open("rb") as corpus:
        path.write_bytes(b"".join(itertools.islice(corpus, SLICE_ARTICLES)))
    return path


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Entry]]:
    folder = tmp_path_factory.mktemp("corruption")
    return folder, generate(folder)


@pytest.fixture(scope="module")
def runs(suite: tuple[Path, list[Entry]], reference_slice: Path, tmp_path_factory: pytest.TempPathFactory):
    """The suite and the slice ingested once, then again with --strict into the same store."""
    folder, _ = suite
    db = tmp_path_factory.mktemp("store") / "robust.duckdb"
    first = ingest(db, [folder, reference_slice])
    second = ingest(db, [folder, reference_slice], "--strict")
    return first, second


def entry_rows(rows: list[tuple[Any, ...]], name: str, column: int) -> list[tuple[Any, ...]]:
    return [r for r in rows if r[column] and Path(r[column]).name == name]


def folded(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------- the generator


def test_the_suite_holds_every_corruption_kind(suite: tuple[Path, list[Entry]]) -> None:
    folder, manifest = suite
    kinds = " ".join(e.kind for e in manifest)
    for kind in ("empty", "binary", "50 MB", "cp1252", "mixed", "JSONL", "nested", "feed", "UTF-16"):
        assert kind in kinds
    assert (folder / "huge.txt").stat().st_size >= 50 * 2**20
    assert all((folder / e.name).is_file() for e in manifest)
    assert any(e.accepted for e in manifest) and any(e.rejections for e in manifest)


# ------------------------------------------------------------------------------------ no crashes


def test_ingest_of_suite_and_reference_slice_exits_0(runs: tuple[Run, Run]) -> None:
    first, _ = runs
    assert first.returncode == 0, first.stderr


def test_strict_ingest_exits_non_zero_because_of_the_rejections(runs: tuple[Run, Run]) -> None:
    _, strict = runs
    assert strict.returncode == 1, strict.stderr


def test_no_run_prints_a_traceback_or_an_error(runs: tuple[Run, Run]) -> None:
    for run in runs:
        assert "Traceback" not in run.stdout + run.stderr
        assert "error:" not in run.stderr


# ------------------------------------------------------------------------------------ rejections


def test_every_bad_input_is_in_the_rejections_table_with_its_reason(
    runs: tuple[Run, Run], suite: tuple[Path, list[Entry]]
) -> None:
    first, _ = runs
    for entry in suite[1]:
        rows = entry_rows(first.tables["rejections"], entry.name, 0)
        assert len(rows) == entry.rejections, (entry.name, rows)
        for _, _, reason in rows:
            assert reason.strip()
        if entry.reason_words:
            reasons = " ".join(r[2] for r in rows).casefold()
            assert any(w.casefold() in reasons for w in entry.reason_words), (entry.name, reasons)


def test_bad_jsonl_lines_are_rejected_by_line_number(runs: tuple[Run, Run]) -> None:
    first, _ = runs
    lines = sorted(r[1] for r in entry_rows(first.tables["rejections"], "corpus.jsonl", 0))
    assert lines == [2, 3, 6, 7, 8, 9, 11]


def test_every_rejection_is_printed_in_the_summary_with_its_reason(runs: tuple[Run, Run]) -> None:
    first, _ = runs
    printed = folded(first.stdout)
    assert first.tables["rejections"]
    for source, line, reason in first.tables["rejections"]:
        where = f"{source}:{line}" if line else source
        assert folded(f"{where}: {reason}") in printed


def test_summary_counts_the_rejections(runs: tuple[Run, Run]) -> None:
    first, _ = runs
    count = re.search(r"rejected\s+(\d+)", first.stdout)
    assert count and int(count.group(1)) == len(first.tables["rejections"])


def test_an_article_too_long_to_parse_is_rejected_not_parsed(runs: tuple[Run, Run]) -> None:
    first, _ = runs
    (row,) = entry_rows(first.tables["rejections"], "long-article.txt", 0)
    assert "too long" in row[2] and "1,000,000" in row[2]
    assert not entry_rows(first.tables["documents"], "long-article.txt", 2)


# ---------------------------------------------------------------------------------- no lost documents


def test_every_good_file_of_the_suite_is_stored(
    runs: tuple[Run, Run], suite: tuple[Path, list[Entry]]
) -> None:
    first, _ = runs
    for entry in suite[1]:
        stored = entry_rows(first.tables["documents"], entry.name, 2)
        assert len(stored) == entry.documents, (entry.name, stored)


def test_every_article_of_the_reference_slice_is_stored(runs: tuple[Run, Run], reference_slice: Path) -> None:
    first, _ = runs
    accepted = {d.doc_id for d in read_inputs([str(reference_slice)]) if isinstance(d, Document)}
    stored = {r[0] for r in first.tables["documents"] if r[2] == str(reference_slice)}
    assert len(accepted) >= SLICE_ARTICLES - 2
    assert stored == accepted


def test_stored_documents_match_the_manifest_and_the_slice(
    runs: tuple[Run, Run], suite: tuple[Path, list[Entry]], reference_slice: Path
) -> None:
    first, _ = runs
    from_slice = sum(1 for d in read_inputs([str(reference_slice)]) if isinstance(d, Document))
    expected = sum(e.documents for e in suite[1]) + from_slice
    assert len(first.tables["documents"]) == expected
    added = re.search(r"added\s+(\d+)", first.stdout)
    assert added and int(added.group(1)) == expected


def test_the_second_run_adds_nothing_and_duplicates_nothing(runs: tuple[Run, Run]) -> None:
    first, second = runs
    for table in ("documents", "sentences", "events"):
        assert sorted(second.tables[table]) == sorted(first.tables[table]), table
    assert re.search(r"already in the store\s+(\d+)", second.stdout).group(1) == str(
        len(first.tables["documents"])
    )


# ------------------------------------------------------------------------------- URLs and feeds


@pytest.fixture(scope="module")
def web_ingest(tmp_path_factory: pytest.TempPathFactory):
    """Pages that time out, answer 500 or are fine, and a broken and a good feed, into one store."""
    from eventgraph.ingest.feeds import FeedState, poll_feed_urls
    from eventgraph.ingest.fetch import PoliteClient, documents_from_urls
    from eventgraph.pipeline import Pipeline, ingest_into
    from eventgraph.store import Store
    from tests.http_fixtures import ARTICLE_PATH, LocalSite, fast_settings

    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    with LocalSite(slow_seconds=2.0) as site, PoliteClient(fast_settings(max_attempts=2)) as client:
        urls = {
            name: site.url(path)
            for name, path in (("slow", "/slow"), ("error", "/always-500"), ("good", ARTICLE_PATH))
        }
        feeds = [site.url("/feeds/broken.xml"), site.url("/feeds/rss.xml")]

        def items():  # type: ignore[no-untyped-def]
            yield from documents_from_urls(urls.values(), client)
            yield from poll_feed_urls(feeds, FeedState(), client)

        with Store(db) as store:
            summary = ingest_into(store, items(), Pipeline())
            rejections = store.rejections()
            names = [d["name"] for d in store.documents()]
    return urls, feeds, summary, rejections, names


def _reason_for(rejections: list[dict[str, Any]], source: str) -> str:
    (row,) = [r for r in rejections if r["input"] == source]
    return row["reason"]


def test_a_url_that_times_out_is_a_rejection_with_its_reason(web_ingest) -> None:  # type: ignore[no-untyped-def]
    urls, _, _, rejections, _ = web_ingest
    assert "timed out" in _reason_for(rejections, urls["slow"]).lower()


def test_a_url_that_answers_500_is_a_rejection_with_its_reason(web_ingest) -> None:  # type: ignore[no-untyped-def]
    urls, _, _, rejections, _ = web_ingest
    assert "500" in _reason_for(rejections, urls["error"])


def test_a_feed_with_broken_xml_is_a_rejection_with_its_reason(web_ingest) -> None:  # type: ignore[no-untyped-def]
    _, feeds, _, rejections, _ = web_ingest
    assert _reason_for(rejections, feeds[0]).strip()


def test_the_good_page_and_the_good_feed_items_are_stored_beside_the_failures(web_ingest) -> None:  # type: ignore[no-untyped-def]
    _, _, summary, rejections, names = web_ingest
    assert summary.added == len(names) >= 2
    assert len(summary.rejections) == len(rejections) == 3
    assert all(isinstance(r, Rejection) for r in summary.rejections)


# ------------------------------------------------------------------------ the whole reference corpus


@pytest.mark.skipif(not CORPUS.is_file(), reason="reference corpus missing")
def test_reading_the_whole_reference_corpus_never_crashes() -> None:
    """Ingest stage only (no NLP): every line is a document or a rejection with a reason."""
    with CORPUS.open("rb") as corpus:
        lines = sum(1 for line in corpus if line.strip())
    documents = rejections = 0
    for item in read_inputs([str(CORPUS)]):
        if isinstance(item, Document):
            documents += 1
        else:
            assert item.reason.strip() and item.line
            rejections += 1
    assert documents + rejections == lines
    assert documents > 0.9 * lines


# --------------------------------------------------------------------------- a stage that fails


def test_a_document_a_stage_fails_on_is_rejected_and_the_batch_is_kept(tmp_path: Path) -> None:
    """A bug in a later stage costs one document (a rejection naming the error), never the batch."""
    from eventgraph.ingest import document_from_text
    from eventgraph.pipeline import Pipeline, ingest_into
    from eventgraph.store import Store
    from tests.corruption import ARTICLES

    class CoderFailingOnLachin(Pipeline):
        def resolve_and_code(self, annotated):  # type: ignore[no-untyped-def]
            if "Lachin" in annotated.document.text:
                raise RuntimeError("no rule for this sentence")
            return super().resolve_and_code(annotated)

    documents = [document_from_text(ARTICLES[key], f"{key}.txt") for key in ("talks", "corridor", "iran")]
    with Store(tmp_path / "stage.duckdb") as store:
        summary = ingest_into(store, documents, CoderFailingOnLachin(), batch_size=2)
        stored = sorted(d["name"] for d in store.documents())
        (rejection,) = store.rejections()
    assert stored == ["iran.txt", "talks.txt"]
    assert summary.added == 2 and len(summary.rejections) == 1
    assert rejection["stage"] == "code"
    assert "corridor.txt" in rejection["reason"] and "RuntimeError" in rejection["reason"]


def test_dask_partitions_reject_an_article_too_long_to_parse() -> None:
    """The Dask path applies the same limit before a worker's parser could fail a whole partition."""
    from eventgraph.distributed.run import partitions
    from eventgraph.ingest import document_from_text
    from tests.corruption import ARTICLES

    long = document_from_text("Armenia and Azerbaijan exchanged fire near Sotk. " * 25_000, "long.txt")
    short = document_from_text(ARTICLES["talks"], "talks.txt")
    rejections: list[Rejection] = []
    parts = [[d.name for d in part] for part in partitions([long, short], 8, rejections)]
    assert parts == [["talks.txt"]]
    (rejection,) = rejections
    assert "too long to parse" in rejection.reason and rejection.input == "long.txt"
