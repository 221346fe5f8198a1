"""The command line on real inputs: the seed articles, bad files, and every command's output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventgraph.cli import app
from tests.conftest import SEEDS_DIR

runner = CliRunner()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared/seeds is missing")
    db = tmp_path_factory.mktemp("cli") / "seeds.duckdb"
    result = run("ingest", SEEDS_DIR, "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_ingest_reports_counts_and_reingest_adds_nothing(seeded_db: Path) -> None:
    again = run("ingest", SEEDS_DIR, "--db", seeded_db)
    assert again.exit_code == 0
    assert "already in the store" in again.output
    assert " 5" in again.output.split("already in the store")[1].splitlines()[0]
    docs = run("docs", "--db", seeded_db)
    assert docs.exit_code == 0 and "5 documents" in docs.output


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "good.txt").write_text(
        "Armenia and Azerbaijan held talks in Brussels on Sunday.\n\nThe talks ended without a deal.\n"
    )
    db = tmp_path / "t.duckdb"
    result = run("ingest", tmp_path / "*.txt", "--db", db, "--strict")
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "binary.txt" in result.output
    assert "Traceback" not in result.output
    docs = run("docs", "--db", db)
    assert "good.txt" in docs.output


def test_events_jsonl_has_the_documented_schema(seeded_db: Path) -> None:
    result = run("events", "--db", seeded_db, "--format", "jsonl")
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert events, "the coder found no events in the seeds"
    for key in (
        "event_id",
        "doc_id",
        "doc_name",
        "sentence_index",
        "sentence",
        "span",
        "source",
        "target",
        "type",
        "mode",
        "cameo",
        "goldstein",
        "quad_class",
        "negated",
        "hypothetical",
        "modality",
        "date",
        "place",
        "pattern",
        "inferred",
    ):
        assert key in events[0]
    for event in events:
        start, end = event["span"]
        assert 0 <= start < end


def test_show_displays_an_event_with_its_evidence(seeded_db: Path) -> None:
    listed = run("events", "--db", seeded_db, "--format", "jsonl", "--type", "ACCUSE")
    event = json.loads(listed.output.splitlines()[0])
    result = run("show", event["event_id"][:8], "--db", seeded_db)
    assert result.exit_code == 0, result.output
    assert (
        "ACCUSE" in result.output and event["doc_name"] in result.output or event["doc_id"] in result.output
    )


def test_doc_marks_removed_boilerplate(seeded_db: Path) -> None:
    seed = next(SEEDS_DIR.glob("003*"))
    result = run("doc", seed.name, "--db", seeded_db)
    assert result.exit_code == 0, result.output
    assert "Daily Newsletter" in result.output  # shown, struck out, with its reason
    assert "⟨" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_formats(seeded_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = run("export", "--db", seeded_db, "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_user_errors_are_one_line_without_traceback(seeded_db: Path, tmp_path: Path) -> None:
    cases = [
        ("events", "--db", seeded_db, "--dyad", "ARM-RUS"),
        ("events", "--db", seeded_db, "--since", "May 2023"),
        ("show", "zzzzzzzz", "--db", seeded_db),
        ("docs", "--db", tmp_path / "missing.duckdb"),
        ("export", "--db", seeded_db, "--format", "xml", "--out", tmp_path / "x"),
    ]
    for args in cases:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "error:" in result.output and "Traceback" not in result.output


def test_stdin_ingest(tmp_path: Path) -> None:
    db = tmp_path / "stdin.duckdb"
    text = "Russia on Monday accused the United States of undermining regional security.\n"
    result = run("ingest", "-", "--db", db, input=text)
    assert result.exit_code == 0, result.output
    assert "added" in result.output


def test_urls_on_the_command_line_are_fetched_and_ingested(tmp_path: Path) -> None:
    from tests.http_fixtures import ARTICLE_PATH, LocalSite

    db = tmp_path / "web.duckdb"
    with LocalSite() as site:
        result = run("ingest", site.url(ARTICLE_PATH), site.url("/missing-page.html"), "--db", db)
        assert site.hits(ARTICLE_PATH) == 1
    assert result.exit_code == 0, result.output
    assert "missing-page.html" in result.output and "404" in result.output
    docs = run("docs", "--db", db)
    assert "1 documents" in docs.output


@pytest.mark.slow
def test_ingest_on_a_local_dask_cluster(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia on Monday accused the United States of undermining security.\n")
    (folder / "b.txt").write_text("Armenia and Azerbaijan held talks in Brussels on Sunday.\n")
    db = tmp_path / "dask.duckdb"
    result = run("ingest", folder, "--db", db, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "2 documents" in run("docs", "--db", db).output


def test_a_remote_scheduler_needs_a_shared_work_dir(tmp_path: Path) -> None:
    result = run("ingest", tmp_path, "--db", tmp_path / "x.duckdb", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 1 and "--work-dir" in result.output


@pytest.mark.parametrize("command", [["report", "--out", "r.html"], ["dyad", "ARM", "AZE"]])
def test_stage_commands_name_a_missing_store_in_one_line(tmp_path: Path, command: list[str]) -> None:
    """report and dyad (registered from their stage) show a store problem as one line, no traceback."""
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code == 1
    shown = " ".join(result.output.split())  # Rich wraps the line at the terminal's width
    assert "no such database" in shown and "Traceback" not in shown
