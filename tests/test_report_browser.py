"""The report in headless Chromium (Debian's, driven by Playwright): it renders offline without console
errors, and clicking a chart point or a table row shows the evidence with its span highlighted."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventgraph.analysis import load_inputs, write_report
from eventgraph.store import Store
from tests.conftest import REPO_ROOT
from tests.test_report import corpus

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    with Store(folder / "store.duckdb") as store:
        store.write(corpus())
    with Store(folder / "store.duckdb", read_only=True) as store:
        inputs = load_inputs(store, "south-caucasus", None, None)
    write_report(inputs, folder / "report.html")
    return folder / "report.html"


@pytest.fixture(scope="module")
def browser_page(report_file: Path) -> Iterator[tuple[object, list[str], list[str]]]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (make browser) to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    problems: list[str] = []
    outside: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

        def offline_only(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", offline_only)
        page.goto(report_file.as_uri())
        page.wait_for_selector("#dyads .plotly-graph-div .main-svg", timeout=15_000)
        yield page, problems, outside
        browser.close()


def evidence(report_file: Path) -> dict[str, dict]:
    text = report_file.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="evidence-data">(.*?)</script>', text, re.S)
    assert match
    return json.loads(match.group(1))


def test_report_renders_offline_without_console_errors(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, problems, outside = browser_page
    assert page.locator(".plotly-graph-div .main-svg").count() >= 4
    assert problems == []
    assert outside == []


def test_clicking_a_chart_point_shows_its_evidence(browser_page, report_file: Path) -> None:  # type: ignore[no-untyped-def]
    page, problems, _ = browser_page
    chart = page.locator("#dyads .plotly-graph-div").first
    assert chart.locator(".gtitle").text_content() == "ARM→RUS"
    chart.locator("g.trace.bars g.point path").first.click(force=True)
    panel = page.locator("#evidence")
    panel.wait_for(state="visible", timeout=5_000)
    items = page.locator("#evidence .evidence-item")
    assert items.count() >= 1
    shown = evidence(report_file)[items.first.get_attribute("data-event-id")]
    assert items.first.locator("mark").inner_text() == shown["sentence"][shown["start"] : shown["end"]]
    assert shown["outlet"] in items.first.inner_text() and shown["doc"] in items.first.inner_text()
    assert "ARM" in items.first.locator(".who").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    assert problems == []


def test_clicking_a_mediation_row_lists_its_consultations(browser_page) -> None:  # type: ignore[no-untyped-def]
    page, problems, _ = browser_page
    if page.locator("#evidence").is_visible():
        page.locator("#evidence-close").click()
    row = page.locator("#roles table.data tr.ev").first
    row.scroll_into_view_if_needed()
    row.click()
    page.locator("#evidence").wait_for(state="visible", timeout=5_000)
    assert page.locator("#evidence .evidence-item").count() == len(row.get_attribute("data-events").split())
    assert page.locator("#evidence mark").count() == page.locator("#evidence .evidence-item").count()
    assert problems == []
