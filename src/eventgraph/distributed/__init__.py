"""Scale-out on Dask: the same stage functions, run as tasks over partitions of documents.

The client reads the inputs (ingest), drops documents the store already holds, and cuts the rest into
partitions. Each partition is one Dask task that runs :meth:`eventgraph.pipeline.Pipeline.process` on
a worker and writes the rows of every table as Parquet files under ``work_dir/part-NNNNN/``. The client
then loads each finished partition into the DuckDB store in one transaction, so a partition is either
fully stored or not at all, and a rerun skips what is already there.
"""

from eventgraph.distributed.run import PartitionResult, distributed_ingest, process_partition

__all__ = ["PartitionResult", "distributed_ingest", "process_partition"]
