"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

The server runs on a store filled by a real ingest of the bundled sample corpus (``eventgraph demo``),
and the test walks the analyst's path: pick the ARM–RUS dyad on the timeline, click a point and read
its evidence, filter the event table by type, open the map; with no console error on the way.
Screenshots go to ``artifacts/`` (gitignored).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO_ROOT, SAMPLES_DIR

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "artifacts"
TIMEOUT_MS = 15_000

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make browser)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store filled by the real pipeline from the sample corpus, exactly as a user's first run."""
    if not SAMPLES_DIR.is_dir():
        pytest.skip(f"{SAMPLES_DIR} is missing")
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    cli = [sys.executable, "-c", "from eventgraph.cli import app; app()", "demo", "--db", str(db)]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"eventgraph demo failed:\n{done.stderr[-2000:]}"
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    import uvicorn

    from eventgraph.api import create_app

    port = free_port()
    config = uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started:
        assert time.monotonic() < deadline, "the API server did not start within 15 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[tuple[object, list[str], list[str]]]:
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    foreign: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 950})
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
        context.on(
            "request",
            lambda request: (
                None if request.url.startswith((server, "data:")) else foreign.append(request.url)
            ),
        )
        started = time.perf_counter()
        tab.goto(server + "/")
        tab.wait_for_selector("body[data-ready='1']")
        # The first view is drawn once the timeline has its dyads (set after Plotly has drawn them).
        tab.wait_for_function("() => document.querySelector('#timeline-plot')?.dataset.dyads !== undefined")
        print(f"\ndashboard time to first render: {(time.perf_counter() - started) * 1000:.0f} ms")
        yield tab, errors, foreign
        context.close()
        browser.close()


def test_timeline_point_opens_its_evidence(page: tuple, server: str) -> None:
    tab, *_ = page
    chip = tab.locator("#dyad-chips label[data-dyad='ARM,RUS'] input")
    chip.wait_for()
    for other in tab.locator("#dyad-chips input:checked").all():
        other.uncheck()
    chip.check()
    tab.wait_for_selector("#timeline-plot[data-dyads='ARM,RUS']")
    points = tab.locator("#timeline-plot .scatterlayer .trace").first.locator("path.point")
    points.first.wait_for()
    assert points.count() > 0, "the ARM–RUS timeline shows no event points"
    pair_events = httpx.get(f"{server}/events", params={"dyad": "ARM,RUS", "limit": 500}).json()["items"]
    pair_ids = {e["event_id"] for e in pair_events}

    article = tab.locator("#evidence-body .article")
    x, y = point_position(tab, "#timeline-plot", "ARM – RUS: events")
    tab.mouse.move(x, y)
    tab.mouse.click(x, y)
    article.wait_for()
    tab.screenshot(path=str(ARTIFACTS / "timeline-evidence.png"), full_page=True)

    event_id = article.get_attribute("data-event-id")
    assert event_id in pair_ids, "the evidence shown is not an ARM–RUS event"
    event = httpx.get(f"{server}/events/{event_id}").json()
    assert article.get_attribute("data-doc-id") == event["doc_id"]
    highlighted = tab.locator("#evidence-body mark.sentence").inner_text()
    assert " ".join(highlighted.split()) == " ".join(event["sentence"].split())
    assert tab.locator("#evidence-body mark.span").inner_text().strip()
    outlet = event["document"]["outlet"] or "unknown outlet"
    assert tab.locator("#evidence-body .ev-outlet").inner_text() == outlet


def test_event_table_filters_by_type(page: tuple, server: str) -> None:
    tab, *_ = page
    tab.click("#tabs button[data-view='events']")
    tab.locator("#events-table tbody tr").first.wait_for()
    busiest = httpx.get(f"{server}/overview").json()["types"][0]
    tab.select_option("#filter-type", busiest["type"])
    tab.wait_for_function(
        "t => [...document.querySelectorAll('#events-table tbody tr')].every(r => r.dataset.type === t)",
        arg=busiest["type"],
    )
    rows = tab.locator("#events-table tbody tr")
    assert rows.count() == min(busiest["events"], 25)
    rows.first.click()
    tab.locator("#evidence-body mark.span").wait_for()
    tab.screenshot(path=str(ARTIFACTS / "events-table.png"), full_page=True)


def test_map_shows_outlines_and_events(page: tuple, server: str) -> None:
    tab, *_ = page
    tab.click("#tabs button[data-view='map']")
    tab.wait_for_function("() => document.querySelector('#map-plot').data?.length === 2")
    outline_points, spots = tab.evaluate(
        "() => { const d = document.querySelector('#map-plot').data; return [d[0].x.length, d[1].x.length]; }"
    )
    placed = httpx.get(f"{server}/events", params={"with_place": True, "limit": 1}).json()["total"]
    assert outline_points > 5000, "the bundled country outlines were not drawn"
    assert (spots > 0) == (placed > 0)
    tab.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)


@pytest.mark.parametrize(
    ("view", "ready"),
    [
        ("network", "#network-plot .scatterlayer .point"),
        ("mediation", "#mediation-tables h3"),
        ("sources", "#sources-tables table"),
        ("disagreements", "#disagreements-tables h3"),
    ],
)
def test_analysis_views_render_without_error(page: tuple, view: str, ready: str) -> None:
    tab, *_ = page
    tab.click(f"#tabs button[data-view='{view}']")
    tab.locator(ready).first.wait_for()
    assert tab.locator(f"#view-{view} .error").count() == 0, tab.locator(f"#view-{view}").inner_text()[:500]
    tab.screenshot(path=str(ARTIFACTS / f"{view}.png"), full_page=True)


def point_position(tab, selector: str, trace_name: str, index: int = 0) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Page coordinates of a plotly point, from the plot's own axes."""
    return tab.evaluate(
        """([sel, name, i]) => {
            const plot = document.querySelector(sel);
            const trace = plot.data.find(t => t.name === name);
            const box = plot.getBoundingClientRect(), size = plot._fullLayout._size;
            const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
            return [box.left + size.l + xa.l2p(xa.d2l(trace.x[i])),
                    box.top + size.t + ya.l2p(ya.d2l(trace.y[i]))];
        }""",
        [selector, trace_name, index],
    )


def test_network_node_opens_the_actors_events(page: tuple) -> None:
    tab, *_ = page
    tab.click("#tabs button[data-view='network']")
    tab.wait_for_function(
        "() => document.querySelector('#network-plot').data?.some(t => t.name === 'member')"
    )
    actor = tab.evaluate(
        "() => document.querySelector('#network-plot').data.find(t => t.name === 'member').text[0]"
    )
    x, y = point_position(tab, "#network-plot", "member")
    tab.mouse.move(x, y)
    tab.mouse.click(x, y)
    # Every row of the table the click opens is an event of that actor.
    tab.wait_for_function(
        "a => { const rows = [...document.querySelectorAll('#events-table tbody tr')];"
        " return document.querySelector('#filter-actor').value === a && rows.length > 0"
        " && rows.every(r => r.innerText.includes(a)); }",
        arg=actor,
    )
    shown = tab.locator("#events-table tbody tr").count()
    status = tab.locator("#events-status").inner_text()
    assert status.startswith(f"{shown} event") or shown == 25


def test_no_console_errors(page: tuple) -> None:
    tab, errors, _ = page
    tab.click("#tabs button[data-view='timeline']")
    tab.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert errors == [], f"browser console errors: {errors}"


def test_api_docs_page_works_offline(page: tuple, server: str) -> None:
    tab, errors, _ = page
    docs = tab.context.new_page()
    docs.goto(server + "/docs")
    docs.locator(".opblock").first.wait_for(timeout=TIMEOUT_MS)
    assert docs.locator(".opblock").count() >= 10
    docs.close()
    assert errors == []


def test_nothing_is_fetched_from_outside_the_server(page: tuple, server: str) -> None:
    tab, _, foreign = page
    scripts = tab.evaluate("() => [...document.scripts].map(s => s.src).filter(Boolean)")
    assert scripts and all(src.startswith(server) for src in scripts)
    assert foreign == [], f"requests beyond {server}: {foreign}"


def test_claims_tab_opens_each_claim_in_its_article(page: tuple) -> None:
    """Claims (issue 14): who accuses whom over time, contested claims side by side; a bar and a row
    each open the claim, its proposition highlighted in the article."""
    tab, errors, _ = page
    tab.click("#tabs button[data-view='claims']")
    tab.wait_for_selector("#claims-plot[data-pairs]")
    assert int(tab.get_attribute("#claims-plot", "data-pairs")) > 0
    bar = tab.locator("#claims-plot .barlayer .point path").first.bounding_box()
    tab.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)  # plotly's drag layer on top
    article = tab.locator("#evidence-body .article[data-claim-id]")
    article.wait_for()
    assert article.locator("mark.span").inner_text().strip()
    assert tab.locator("#evidence-list li[data-claim-id]").count() >= 1
    row = tab.locator("#claims-tables table[data-table='contested'] tbody tr").first
    claim_id = row.get_attribute("data-claim-id")
    row.locator("button").click()
    tab.wait_for_selector(f"#evidence-body .article[data-claim-id='{claim_id}']")
    assert "contested by" in tab.locator("#evidence-body dl").inner_text()
    tab.screenshot(path=str(ARTIFACTS / "claims.png"), full_page=True)
    assert [e for e in errors if "claims" in e.lower()] == []
