"""The seeds gold format as the dev-set tests check it (samples gold, corpus dev gold): its fields, date
shape and whitespace folding, stated once here rather than read from the evaluator under test, and the
folded texts of the corpus records the rows quote."""

from __future__ import annotations

import json
import re
from pathlib import Path

FLAGS = ("negated", "hypothetical", "optional", "symmetric", "background", "must_not")
REQUIRED = ("doc", "quote", "source", "type", "target", *FLAGS)
OPTIONAL_FIELDS = ("alt_type", "alt_target", "alt_source", "date", "place")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_rows(path: Path) -> list[dict]:
    """The gold file's rows as plain JSON objects (blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def quoted_record_texts(corpus: Path, rows: list[dict]) -> dict[str, str]:
    """Folded text of each corpus record the rows name, by record id (the test is skipped without the
    corpus). Records are read by the evaluator's reader; a record it cannot find fails the test."""
    import pytest

    from eventgraph.evaluate.seeds import read_corpus_documents

    if not corpus.is_file():
        pytest.skip(f"{corpus} is missing: tests need ../shared beside the repository")
    documents, problems = read_corpus_documents(corpus, {row["doc"] for row in rows})
    assert problems == []
    return {document.name: fold(document.text) for document in documents}
