"""Throughput, memory and scaling benchmarks on the reference corpus (``make bench``).

Prints, for a fixed slice of ``../shared/corpora/ukraine-media.jsonl`` (``--articles``, default 400):
- articles/s and sentences/s of the full eventgraph pipeline (ingest → store), and its peak RSS;
- the ratio of a bare spaCy parse of the same texts with the same model to the full pipeline
  (1.0 means eventgraph adds no cost over spaCy; the target is ≥ 0.8);
- articles/day at that rate with both cores;
- Dask scaling efficiency from 1 to 2 workers (``--dask``).

Each measurement runs in its own subprocess so peak RSS is that stage's own.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "ukraine-media.jsonl"


def load_documents(n: int) -> list:
    from eventgraph.ingest import read_inputs
    from eventgraph.records import Document

    return [d for d in itertools.islice(read_inputs([str(CORPUS)]), n * 2) if isinstance(d, Document)][:n]


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def measure_bare(n: int, processes: int) -> dict:
    """spaCy alone, same model and components as the pipeline, over the cleaned texts."""
    from eventgraph.nlp import load_pipeline
    from eventgraph.pipeline import Pipeline

    docs = load_documents(n)
    pipeline = Pipeline()
    patterns = list(pipeline.gazetteer.entity_patterns()) + list(pipeline.catalogue.entity_patterns())
    nlp = load_pipeline(patterns)
    start = time.perf_counter()
    sentences = sum(
        len(list(d.sents)) for d in nlp.pipe((d.text for d in docs), n_process=processes, batch_size=32)
    )
    seconds = time.perf_counter() - start
    return {"articles": len(docs), "sentences": sentences, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}


def measure_full(n: int, processes: int) -> dict:
    """The whole pipeline: actors, coder, dates, places, and DuckDB writes, on the same texts."""
    from eventgraph.pipeline import Pipeline, ingest_into
    from eventgraph.store import Store

    docs = load_documents(n)
    pipeline = Pipeline(n_process=processes)
    _ = pipeline.annotator, pipeline.coder, pipeline.resolver  # load before timing, as bare spaCy does
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        start = time.perf_counter()
        summary = ingest_into(store, docs, pipeline, batch_size=64)
        seconds = time.perf_counter() - start
    return {
        "articles": summary.added,
        "sentences": summary.sentences,
        "events": summary.events,
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_dask(n: int, workers: int) -> dict:
    from eventgraph.distributed import distributed_ingest
    from eventgraph.store import Store

    docs = load_documents(n)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        start = time.perf_counter()
        summary = distributed_ingest(store, docs, workers=workers, partition_size=25)
        seconds = time.perf_counter() - start
    return {"articles": summary.added, "events": summary.events, "seconds": seconds, "workers": workers}


def run_stage(stage: str, n: int, arg: int) -> dict:
    """One measurement in a fresh interpreter (clean peak RSS, no warm caches)."""
    out = subprocess.run(
        [sys.executable, __file__, "--stage", stage, "--articles", str(n), "--arg", str(arg)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=400, help="articles from the corpus (default 400)")
    parser.add_argument("--processes", type=int, default=2, help="spaCy processes for both measurements")
    parser.add_argument("--dask", action="store_true", help="also measure Dask scaling from 1 to 2 workers")
    parser.add_argument("--stage", choices=["bare", "full", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--arg", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stage:
        measure = {"bare": measure_bare, "full": measure_full, "dask": measure_dask}[args.stage]
        print(json.dumps(measure(args.articles, args.arg)))
        return
    if not CORPUS.exists():
        sys.exit(f"benchmark corpus not found: {CORPUS} (../shared must sit beside the repository)")

    print(f"corpus slice: {args.articles} articles of {CORPUS.name}; {args.processes} spaCy processes")
    bare = run_stage("bare", args.articles, args.processes)
    full = run_stage("full", args.articles, args.processes)
    rate = full["articles"] / full["seconds"]
    print(f"bare spaCy     : {bare['articles'] / bare['seconds']:7.2f} articles/s  ({bare['seconds']:.1f} s)")
    print(
        f"full pipeline  : {rate:7.2f} articles/s  {full['sentences'] / full['seconds']:8.1f} sentences/s  "
        f"({full['seconds']:.1f} s, {full['events']} events)"
    )
    print(f"ratio bare/full: {bare['seconds'] / full['seconds']:7.2f}   (target ≥ 0.80)")
    print(f"articles/day   : {rate * 86400:9,.0f}   (target ≥ 500,000)")
    print(
        f"peak RSS       : {full['peak_rss_mb']:7.0f} MB   (target ≤ 1,500 MB;"
        f" bare spaCy {bare['peak_rss_mb']:.0f} MB)"
    )
    if args.dask:
        one = run_stage("dask", args.articles, 1)
        two = run_stage("dask", args.articles, 2)
        efficiency = one["seconds"] / (2 * two["seconds"])
        print(
            f"dask 1 worker  : {one['articles'] / one['seconds']:7.2f} articles/s  ({one['seconds']:.1f} s)"
        )
        print(
            f"dask 2 workers : {two['articles'] / two['seconds']:7.2f} articles/s  ({two['seconds']:.1f} s)"
        )
        print(f"scaling 1→2    : {efficiency:7.2f}   (target ≥ 0.85)")


if __name__ == "__main__":
    main()
