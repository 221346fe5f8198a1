"""The report's evidence stays within the file's size bound: packed when large, chosen when still too
large, and a packed page still opens every point's evidence in the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventgraph.analysis import build_report, load_inputs, write_report
from eventgraph.analysis import evidence as packing
from eventgraph.analysis.report import evidence_data
from eventgraph.store import Store
from tests.test_report import corpus
from tests.test_report_browser import CHROMIUM, LAUNCH_ARGS


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("evidence") / "store.duckdb"
    with Store(path) as store:
        store.write(corpus())
    with Store(path, read_only=True) as store:
        return load_inputs(store, "south-caucasus", None, None)


def test_packed_evidence_unpacks_to_the_same_evidence(inputs) -> None:  # type: ignore[no-untyped-def]
    evidence = evidence_data(inputs)
    assert packing.unpack(packing.pack(evidence)) == evidence


def test_every_clickable_thing_is_found_with_its_events(inputs) -> None:  # type: ignore[no-untyped-def]
    page, _ = build_report(inputs)
    points = packing.point_ids(page)
    rows = re.findall(r"data-events='([^']*)'", page)
    assert len(points) > len(rows) > 0  # table rows and links, and chart points besides
    assert {i for p in points for i in p} <= set(evidence_data(inputs))


def test_evidence_too_large_for_the_room_keeps_the_first_events_of_every_point(inputs) -> None:  # type: ignore[no-untyped-def]
    evidence = evidence_data(inputs)
    page, _ = build_report(inputs)
    points = packing.point_ids(page)
    whole = len(packing.pack(evidence))
    block, note = packing.embed(evidence, points, room=whole - 1)
    kept = packing.unpack(re.search(r'id="evidence-gz">([^<]*)<', block).group(1))  # type: ignore[union-attr]
    assert all(p[0] in kept for p in points)  # every point still opens its first event
    assert len(kept) < len(evidence) and len(block) < whole + 100
    assert note.startswith(f"This file holds the evidence of {len(kept)} of the {len(evidence)} events")
    block, note = packing.embed(evidence, points, room=10 * whole)  # room enough: all of it, plain
    assert 'id="evidence-data"' in block and note == ""


def test_a_packed_report_opens_evidence_in_the_browser(inputs, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (make browser) to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setattr(packing, "PLAIN_BYTES", 0)  # pack even this small report's evidence
    out = write_report(inputs, tmp_path / "report.html").path
    text = out.read_text(encoding="utf-8")
    assert 'id="evidence-gz"' in text and 'id="evidence-data"' not in text
    evidence = packing.unpack(re.search(r'id="evidence-gz">([^<]*)<', text).group(1))  # type: ignore[union-attr]
    problems: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.goto(out.as_uri())
        row = page.locator("#roles table.data tr.ev").first
        row.scroll_into_view_if_needed()
        row.click()
        page.locator("#evidence").wait_for(state="visible", timeout=5_000)
        items = page.locator("#evidence .evidence-item")
        assert items.count() == len(row.get_attribute("data-events").split())
        shown = evidence[items.first.get_attribute("data-event-id")]
        assert items.first.locator("mark").inner_text() == shown["sentence"][shown["start"] : shown["end"]]
        browser.close()
    assert problems == []
