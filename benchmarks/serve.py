"""Serving benchmark (``make bench-serve``): what an analyst's dashboard gets from ``eventgraph serve``.

Prints, for the 10k-article store of the reference corpus and a synthetic 1M-event store
(``benchmarks/synthetic.py``: the 10k store's rows replicated with shifted dates and ids):

* per endpoint, the first call after the server started and p50/p95 of warm calls;
* throughput with 32 concurrent clients on a mix of list, analysis and single-item calls
  (requests/s, p99, errors), with and without the analysis endpoints;
* the same mix while ``eventgraph ingest`` submits 1,000 articles to the server (errors, and whether
  any answer was older than the last batch the server had written when it was asked);
* time and size of ``eventgraph report`` on the 10k store;
* the server's peak memory on the 1M store, and how long a busy server takes to stop on SIGTERM.

Only loopback traffic; every loop is bounded by a count or a time budget. The server runs as its own
process (``python -m eventgraph.cli serve``), as an analyst runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
SERVE_ARGS: list[str] = []  # extra options of every `eventgraph serve` started (--serve-option)
LIST_CALLS = (
    "/overview",
    "/events?limit=50",
    "/events?dyad={a},{b}&limit=50",
    "/events?q=ceasefire&limit=50",
    "/documents?limit=50",
    "/actors?limit=50",
    "/dyads?limit=20",
)
SINGLE_CALLS = ("/events/{event_id}", "/documents/{doc_id}")
ANALYSIS_CALLS = {
    "dyad": "/dyads/{a}/{b}",
    "network": "/network",
    "mediation": "/mediation",
    "sources": "/sources",
    "disagreements": "/disagreements",
}


# ------------------------------------------------------------------------------------ a server


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    peak_rss: int = 0
    _watch: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def sample_memory(self) -> None:
        """Peak RSS of the server process, sampled every 0.2 s in the background."""

        def watch() -> None:
            proc = psutil.Process(self.process.pid)
            while not self._stop.is_set():
                try:
                    self.peak_rss = max(self.peak_rss, proc.memory_info().rss)
                except psutil.Error:
                    return
                time.sleep(0.2)

        self._watch = threading.Thread(target=watch, daemon=True)
        self._watch.start()

    def stop(self) -> float:
        """SIGTERM; seconds until the process was gone."""
        started = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return float("inf")
        finally:
            self._stop.set()
        return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(db: Path, *extra: str) -> Iterator[Server]:
    extra = (*SERVE_ARGS, *extra)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "eventgraph.cli", "serve", "--db", str(db), "--port", str(port), *extra],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # uvicorn logs each request it cancels when told to stop
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    server.sample_memory()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.url}/status", timeout=2, trust_env=False).json()["owns_file"]:
                break
        except (httpx.HTTPError, ValueError):
            pass
        if process.poll() is not None:
            raise SystemExit(f"the server on {db} exited with status {process.returncode}")
        time.sleep(0.2)
    try:
        yield server
    finally:
        if process.poll() is None:
            server.stop()


# ------------------------------------------------------------------------------------- latency


@dataclass
class Timing:
    path: str
    first: float | None = None
    warm: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def row(self) -> str:
        first = "timeout" if self.first is None else f"{self.first * 1000:,.0f}"
        if not self.warm:
            return f"| `{self.path}` | {first} | – | – | {len(self.errors)} |"
        p50 = statistics.median(self.warm) * 1000
        p95 = quantile(self.warm, 0.95) * 1000
        return f"| `{self.path}` | {first} | {p50:,.0f} | {p95:,.0f} | {len(self.errors)} |"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


SAMPLED_PAGES = [10]  # pages of 200 events and 200 documents, spread over the store (--sampled-pages)


def sample_ids(client: httpx.Client) -> dict[str, Any]:
    """Ids for the single-item calls (by default 2,000 events and 2,000 documents from all over the
    store, so that most single-item calls of a 30 s run ask for an item nobody asked for yet; session
    3's runs took 200 of each from one page) and the busiest pair for the dyad calls."""
    events: list[str] = []
    docs: list[str] = []
    for path, ids, key in (("/events", events, "event_id"), ("/documents", docs, "doc_id")):
        total = client.get(f"{path}?limit=1").json()["total"]
        pages = SAMPLED_PAGES[0]
        step = max(200, total // pages)
        for offset in range(0, max(total, 1), step)[:pages]:
            ids += [item[key] for item in client.get(f"{path}?limit=200&offset={offset}").json()["items"]]
    pair = client.get("/dyads?limit=1").json()["items"]
    a, b = (pair[0]["source_id"], pair[0]["target_id"]) if pair else ("RUS", "UKR")
    return {"event_ids": events, "doc_ids": docs, "a": a, "b": b}


def fill(path: str, ids: dict[str, Any], rng: random.Random) -> str:
    return path.format(
        a=ids["a"], b=ids["b"], event_id=rng.choice(ids["event_ids"]), doc_id=rng.choice(ids["doc_ids"])
    )


def measure_latency(
    url: str, ids: dict[str, Any], paths: tuple[str, ...], calls: int, budget: float, timeout: float
) -> list[Timing]:
    """First call of each endpoint (in order), then up to ``calls`` warm calls within ``budget`` s each."""
    rng = random.Random(7)
    timings = [Timing(p) for p in paths]
    with httpx.Client(base_url=url, timeout=timeout, trust_env=False) as client:
        for timing in timings:
            timing.first = timed_get(client, fill(timing.path, ids, rng), timing)
        for timing in timings:
            if timing.first is None:
                continue  # it did not answer within the timeout once: warm calls would not either
            deadline = time.perf_counter() + budget
            while len(timing.warm) < calls and time.perf_counter() < deadline:
                took = timed_get(client, fill(timing.path, ids, rng), timing)
                if took is not None:
                    timing.warm.append(took)
    return timings


def timed_get(client: httpx.Client, path: str, timing: Timing) -> float | None:
    started = time.perf_counter()
    try:
        response = client.get(path)
    except httpx.HTTPError as exc:
        timing.errors.append(f"{path}: {type(exc).__name__}")
        return None
    took = time.perf_counter() - started
    if response.status_code != 200:
        timing.errors.append(f"{path}: {response.status_code}")
    return took


def print_latency(title: str, timings: list[Timing]) -> None:
    print(f"\n### {title}\n")
    print("| endpoint | first call ms | warm p50 ms | warm p95 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for timing in timings:
        print(timing.row())


# ------------------------------------------------------------------------------ the dashboard

CHROMIUM = Path("/usr/bin/chromium")
READY = "() => document.querySelector('#timeline-plot')?.dataset.dyads !== undefined"


def first_render(url: str, loads: int = 3, timeout_ms: int = 120_000) -> list[float] | str:
    """Seconds from opening the dashboard in headless Chromium until its first view (the timeline of
    the busiest pair, drawn by Plotly) is on screen; the first load, then reloads. A string says why
    it could not be measured."""
    if not CHROMIUM.exists():
        return f"not measured: {CHROMIUM} is missing"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not measured: the playwright package is missing"
    took = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for _ in range(loads):
                context = browser.new_context(viewport={"width": 1500, "height": 950})  # a cold cache
                tab = context.new_page()
                tab.set_default_timeout(timeout_ms)
                started = time.perf_counter()
                tab.goto(url + "/")
                tab.wait_for_selector("body[data-ready='1']")
                tab.wait_for_function(READY)
                took.append(time.perf_counter() - started)
                context.close()
        finally:
            browser.close()
    return took


def print_first_render(title: str, took: list[float] | str) -> None:
    if isinstance(took, str):
        print(f"\n- dashboard time to first render ({title}): {took}")
        return
    rest = ", ".join(f"{t * 1000:,.0f}" for t in took[1:])
    print(
        f"\n- dashboard time to first render ({title}; headless Chromium, timeline drawn): "
        f"first load {took[0] * 1000:,.0f} ms, reloads {rest} ms"
    )


# ---------------------------------------------------------------------------------- throughput


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0  # answers the server sent from its cache (x-eventgraph-cache: hit)
    elapsed: float = 0.0

    def summary(self) -> str:
        ok = len(self.latencies)
        p99 = quantile(self.latencies, 0.99) * 1000 if ok else float("nan")
        p50 = statistics.median(self.latencies) * 1000 if ok else float("nan")
        errors = sum(self.errors.values())
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(self.errors.items())) or "none"
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items()))
        hits = f"{self.cache_hits / ok:.0%}" if ok else "–"
        return (
            f"{ok / self.elapsed:,.1f} requests/s answered 200 ({ok} in {self.elapsed:.0f} s; {kinds}; "
            f"{hits} from the server's cache), p50 {p50:,.0f} ms, p99 {p99:,.0f} ms, "
            f"errors {errors} ({detail})"
        )


def mix(analyses: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The call mix: 12 single-item calls to 7 list calls and one call of each analysis given."""
    calls = [("single", p) for p in SINGLE_CALLS for _ in range(6)]
    calls += [("list", p) for p in LIST_CALLS]
    calls += [("analysis", p) for p in analyses]
    return calls


async def run_load(
    url: str,
    ids: dict[str, Any],
    calls: list[tuple[str, str]],
    clients: int,
    seconds: float,
    timeout: float,
    until: threading.Event | None = None,
) -> Load:
    """``clients`` concurrent clients, each sending its next request when the last answered, for
    ``seconds`` (or until ``until`` is set). A timeout or a non-200 answer is an error."""
    load = Load()
    rng = random.Random(11)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits, trust_env=False) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client() -> None:
            while time.perf_counter() < deadline and not (until is not None and until.is_set()):
                kind, path = rng.choice(calls)
                sent = time.perf_counter()
                try:
                    response = await client.get(fill(path, ids, rng))
                except httpx.HTTPError as exc:
                    name = f"{kind} {type(exc).__name__}"
                    load.errors[name] = load.errors.get(name, 0) + 1
                    continue
                if response.status_code == 200:
                    load.latencies.append(time.perf_counter() - sent)
                    load.by_kind[kind] = load.by_kind.get(kind, 0) + 1
                    load.cache_hits += response.headers.get("x-eventgraph-cache") == "hit"
                else:
                    key = f"{kind} HTTP {response.status_code}"
                    load.errors[key] = load.errors.get(key, 0) + 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
        load.elapsed = time.perf_counter() - started
    return load


# --------------------------------------------------------------------------- serving during ingest


@dataclass
class Freshness:
    probes: int = 0
    stale: int = 0
    errors: int = 0
    batches_seen: int = 0


def probe_freshness(url: str, stop: threading.Event, found: Freshness) -> None:
    """Ask the server how many documents its last batch left, then read /overview: never fewer."""
    with httpx.Client(base_url=url, timeout=30, trust_env=False) as client:
        while not stop.is_set():
            try:
                status = client.get("/status").json()
                overview = client.get("/overview")
            except httpx.HTTPError:
                found.errors += 1
                continue
            found.probes += 1
            if overview.status_code != 200:
                found.errors += 1
                continue
            expected = status["documents_after_last_batch"] or 0
            if overview.json()["documents"] < expected:
                found.stale += 1
            found.batches_seen = status["batches_written"]
            time.sleep(0.25)


def store_without_last_articles(store: Path, corpus: Path, articles: int, work: Path) -> tuple[Path, Path]:
    """A copy of ``store`` without the documents of the last ``articles`` lines of ``corpus``, and a
    JSONL file of those lines: the ingest during the benchmark puts them back."""
    from eventgraph.ingest import read_inputs
    from eventgraph.records import Document

    lines = corpus.read_text(encoding="utf-8").splitlines()[-articles:]
    batch = work / "last-articles.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ids = [d.doc_id for d in read_inputs([str(batch)]) if isinstance(d, Document)]
    copy = work / "store-minus-last.duckdb"
    shutil.copy(store, copy)
    import duckdb

    con = duckdb.connect(str(copy))
    con.execute("BEGIN TRANSACTION")
    for table in ("events", "sentences", "mentions", "doc_signatures", "duplicate_groups", "documents"):
        con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    return copy, batch


def serve_during_ingest(
    store: Path,
    corpus: Path,
    articles: int,
    clients: int,
    timeout: float,
    max_seconds: float,
    analyses: tuple[str, ...],
) -> None:
    work = Path(tempfile.mkdtemp(prefix="eventgraph-bench-serve-"))
    try:
        copy, batch = store_without_last_articles(store, corpus, articles, work)
        with served(copy) as server:
            ids = sample_ids(httpx.Client(base_url=server.url, trust_env=False, timeout=60))
            log = (work / "ingest.log").open("w")
            started = time.perf_counter()
            ingest = subprocess.Popen(
                [sys.executable, "-m", "eventgraph.cli", "ingest", str(batch), "--db", str(copy)],
                env=ENV,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            done = threading.Event()

            def wait_for_ingest() -> None:
                try:
                    ingest.wait(timeout=max_seconds)
                except subprocess.TimeoutExpired:
                    ingest.kill()
                done.set()

            threading.Thread(target=wait_for_ingest, daemon=True).start()
            freshness = Freshness()
            prober = threading.Thread(target=probe_freshness, args=(server.url, done, freshness), daemon=True)
            prober.start()
            load = asyncio.run(
                run_load(server.url, ids, mix(analyses), clients, max_seconds, timeout, until=done)
            )
            prober.join(timeout=60)
            took = time.perf_counter() - started
            log.close()
            tail = " ".join((work / "ingest.log").read_text().split())[-300:]
            print(f"\n### Serving while `eventgraph ingest` submits {articles} articles to {store.name}\n")
            print(
                f"- ingest: exit status {ingest.returncode} after {took:,.0f} s; "
                f"{freshness.batches_seen} batches written by the server; output ends: …{tail}"
            )
            what = "lists, single items and " + (", ".join(analyses) if analyses else "no analyses")
            print(f"- {clients} clients, {what}: {load.summary()}")
            print(
                f"- freshness probes: {freshness.probes}, older than the last written batch: "
                f"{freshness.stale}, errors: {freshness.errors}"
            )
            print(f"- server peak RSS: {server.peak_rss / 1e6:,.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------------------------ the report


def report_figures(store: Path) -> None:
    out = Path(tempfile.mkdtemp(prefix="eventgraph-bench-report-")) / "report.html"
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "eventgraph.cli", "report", "--db", str(store), "--out", str(out)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    took = time.perf_counter() - started
    size = out.stat().st_size / 1e6 if out.exists() else float("nan")
    status = "" if result.returncode == 0 else f" (exit {result.returncode}: {result.stderr.strip()[-200:]})"
    print(f"\n### `eventgraph report` on {store.name}\n\n- {took:,.1f} s, {size:,.1f} MB{status}")
    shutil.rmtree(out.parent, ignore_errors=True)


# ------------------------------------------------------------------------------------------ main


def store_phase(title: str, db: Path, args: argparse.Namespace, throughput: bool, stop_busy: bool) -> None:
    analyses = tuple(ANALYSIS_CALLS[name] for name in args.analyses)
    with served(db) as server:
        with httpx.Client(base_url=server.url, timeout=120, trust_env=False) as client:
            counts = client.get("/overview").json()
        print(f"\n## {title}: {counts['documents']:,} documents, {counts['events']:,} events ({db})")
        if "render" not in args.skip:
            print_first_render(f"{title}, just started", first_render(server.url))
        ids = sample_ids(httpx.Client(base_url=server.url, trust_env=False, timeout=120))
        plain = (*LIST_CALLS, *SINGLE_CALLS)
        timings = measure_latency(server.url, ids, plain, args.calls, args.budget, args.timeout)
        rss_before_analyses = server.peak_rss
        timings += measure_latency(server.url, ids, analyses, args.calls, args.budget, args.timeout)
        print_latency(f"Latency, one client ({title})", timings)
        print(
            f"\n- server peak RSS after the list and single-item calls: {rss_before_analyses / 1e6:,.0f} MB"
        )
        # An analysis that did not answer one client within the timeout is left out of the mix: 32
        # clients would only pile up copies of it in the server.
        answered = tuple(t.path for t in timings if t.path in analyses and t.warm)
        left_out = [p for p in analyses if p not in answered]
        if left_out:
            print(
                f"\n- left out of the mix (no answer within {args.timeout:.0f} s alone): "
                + ", ".join(left_out)
            )
        if throughput:
            for calls, what in (
                (mix(), "lists and single items"),
                (mix(answered), "lists, single items and analyses"),
            ):
                load = asyncio.run(run_load(server.url, ids, calls, args.clients, args.seconds, args.timeout))
                print(f"\n- {args.clients} clients, {what}: {load.summary()}")
        print(f"\n- server peak RSS: {server.peak_rss / 1e6:,.0f} MB")
        if stop_busy:
            busy = threading.Thread(
                target=lambda: asyncio.run(
                    run_load(server.url, ids, mix(answered), args.clients, 10, args.timeout)
                ),
                daemon=True,
            )
            busy.start()
            time.sleep(3)
            print(f"- SIGTERM to the busy server: gone after {server.stop():.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, default=ROOT.parent / "stores" / "corpus10k.duckdb")
    parser.add_argument("--big", type=Path, default=ROOT.parent / "stores" / "synthetic1m.duckdb")
    parser.add_argument("--big-events", type=int, default=1_000_000)
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "ukraine-media.jsonl"
    )
    parser.add_argument("--calls", type=int, default=20, help="warm calls per endpoint")
    parser.add_argument(
        "--budget", type=float, default=20.0, help="seconds of warm calls per endpoint, at most"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a call counts as failed")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each throughput run")
    parser.add_argument(
        "--analyses",
        type=lambda v: tuple(n for n in v.split(",") if n),
        default=tuple(ANALYSIS_CALLS),
        help=f"comma-separated analyses to call, of {','.join(ANALYSIS_CALLS)} (default: all)",
    )
    parser.add_argument(
        "--ingest-analyses",
        type=lambda v: tuple(n for n in v.split(",") if n),
        default=tuple(ANALYSIS_CALLS),
        help="analyses in the mix during the ingest (default: all)",
    )
    parser.add_argument("--ingest-articles", type=int, default=1000)
    parser.add_argument("--ingest-seconds", type=float, default=1800.0, help="longest ingest waited for")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["10k", "ingest", "report", "1m", "render"],
        help="leave a part out",
    )
    parser.add_argument(
        "--serve-option",
        action="append",
        default=[],
        help="an option for `eventgraph serve`, e.g. --serve-option=--cache-mb=0 (repeatable)",
    )
    parser.add_argument(
        "--sampled-pages",
        type=int,
        default=SAMPLED_PAGES[0],
        help="pages of 200 events and documents the single-item calls choose from (1: as session 3)",
    )
    args = parser.parse_args()
    SERVE_ARGS.extend(args.serve_option)
    SAMPLED_PAGES[0] = max(1, args.sampled_pages)
    if not args.store.exists():
        raise SystemExit(
            f"{args.store}: no 10k store; build it with `eventgraph ingest {args.corpus} --db {args.store}`"
        )
    print(
        f"# eventgraph serve benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
        + (f", serve options {' '.join(SERVE_ARGS)}" if SERVE_ARGS else "")
    )
    if "10k" not in args.skip:
        store_phase("Real store", args.store, args, throughput=True, stop_busy=False)
    if "ingest" not in args.skip:
        analyses = tuple(ANALYSIS_CALLS[name] for name in args.ingest_analyses)
        serve_during_ingest(
            args.store,
            args.corpus,
            args.ingest_articles,
            args.clients,
            args.timeout,
            args.ingest_seconds,
            analyses,
        )
    if "report" not in args.skip:
        report_figures(args.store)
    if "1m" not in args.skip:
        if not args.big.exists():
            from synthetic import build

            started = time.perf_counter()
            counts = build(args.store, args.big, args.big_events)
            print(f"\nbuilt {args.big} in {time.perf_counter() - started:,.0f} s: {json.dumps(counts)}")
        store_phase("Synthetic store", args.big, args, throughput=False, stop_busy=True)


if __name__ == "__main__":
    main()
