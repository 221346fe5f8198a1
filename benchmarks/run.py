"""Throughput, memory and scaling benchmarks on the reference corpus (``make bench``).

Prints, for a fixed slice of ``../shared/corpora/ukraine-media.jsonl`` (``--articles``, default 400):
- articles/s and sentences/s of the full eventgraph pipeline (ingest → DuckDB), and its peak RSS;
- the ratio of a bare spaCy parse of the same texts with the same model and components to the full
  pipeline (1.0: eventgraph adds no cost over spaCy; target ≥ 0.8), measured in the same run;
- articles/day at that rate with ``--processes`` cores (target ≥ 500,000 with 2);
- with ``--dask``, the scaling efficiency from 1 to 2 Dask workers (target ≥ 0.85);
- with ``--read-all``, a read-only pass (ingest, no NLP) over the whole corpus: crashes, rejections.

How it is measured:
- every measurement runs in a fresh interpreter, one after the other, on the same texts;
- the ratio is given on wall-clock time and on CPU seconds (this process and its finished children):
  on a machine other jobs share, the wall-clock ratio swings with their load, the CPU ratio much less;
  the CPU the memory sampler's own thread spends (reading PSS makes the kernel walk each process's
  pages) is taken out of both and printed beside them;
- model and data loading (spaCy, catalogues, the world city table, Dask cluster start-up and worker
  warm-up) happen before the clock starts, for spaCy and eventgraph alike: a long ingest pays them
  once;
- memory is sampled every 0.2 s over the measuring process and all its children (spaCy or Dask
  worker processes): ``peak RSS`` is the largest single process, ``all processes`` the largest sum of
  PSS (proportional set size: pages a forked worker shares with its parent are counted once);
- RSS is also reported at each quarter of the run, to show it does not grow with corpus size.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "ukraine-media.jsonl"
SPACY_BATCH = 16  # per nlp.pipe batch: small enough that both processes get work on short slices
STORE_BATCH = 64  # documents per transaction


class MemorySampler:
    """Samples the RSS of this process and its descendants in a background thread."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.peak_process = 0
        self.peak_total = 0
        self.samples: list[tuple[float, int]] = []  # (seconds since start, total RSS)
        # CPU the sampling itself costs (reading PSS makes the kernel walk every process's pages, a few
        # seconds per run): it is this benchmark's, not the pipeline's, and is taken out of CPU figures.
        self.cpu_seconds = 0.0
        self._start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def sample(self) -> int:
        """Sum of RSS now (bytes); updates the peaks and adds the CPU it took to ``cpu_seconds``."""
        start = time.thread_time()  # the calling thread's user + system CPU
        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                memory = proc.memory_full_info()
            except psutil.Error:
                continue
            # PSS shares pages a forked worker still has in common with its parent: sums stay honest.
            total += getattr(memory, "pss", memory.rss)
            self.peak_process = max(self.peak_process, memory.rss)
        self.peak_total = max(self.peak_total, total)
        self.samples.append((time.perf_counter() - self._start, total))
        self.cpu_seconds += time.thread_time() - start
        return total

    def quarters(self) -> list[float]:
        """Peak total RSS (MB) in each quarter of the sampled time: flat when memory is bounded."""
        end = self.samples[-1][0] if self.samples else 0.0
        peaks = [0.0] * 4
        for seconds, total in self.samples:
            quarter = min(3, int(4 * seconds / end)) if end else 3
            peaks[quarter] = max(peaks[quarter], mb(total))
        return peaks

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()


def load_documents(n: int) -> list:
    """The first ``n`` documents of the corpus, as the ingest stage reads them."""
    from eventgraph.ingest import read_inputs
    from eventgraph.records import Document

    docs = (d for d in read_inputs([str(CORPUS)]) if isinstance(d, Document))
    return list(itertools.islice(docs, n))


def mb(n_bytes: float) -> float:
    return n_bytes / 2**20


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished children (spaCy's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_bare(n: int, processes: int) -> dict[str, Any]:
    """spaCy alone, same model and components as the pipeline (entity ruler included), same texts."""
    from eventgraph.pipeline import Pipeline

    texts = [d.text for d in load_documents(n)]
    nlp = Pipeline().annotator.nlp
    nlp("Warm-up: Armenia and Azerbaijan met in Brussels.")
    with MemorySampler() as memory:
        start, cpu = time.perf_counter(), cpu_seconds()
        sentences = sum(
            sum(1 for _ in d.sents) for d in nlp.pipe(texts, n_process=processes, batch_size=SPACY_BATCH)
        )
        seconds = time.perf_counter() - start
    return {
        "articles": len(texts),
        "sentences": sentences,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds() - cpu - memory.cpu_seconds,
        "sampler_cpu_seconds": memory.cpu_seconds,
        "peak_process_mb": mb(memory.peak_process),
        "peak_total_mb": mb(memory.peak_total),
    }


def measure_full(n: int, processes: int) -> dict[str, Any]:
    """The whole pipeline on the same texts: spaCy, actors, coder, dates, places, DuckDB writes."""
    from eventgraph.pipeline import Pipeline, ingest_into
    from eventgraph.store import Store

    docs = load_documents(n)
    pipeline = Pipeline(n_process=processes, batch_size=SPACY_BATCH).warm_up()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        with MemorySampler() as memory:
            start, cpu = time.perf_counter(), cpu_seconds()
            summary = ingest_into(store, docs, pipeline, batch_size=STORE_BATCH)
            seconds = time.perf_counter() - start
            cpu = cpu_seconds() - cpu - memory.cpu_seconds
        stored = store.counts()
    return {
        "articles": summary.added,
        "sentences": summary.sentences,
        "events": summary.events,
        "stored_documents": stored["documents"],
        "seconds": seconds,
        "cpu_seconds": cpu,
        "sampler_cpu_seconds": memory.cpu_seconds,
        "peak_process_mb": mb(memory.peak_process),
        "peak_total_mb": mb(memory.peak_total),
        "rss_by_quarter_mb": memory.quarters(),
    }


def _warm_worker() -> bool:
    from eventgraph.distributed.run import _worker_pipeline

    _worker_pipeline("south-caucasus").warm_up()
    return True


def measure_dask(n: int, workers: int, partition_size: int) -> dict[str, Any]:
    """Dask ingest on a LocalCluster of ``workers`` single-threaded processes, warmed up before timing."""
    from dask.distributed import Client, LocalCluster

    from eventgraph.distributed import distributed_ingest
    from eventgraph.store import Store

    docs = load_documents(n)
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm_worker)
        with (
            tempfile.TemporaryDirectory() as tmp,
            Store(Path(tmp) / "bench.duckdb") as store,
            MemorySampler() as memory,
        ):
            start = time.perf_counter()
            summary = distributed_ingest(
                store, docs, scheduler=cluster.scheduler_address, partition_size=partition_size
            )
            seconds = time.perf_counter() - start
    return {
        "articles": summary.added,
        "events": summary.events,
        "seconds": seconds,
        "workers": workers,
        "peak_total_mb": mb(memory.peak_total),
    }


def measure_read(_: int, __: int) -> dict[str, Any]:
    """The ingest stage alone over the whole corpus: every line read, nothing held in memory."""
    from eventgraph.ingest import read_inputs
    from eventgraph.records import Document

    counts = {"documents": 0, "rejections": 0}
    reasons: dict[str, int] = {}
    with MemorySampler() as memory:
        start = time.perf_counter()
        for item in read_inputs([str(CORPUS)]):
            if isinstance(item, Document):
                counts["documents"] += 1
            else:
                counts["rejections"] += 1
                key = re.sub(r"duplicate of \S+", "duplicate of an earlier one", item.reason).split(":")[0]
                reasons[key] = reasons.get(key, 0) + 1
        seconds = time.perf_counter() - start
    return {**counts, "reasons": reasons, "seconds": seconds, "peak_total_mb": mb(memory.peak_total)}


def measure_catalogue(_: int, __: int) -> dict[str, Any]:
    """Start-up cost of the actor catalogue in a fresh interpreter: reading and validating the curated files
    and the world tables, then building the resolver's alias index; with its size and memory."""
    from eventgraph.actors import ActorResolver, load_catalogue

    before = psutil.Process().memory_info().rss
    start = time.perf_counter()
    catalogue = load_catalogue("south-caucasus")
    loaded = time.perf_counter()
    ActorResolver(catalogue)
    built = time.perf_counter()
    world_people = sum(1 for p in catalogue.people.values() if p.world)
    return {
        "load_seconds": loaded - start,
        "index_seconds": built - loaded,
        "actors": len(catalogue.actors),
        "people": len(catalogue.people),
        "world_people": world_people,
        "bodies": sum(len(b.names) for b in catalogue.bodies),
        "agents": len(catalogue.agents),
        "ruler_patterns": len(catalogue.entity_patterns()),
        "rss_mb": mb(psutil.Process().memory_info().rss - before),
    }


STAGES = {"bare": measure_bare, "full": measure_full, "read": measure_read, "catalogue": measure_catalogue}


def run_stage(stage: str, n: int, arg: int, extra: int = 0) -> dict[str, Any]:
    """One measurement in a fresh interpreter (its own peak RSS, no warm caches)."""
    cmd = [sys.executable, __file__, "--stage", stage, "--articles", str(n), "--arg", str(arg)]
    out = subprocess.run([*cmd, "--extra", str(extra)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"benchmark stage {stage!r} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(args: argparse.Namespace) -> None:
    load = os.getloadavg()[0]
    print(
        f"corpus slice: {args.articles} articles of {CORPUS.name}; {args.processes} processes; "
        f"{os.cpu_count()} CPUs; load average {load:.1f} at start"
    )
    catalogue = run_stage("catalogue", 0, 0)
    print(
        f"actor catalogue: {catalogue['load_seconds']:.2f} s to load and validate, "
        f"{catalogue['index_seconds']:.2f} s to index ({catalogue['actors']:,} actors, "
        f"{catalogue['people']:,} people of which {catalogue['world_people']:,} from the world tables, "
        f"{catalogue['bodies']:,} body names, {catalogue['agents']:,} agent nouns; "
        f"{catalogue['ruler_patterns']:,} EntityRuler patterns; +{catalogue['rss_mb']:.0f} MB)"
    )
    bare = run_stage("bare", args.articles, args.processes)
    full = run_stage("full", args.articles, args.processes)
    rate = full["articles"] / full["seconds"]
    print(f"bare spaCy     : {bare['articles'] / bare['seconds']:7.2f} articles/s  ({bare['seconds']:.1f} s)")
    print(
        f"full pipeline  : {rate:7.2f} articles/s  {full['sentences'] / full['seconds']:8.1f} sentences/s  "
        f"({full['seconds']:.1f} s, {full['sentences']} sentences, {full['events']} events)"
    )
    print(f"ratio bare/full: {bare['seconds'] / full['seconds']:7.2f}   (target ≥ 0.80; wall-clock time)")
    print(
        f"CPU ratio      : {bare['cpu_seconds'] / full['cpu_seconds']:7.2f}   (CPU seconds, all processes:"
        f" {bare['cpu_seconds']:.0f} bare, {full['cpu_seconds']:.0f} full; steadier on a shared machine;"
        f" without the memory sampler's own {bare['sampler_cpu_seconds']:.1f} /"
        f" {full['sampler_cpu_seconds']:.1f} s)"
    )
    print(f"articles/day   : {rate * 86400:9,.0f}   (target ≥ 500,000)")
    print(
        f"peak RSS       : {full['peak_process_mb']:7.0f} MB largest process, {full['peak_total_mb']:.0f} MB"
        f" all processes   (target ≤ 1,500 MB; bare spaCy {bare['peak_process_mb']:.0f} /"
        f" {bare['peak_total_mb']:.0f} MB)"
    )
    quarters = ", ".join(f"{q:.0f}" for q in full["rss_by_quarter_mb"])
    print(f"memory by 1/4  : {quarters} MB (peak of all processes in each quarter of the run)")
    if args.dask:
        one = run_stage("dask", args.articles, 1, args.partition_size)
        two = run_stage("dask", args.articles, 2, args.partition_size)
        efficiency = one["seconds"] / (2 * two["seconds"])
        for result in (one, two):
            print(
                f"dask {result['workers']} worker{'s' if result['workers'] > 1 else ' '}: "
                f"{result['articles'] / result['seconds']:7.2f} articles/s  ({result['seconds']:.1f} s, "
                f"{result['peak_total_mb']:.0f} MB all processes)"
            )
        print(
            f"scaling 1→2    : {efficiency:7.2f}   (target ≥ 0.85; partitions of {args.partition_size},"
            " workers warmed up before timing)"
        )
    if args.read_all:
        read = run_stage("read", 0, 0)
        print(
            f"read whole corpus (no NLP): {read['documents']:,} documents, {read['rejections']:,} rejections"
            f" in {read['seconds']:.1f} s, {read['peak_total_mb']:.0f} MB; reasons {read['reasons']}"
        )


def report_long(n: int, processes: int) -> None:
    """The full pipeline alone over a long slice, to show that memory does not grow with corpus size."""
    full = run_stage("full", n, processes)
    quarters = ", ".join(f"{q:.0f}" for q in full["rss_by_quarter_mb"])
    print(
        f"full pipeline over {full['articles']} articles: "
        f"{full['articles'] / full['seconds']:.2f} articles/s, "
        f"{full['sentences'] / full['seconds']:.1f} sentences/s, {full['seconds']:.0f} s"
    )
    print(
        f"peak RSS {full['peak_process_mb']:.0f} MB largest process, "
        f"{full['peak_total_mb']:.0f} MB all processes"
    )
    print(f"memory by quarter of the run: {quarters} MB (all processes)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=400, help="articles from the corpus (default 400)")
    parser.add_argument("--processes", type=int, default=2, help="processes for spaCy and the pipeline")
    parser.add_argument("--dask", action="store_true", help="also measure Dask scaling from 1 to 2 workers")
    parser.add_argument("--partition-size", type=int, default=16, help="documents per Dask partition")
    parser.add_argument("--read-all", action="store_true", help="also read the whole corpus without NLP")
    parser.add_argument(
        "--long", type=int, metavar="N", help="only the full pipeline over N articles: does memory stay flat?"
    )
    parser.add_argument("--stage", choices=[*STAGES, "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--arg", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--extra", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stage == "dask":
        print(json.dumps(measure_dask(args.articles, args.arg, args.extra)))
        return
    if args.stage:
        print(json.dumps(STAGES[args.stage](args.articles, args.arg)))
        return
    if not CORPUS.exists():
        sys.exit(f"benchmark corpus not found: {CORPUS} (../shared must sit beside the repository)")
    if args.long:
        report_long(args.long, args.processes)
        return
    report(args)


if __name__ == "__main__":
    main()
