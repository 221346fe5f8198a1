"""The seeds gold format as the dev-set tests check it (samples gold, corpus dev gold): its fields, date
shape and whitespace folding, stated once here rather than read from the evaluator under test."""

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
