"""Partitioned ingest on a Dask cluster (a local one with ``--workers N`` or a remote scheduler)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventgraph.pipeline import BatchWriter, IngestSummary, Pipeline, batch_writer, too_long_to_parse
from eventgraph.records import Document, Rejection
from eventgraph.store import ROW_TABLES, Store, table_rows


@dataclass(slots=True)
class PartitionResult:
    """What a worker produced for one partition: where its Parquet files are, and counts."""

    index: int
    directory: str
    documents: int
    sentences: int
    mentions: int
    events: int
    rejections: list[Rejection] = field(default_factory=list)  # documents a stage failed on


@lru_cache(maxsize=2)
def _worker_pipeline(profile: str) -> Pipeline:
    # One pipeline per worker process: spaCy and the catalogues load once, not once per partition.
    return Pipeline(profile=profile)


def process_partition(documents: list[Document], index: int, work_dir: str, profile: str) -> PartitionResult:
    """Run every stage on one partition and write each table's rows as Parquet. Runs on a worker."""
    # a document a stage fails on becomes a rejection, as in a local run: one sentence never fails a run
    results = list(_worker_pipeline(profile).process_or_reject(documents))
    rows = table_rows([r for r in results if not isinstance(r, Rejection)])
    directory = Path(work_dir) / f"part-{index:05d}"
    directory.mkdir(parents=True, exist_ok=True)
    for table in ROW_TABLES:
        if rows[table]:
            pq.write_table(pa.Table.from_pylist(rows[table]), directory / f"{table}.parquet")
    return PartitionResult(
        index=index,
        directory=str(directory),
        documents=len(rows["documents"]),
        sentences=len(rows["sentences"]),
        mentions=len(rows["mentions"]),
        events=len(rows["events"]),
        rejections=[r for r in results if isinstance(r, Rejection)],
    )


def read_partition(directory: str | Path) -> dict[str, list[dict[str, Any]]]:
    """The rows a worker wrote for one partition, ready for :meth:`Store.write_tables`."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in ROW_TABLES:
        path = Path(directory) / f"{table}.parquet"
        out[table] = pq.read_table(path).to_pylist() if path.exists() else []
    return out


def partitions(
    inputs: Iterable[Document | Rejection], size: int, rejections: list[Rejection]
) -> Iterator[list[Document]]:
    """Cut the document stream into lists of ``size``; rejections are collected on the side."""
    batch: list[Document] = []
    for item in inputs:
        if isinstance(item, Document):
            item = too_long_to_parse(item) or item  # a worker's parser would fail the whole partition
        if isinstance(item, Rejection):
            rejections.append(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def distributed_ingest(
    store: Store | BatchWriter,
    inputs: Iterable[Document | Rejection],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    profile: str = "south-caucasus",
    partition_size: int = 64,
    work_dir: str | Path | None = None,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> IngestSummary:
    """Ingest on Dask: ``scheduler`` is a ``tcp://host:8786`` address, else a LocalCluster of ``workers``.

    Parquet partitions go to ``work_dir`` (a temporary folder, removed afterwards, when not given).
    """
    from dask.distributed import Client, LocalCluster, as_completed

    summary = IngestSummary()
    rejections: list[Rejection] = []
    writer = batch_writer(store)  # near-duplicate groups and event clusters after each write
    own_dir = work_dir is None
    root = Path(tempfile.mkdtemp(prefix="eventgraph-dask-")) if own_dir else Path(work_dir)
    root.mkdir(parents=True, exist_ok=True)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    max_in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers or 2)

    def collect(future: Any) -> None:
        part: PartitionResult = future.result()
        written = writer.write_batch(read_partition(part.directory))
        result = written.write
        summary.near_duplicates += written.near_duplicates
        summary.added += result.added
        summary.already_stored += result.skipped
        summary.sentences += part.sentences
        summary.mentions += part.mentions
        summary.events += result.events
        rejections.extend(part.rejections)
        if on_partition is not None:
            on_partition(part)

    try:
        # Bounded in flight: memory stays flat however large the corpus is.
        running = as_completed()
        in_flight = 0
        for index, batch in enumerate(partitions(inputs, partition_size, rejections)):
            summary.read += len(batch)
            known = writer.known_doc_ids(d.doc_id for d in batch)
            fresh = [d for d in batch if d.doc_id not in known]
            summary.already_stored += len(batch) - len(fresh)
            if not fresh:
                continue
            running.add(client.submit(process_partition, fresh, index, str(root), profile, pure=False))
            in_flight += 1
            while in_flight >= max_in_flight:
                collect(next(running))
                in_flight -= 1
        for future in running:
            collect(future)
        if rejections:
            writer.write_batch({}, rejections)
        writer.finish()
        summary.rejections = rejections
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if own_dir:
            shutil.rmtree(root, ignore_errors=True)
    return summary
