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
