"""The tunables of near-duplicate detection in ``data/dedup.yaml``, validated once on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.datafiles import DataFileError, read_yaml

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "dedup.yaml"
PRECISIONS = ("day", "week", "month", "year", "reported")


class DedupSettingsError(DataFileError):
    """The settings file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class DocumentSettings:
    shingle_words: int
    num_perm: int
    seed: int
    threshold: float
    min_words: int

    @property
    def scheme(self) -> str:
        """How signatures are made and compared; stored ones of another scheme are redone, groups too."""
        return (
            f"words{self.shingle_words}-perm{self.num_perm}-seed{self.seed}-affine32"
            f"-min{self.min_words}-jaccard{self.threshold:g}"
        )


@dataclass(frozen=True, slots=True)
class EventSettings:
    reported_window_days: int
    close_days: int
    close_precisions: frozenset[str]
    undirected_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class DedupSettings:
    documents: DocumentSettings
    events: EventSettings


@lru_cache(maxsize=4)
def load_settings(path: Path = DATA_FILE) -> DedupSettings:
    """Read and validate ``path`` (the bundled ``dedup.yaml`` by default)."""
    raw = read_yaml(path, DedupSettingsError)
    docs = _section(raw, "documents", path)
    events = _section(raw, "events", path)
    return DedupSettings(
        documents=DocumentSettings(
            shingle_words=_integer(docs, "documents.shingle_words", path, 1, 20),
            num_perm=_integer(docs, "documents.num_perm", path, 16, 1024),
            seed=_integer(docs, "documents.seed", path, 0, 2**31),
            threshold=_fraction(docs, "documents.threshold", path),
            min_words=_integer(docs, "documents.min_words", path, 1, 100_000),
        ),
        events=EventSettings(
            reported_window_days=_integer(events, "events.reported_window_days", path, 0, 365),
            close_days=_integer(events, "events.close_days", path, 0, 365),
            close_precisions=frozenset(_names(events, "events.close_precisions", path, PRECISIONS)),
            undirected_types=frozenset(n.upper() for n in _names(events, "events.undirected_types", path)),
        ),
    )


def _section(raw: Any, key: str, path: Path) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get(key), dict):
        raise DedupSettingsError(f"{path}: expected a mapping '{key}' at the top level")
    return raw[key]


def _value(section: dict[str, Any], dotted: str, path: Path) -> Any:
    key = dotted.split(".")[-1]
    if key not in section:
        raise DedupSettingsError(f"{path}: '{dotted}' is missing")
    return section[key]


def _integer(section: dict[str, Any], dotted: str, path: Path, low: int, high: int) -> int:
    value = _value(section, dotted, path)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise DedupSettingsError(
            f"{path}: '{dotted}' must be a whole number in [{low}, {high}], got {value!r}"
        )
    return value


def _fraction(section: dict[str, Any], dotted: str, path: Path) -> float:
    value = _value(section, dotted, path)
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 1:
        raise DedupSettingsError(f"{path}: '{dotted}' must be a number in (0, 1], got {value!r}")
    return float(value)


def _names(section: dict[str, Any], dotted: str, path: Path, allowed: tuple[str, ...] = ()) -> list[str]:
    value = _value(section, dotted, path)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DedupSettingsError(f"{path}: '{dotted}' must be a list of names, got {value!r}")
    for name in value:
        if allowed and name not in allowed:
            raise DedupSettingsError(f"{path}: '{dotted}' entry {name!r} is not one of {', '.join(allowed)}")
    return [v.strip() for v in value]
