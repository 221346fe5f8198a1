"""Runs of the whole system, above ``pipeline.py`` beside ``cli.py`` and ``api``: ``ingest`` and
``watch`` read documents (``ingest`` stage), run them through the pipeline and hand each batch to a
writer, which is the store file itself or, when ``eventgraph serve`` owns the file, the server."""

from eventgraph.runs.target import ServerWriteError, ServerWriter, batch_target

__all__ = ["ServerWriteError", "ServerWriter", "batch_target"]
