"""The Dask path runs the same stages over partitions and stores exactly what the local run stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventgraph.ingest import read_inputs
from eventgraph.pipeline import Pipeline, ingest_into
from eventgraph.store import EventFilter, Store
from tests.conftest import SAMPLES_DIR, SEEDS_DIR


def stored_events(store: Store) -> set[tuple]:
    return {
        (r["doc_id"], r["span_start"], r["span_end"], r["source_id"], r["type"], r["target_id"], r["negated"])
        for r in store.events(EventFilter())
    }


@pytest.mark.slow
def test_local_cluster_with_two_workers_equals_the_local_run(tmp_path: Path) -> None:
    from eventgraph.distributed import distributed_ingest

    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared/seeds is missing")
    inputs = [str(SEEDS_DIR), str(SAMPLES_DIR)]
    with Store(tmp_path / "local.duckdb") as local:
        ingest_into(local, read_inputs(inputs), Pipeline())
        local_counts, local_events = local.counts(), stored_events(local)
    with Store(tmp_path / "dask.duckdb") as dask_store:
        summary = distributed_ingest(dask_store, read_inputs(inputs), workers=2, partition_size=4)
        dask_counts, dask_events = dask_store.counts(), stored_events(dask_store)
        again = distributed_ingest(dask_store, read_inputs(inputs), workers=2, partition_size=4)
        assert again.added == 0 and dask_store.counts() == dask_counts
    assert summary.added == local_counts["documents"] > 20
    assert dask_counts == local_counts
    assert dask_events == local_events and len(local_events) > 0


class _PipelineFailingOn(Pipeline):
    """The real pipeline, except that one named document makes a stage raise (as a parser bug would)."""

    def __init__(self, failing_name: str) -> None:
        super().__init__()
        self.failing_name = failing_name

    def resolve_and_code(self, annotated):
        if annotated.document.name == self.failing_name:
            raise RecursionError("maximum recursion depth exceeded")
        return super().resolve_and_code(annotated)


def test_a_document_a_stage_fails_on_is_a_rejection_and_its_partition_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locally and on a Dask worker alike, one failing document is reported and the others are stored."""
    import pyarrow.parquet as pq

    from eventgraph.distributed import run as distributed_run
    from eventgraph.records import Rejection

    documents = [d for d in read_inputs([str(SAMPLES_DIR)]) if not isinstance(d, Rejection)][:3]
    pipeline = _PipelineFailingOn(documents[1].name)
    local = list(pipeline.process_or_reject(documents))
    rejected = [r for r in local if isinstance(r, Rejection)]
    assert len(rejected) == 1 and rejected[0].stage == "code"
    assert documents[1].name in rejected[0].reason and "RecursionError" in rejected[0].reason

    monkeypatch.setattr(distributed_run, "_worker_pipeline", lambda profile: pipeline)
    part = distributed_run.process_partition(documents, 0, str(tmp_path), "south-caucasus")
    assert [r.reason for r in part.rejections] == [rejected[0].reason]
    assert part.documents == 2 and part.events > 0
    stored_docs = pq.read_table(tmp_path / "part-00000" / "documents.parquet").column("name").to_pylist()
    assert sorted(stored_docs) == sorted([documents[0].name, documents[2].name])
