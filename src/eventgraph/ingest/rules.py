"""Load and validate the ingest knowledge in ``data/ingest/`` (boilerplate, outlets, layout).

The files are edited by analysts, so every entry is checked on load and a mistake names the file and
the entry instead of surfacing later as a wrong cleaning decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.datafiles import DataFileError, read_yaml

RULES_DIR = Path(__file__).resolve().parents[1] / "data" / "ingest"

THRESHOLD_NAMES = (
    "boilerplate_max_line_chars",
    "headline_max_words",
    "section_heading_max_words",
    "byline_max_words",
    "header_max_lines",
    "hard_wrap_full_line_fraction",
    "footer_min_body_fraction",
    "hard_wrap_min_line_chars",
    "hard_wrap_min_fraction",
    "hard_wrap_heading_fraction",
    "min_printable_fraction",
    "max_control_fraction",
)


class IngestRulesError(DataFileError):
    """An ingest rules file is missing, unparsable or has an invalid entry."""


@dataclass(frozen=True, slots=True)
class LinePattern:
    """A whole-line pattern; footer markers also say how to label the lines after them."""

    id: str
    reason: str
    regex: re.Pattern[str]
    following_reason: str | None = None

    def matches(self, line: str) -> bool:
        return self.regex.fullmatch(line) is not None


Matcher = tuple[re.Pattern[str], dict[int, LinePattern]]


@dataclass(frozen=True, slots=True)
class IngestRules:
    line_patterns: tuple[LinePattern, ...]
    footer_markers: tuple[LinePattern, ...]
    outlets: dict[str, str]  # lowercased name or alias -> canonical name
    section_labels: frozenset[str]  # lowercased
    headline_openers: frozenset[str]
    title_case_minor_words: frozenset[str]
    generic_byline_words: frozenset[str]  # lowercased
    continuation_words: frozenset[str]  # lowercased
    thresholds: dict[str, float]
    # The patterns above, each list combined into one regex (one pass per line instead of one per pattern).
    line_matcher: Matcher
    footer_matcher: Matcher

    def line_reason(self, line: str) -> str | None:
        """The boilerplate reason for ``line``, or None when it is article text."""
        if len(line) > self.thresholds["boilerplate_max_line_chars"]:
            return None
        pattern = _first_match(self.line_matcher, line)
        return pattern.reason if pattern else None

    def footer_marker(self, line: str) -> LinePattern | None:
        if len(line) > self.thresholds["boilerplate_max_line_chars"]:
            return None
        return _first_match(self.footer_matcher, line)

    @property
    def section_label_line(self) -> re.Pattern[str]:
        """A line made only of section labels ("News World", "Politics | Europe")."""
        return _section_label_regex(self.section_labels)

    def outlet_named(self, text: str) -> str | None:
        """The canonical outlet for a name or alias (case-insensitive), or None."""
        return self.outlets.get(" ".join(text.split()).strip(" .,:;-").lower())

    def threshold(self, name: str) -> float:
        return self.thresholds[name]


def _first_match(matcher: Matcher, line: str) -> LinePattern | None:
    """The first pattern that matches the whole line."""
    combined, owners = matcher
    match = combined.fullmatch(line)
    return owners[match.lastindex] if match and match.lastindex else None


def _combined(patterns: tuple[LinePattern, ...]) -> Matcher:
    owners: dict[int, LinePattern] = {}
    parts = []
    group = 1
    for pattern in patterns:
        owners[group] = pattern
        parts.append(f"({pattern.regex.pattern})")
        group += 1 + pattern.regex.groups
    return re.compile("|".join(parts), re.IGNORECASE), owners


@lru_cache(maxsize=16)
def _section_label_regex(labels: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?:\s*[|/>»·-]?\s*(?:{alternatives}))*", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_rules(rules_dir: Path = RULES_DIR) -> IngestRules:
    """The validated ingest rules (cached: they are read once per process)."""
    boilerplate = _read_yaml(rules_dir / "boilerplate.yaml")
    outlets = _read_yaml(rules_dir / "outlets.yaml")
    layout = _read_yaml(rules_dir / "layout.yaml")
    line_patterns = _patterns(boilerplate, "line_patterns", rules_dir / "boilerplate.yaml", marker=False)
    footer_markers = _patterns(boilerplate, "footer_markers", rules_dir / "boilerplate.yaml", marker=True)
    try:
        line_matcher, footer_matcher = _combined(line_patterns), _combined(footer_markers)
    except re.error as exc:
        raise IngestRulesError(
            f"{rules_dir / 'boilerplate.yaml'}: patterns cannot be combined ({exc}); "
            "inline flags such as (?i) are not allowed"
        ) from exc
    return IngestRules(
        line_patterns=line_patterns,
        footer_markers=footer_markers,
        outlets=_outlets(outlets, rules_dir / "outlets.yaml"),
        section_labels=_words(layout, "section_labels", rules_dir / "layout.yaml", lower=True),
        headline_openers=_words(layout, "headline_openers", rules_dir / "layout.yaml"),
        title_case_minor_words=_words(
            layout, "title_case_minor_words", rules_dir / "layout.yaml", lower=True
        ),
        generic_byline_words=_words(layout, "generic_byline_words", rules_dir / "layout.yaml", lower=True),
        continuation_words=_words(layout, "continuation_words", rules_dir / "layout.yaml", lower=True),
        thresholds=_thresholds(layout, rules_dir / "layout.yaml"),
        line_matcher=line_matcher,
        footer_matcher=footer_matcher,
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, IngestRulesError)


def _patterns(data: dict[str, Any], key: str, path: Path, *, marker: bool) -> tuple[LinePattern, ...]:
    entries = data.get(key)
    if not isinstance(entries, list) or not entries:
        raise IngestRulesError(f"{path}: '{key}' must be a non-empty list")
    seen: set[str] = set()
    patterns = []
    for index, entry in enumerate(entries):
        where = f"{path}: {key}[{index}]"
        if not isinstance(entry, dict):
            raise IngestRulesError(f"{where}: expected a mapping with id, reason, pattern, example")
        required = ("id", "reason", "pattern", "example") + (("following_reason",) if marker else ())
        for field_name in required:
            if not isinstance(entry.get(field_name), str) or not entry[field_name].strip():
                raise IngestRulesError(f"{where} ({entry.get('id', '?')}): '{field_name}' must be a text")
        entry_id = entry["id"]
        if entry_id in seen:
            raise IngestRulesError(f"{where}: duplicate id '{entry_id}'")
        seen.add(entry_id)
        try:
            regex = re.compile(entry["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise IngestRulesError(f"{where} ({entry_id}): bad regular expression: {exc}") from exc
        if not regex.fullmatch(entry["example"]):
            raise IngestRulesError(f"{where} ({entry_id}): pattern does not match its own example")
        patterns.append(LinePattern(entry_id, entry["reason"], regex, entry.get("following_reason")))
    return tuple(patterns)


def _outlets(data: dict[str, Any], path: Path) -> dict[str, str]:
    entries = data.get("outlets")
    if not isinstance(entries, list) or not entries:
        raise IngestRulesError(f"{path}: 'outlets' must be a non-empty list")
    names: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"{path}: outlets[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise IngestRulesError(f"{where}: expected a mapping with a 'name'")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise IngestRulesError(f"{where} ({entry['name']}): 'aliases' must be a list of texts")
        for spelling in [entry["name"], *aliases]:
            key = spelling.strip().lower()
            if key in names and names[key] != entry["name"]:
                raise IngestRulesError(f"{where}: '{spelling}' already names outlet '{names[key]}'")
            names[key] = entry["name"]
    return names


def _words(data: dict[str, Any], key: str, path: Path, *, lower: bool = False) -> frozenset[str]:
    words = data.get(key)
    if not isinstance(words, list) or not words:
        raise IngestRulesError(f"{path}: '{key}' must be a non-empty list of words")
    for index, word in enumerate(words):
        if not isinstance(word, str) or not word.strip():
            raise IngestRulesError(f"{path}: {key}[{index}] must be a non-empty text, got {word!r}")
    return frozenset(w.strip().lower() if lower else w.strip() for w in words)


def _thresholds(data: dict[str, Any], path: Path) -> dict[str, float]:
    values = data.get("thresholds")
    if not isinstance(values, dict):
        raise IngestRulesError(f"{path}: 'thresholds' must be a mapping")
    thresholds = {}
    for name in THRESHOLD_NAMES:
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise IngestRulesError(f"{path}: thresholds.{name} must be a positive number, got {value!r}")
        thresholds[name] = float(value)
    unknown = set(values) - set(THRESHOLD_NAMES)
    if unknown:
        raise IngestRulesError(f"{path}: unknown thresholds {sorted(unknown)}")
    return thresholds
