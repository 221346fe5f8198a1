"""The analyst-editable date vocabulary in ``data/dates/relative.yaml``, validated once on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.datafiles import DataFileError, read_yaml

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "dates" / "relative.yaml"


class DateLexiconError(DataFileError):
    """The date vocabulary file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class DateLexicon:
    future_penalty: float
    max_future_years: int
    vague_phrases: tuple[str, ...]
    seasons: dict[str, tuple[int, int]]
    not_year_after: frozenset[str] = frozenset()
    same_time_openers: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DATA_FILE) -> DateLexicon:
    """Read and validate the vocabulary; cached because every sentence needs it."""
    raw = read_yaml(path, DateLexiconError)
    return DateLexicon(
        future_penalty=_number(raw, "future_penalty", path, minimum=1.0),
        max_future_years=int(_number(raw, "max_future_years", path, minimum=0)),
        vague_phrases=_phrases(raw.get("vague_phrases"), path),
        seasons=_seasons(raw.get("seasons"), path),
        not_year_after=frozenset(_words(raw.get("not_year_after", []), "not_year_after", path)),
        same_time_openers=tuple(_words(raw.get("same_time_openers", []), "same_time_openers", path)),
    )


def _words(value: Any, key: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise DateLexiconError(f"{path}: '{key}' must be a list of words")
    return [w.strip().casefold() for w in value]


def _number(raw: dict[str, Any], key: str, path: Path, minimum: float) -> float:
    value = raw.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < minimum:
        raise DateLexiconError(f"{path}: '{key}' must be a number >= {minimum}, got {value!r}")
    return float(value)


def _phrases(value: Any, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise DateLexiconError(f"{path}: 'vague_phrases' must be a list of phrases")
    phrases = []
    for n, phrase in enumerate(value):
        if not isinstance(phrase, str) or not phrase.strip():
            raise DateLexiconError(f"{path}: vague_phrases entry {n} ({phrase!r}) must be non-empty text")
        phrases.append(" ".join(phrase.lower().split()))
    # Longest first, so "in recent months" wins over "recent months".
    return tuple(sorted(set(phrases), key=len, reverse=True))


def _seasons(value: Any, path: Path) -> dict[str, tuple[int, int]]:
    if not isinstance(value, dict):
        raise DateLexiconError(f"{path}: 'seasons' must map a season name to [first month, last month]")
    seasons: dict[str, tuple[int, int]] = {}
    for name, months in value.items():
        valid = (
            isinstance(months, list)
            and len(months) == 2
            and all(isinstance(m, int) and 1 <= m <= 12 for m in months)
        )
        if not valid:
            raise DateLexiconError(
                f"{path}: season '{name}' must be [first month, last month], got {months!r}"
            )
        seasons[str(name).lower()] = (months[0], months[1])
    return seasons
