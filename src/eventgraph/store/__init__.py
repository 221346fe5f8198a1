"""The embedded DuckDB store: the only package that writes SQL."""

from eventgraph.store.schema import SCHEMA_VERSION
from eventgraph.store.store import (
    EXPORT_FORMATS,
    ROW_TABLES,
    EventFilter,
    Store,
    StoreBusy,
    StoreError,
    WriteResult,
    event_row,
    inferred_of,
    nested_event,
    table_rows,
)

__all__ = [
    "EXPORT_FORMATS",
    "ROW_TABLES",
    "SCHEMA_VERSION",
    "EventFilter",
    "Store",
    "StoreBusy",
    "StoreError",
    "WriteResult",
    "event_row",
    "inferred_of",
    "nested_event",
    "table_rows",
]
