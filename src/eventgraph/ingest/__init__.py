"""The ingest stage: files, folders, globs, stdin, JSONL(.gz) and HTML in; cleaned Documents out.

Every Document keeps its original text, the cleaned text, an offset map between them and the list
of what cleaning removed; bad inputs come out as Rejections instead of exceptions.
"""

from eventgraph.ingest.cleaning import CleanResult, clean_text
from eventgraph.ingest.documents import document_from_html, document_from_text
from eventgraph.ingest.offsets import original_span
from eventgraph.ingest.readers import read_inputs
from eventgraph.ingest.rules import IngestRulesError, load_rules

__all__ = [
    "CleanResult",
    "IngestRulesError",
    "clean_text",
    "document_from_html",
    "document_from_text",
    "load_rules",
    "original_span",
    "read_inputs",
]
