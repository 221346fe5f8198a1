"""Settings, word lists and region profiles of the analysis, read from YAML in ``data/analysis``.

Every file is checked on load; a bad entry raises :class:`AnalysisError` naming the file and the entry,
so an analyst can extend the tables without reading Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.datafiles import read_yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ANALYSIS_DIR = DATA_DIR / "analysis"
PROFILES_DIR = DATA_DIR / "profiles"
PERIODS = ("week", "month", "quarter", "year")
SHIFT_MODELS = ("l1", "l2", "rbf")


class AnalysisError(Exception):
    """A problem the user can fix (bad argument, bad table, empty store); one clear line."""


@dataclass(frozen=True, slots=True)
class ShiftSettings:
    model: str
    penalty: float
    min_size: int
    min_change: float
    min_events: int = 5
    confidence: float = 0.9
    bootstrap_samples: int = 1000
    bootstrap_seed: int = 7


@dataclass(frozen=True, slots=True)
class MediationSettings:
    consult_types: tuple[str, ...]
    mediate_modes: tuple[str, ...]
    conflict_quads: tuple[int, ...]
    conflict_memory: int | None


@dataclass(frozen=True, slots=True)
class SupportSettings:
    support_types: tuple[str, ...]
    arms_cameo: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DisagreementSettings:
    window_days: int
    link_score: int
    name_similarity: float
    place_km: float
    rare_word_share: float
    vague_days: int = 7


QUESTION_KINDS = {"weight": 1, "mediation": 1, "dyad": 2, "support": 2, "disagreements": 0}


@dataclass(frozen=True, slots=True)
class Question:
    """A claim the report answers first: a question, how to answer it, and the actors it is about."""

    question: str
    kind: str
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportSettings:
    period: str
    role_period: str
    dyads: tuple[tuple[str, str], ...]
    top_dyads: int
    shift_min_events: int
    questions: tuple[Question, ...] = ()
    max_megabytes: float = 15.0


@dataclass(frozen=True, slots=True)
class Settings:
    shifts: ShiftSettings
    mediation: MediationSettings
    support: SupportSettings
    disagreements: DisagreementSettings
    layout_seed: int
    report: ReportSettings


@dataclass(frozen=True, slots=True)
class DetailWords:
    titles: tuple[str, ...]
    honorifics: tuple[str, ...]
    demonyms: tuple[str, ...]
    link_stopwords: tuple[str, ...]
    organisations: dict[str, tuple[str, ...]]
    numbers: dict[str, int]
    counted: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Region:
    """The region of a profile: its member actors and the outside powers active in it."""

    profile: str
    members: frozenset[str]
    outside_powers: frozenset[str]

    def group(self, actor: str | None) -> str:
        """``member``, ``outside power`` or ``other`` for an actor id."""
        if actor in self.members:
            return "member"
        if actor in self.outside_powers:
            return "outside power"
        return "other"


def _section(path: Path, data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise AnalysisError(f"{path}: entry {key!r} must be a mapping")
    return value


def _number(path: Path, where: str, value: Any, kind: type, minimum: float = 0) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise AnalysisError(f"{path}: {where} must be a number ≥ {minimum}, got {value!r}")
    return kind(value)


def _fraction(path: Path, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise AnalysisError(f"{path}: {where} must be a number between 0 and 1, got {value!r}")
    return float(value)


def _strings(path: Path, where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AnalysisError(f"{path}: {where} must be a list of non-empty strings")
    return tuple(value)


@lru_cache(maxsize=4)
def load_settings(path: Path = ANALYSIS_DIR / "settings.yaml") -> Settings:
    """The thresholds of ``settings.yaml`` (cached)."""
    data = read_yaml(path, AnalysisError)
    shifts = _section(path, data, "shifts")
    if shifts.get("model") not in SHIFT_MODELS:
        raise AnalysisError(f"{path}: shifts.model must be one of {', '.join(SHIFT_MODELS)}")
    mediation = _section(path, data, "mediation")
    quads = mediation.get("conflict_quads")
    if not isinstance(quads, list) or not quads or not all(q in (1, 2, 3, 4) for q in quads):
        raise AnalysisError(f"{path}: mediation.conflict_quads must list quad classes 1-4")
    memory = mediation.get("conflict_memory")
    support = _section(path, data, "support")
    links = _section(path, data, "disagreements")
    network = _section(path, data, "network")
    return Settings(
        shifts=ShiftSettings(
            model=shifts["model"],
            penalty=_number(path, "shifts.penalty", shifts.get("penalty"), float),
            min_size=_number(path, "shifts.min_size", shifts.get("min_size"), int, 1),
            min_change=_number(path, "shifts.min_change", shifts.get("min_change"), float),
            min_events=_number(path, "shifts.min_events", shifts.get("min_events"), int, 1),
            confidence=_fraction(path, "shifts.confidence", shifts.get("confidence")),
            bootstrap_samples=_number(
                path, "shifts.bootstrap_samples", shifts.get("bootstrap_samples"), int, 100
            ),
            bootstrap_seed=_number(path, "shifts.bootstrap_seed", shifts.get("bootstrap_seed"), int),
        ),
        mediation=MediationSettings(
            consult_types=_strings(path, "mediation.consult_types", mediation.get("consult_types")),
            mediate_modes=_strings(path, "mediation.mediate_modes", mediation.get("mediate_modes")),
            conflict_quads=tuple(quads),
            conflict_memory=None
            if memory is None
            else _number(path, "mediation.conflict_memory", memory, int, 0),
        ),
        support=SupportSettings(
            support_types=_strings(path, "support.support_types", support.get("support_types")),
            arms_cameo=_strings(path, "support.arms_cameo", support.get("arms_cameo")),
        ),
        disagreements=DisagreementSettings(
            window_days=_number(path, "disagreements.window_days", links.get("window_days"), int),
            link_score=_number(path, "disagreements.link_score", links.get("link_score"), int, 1),
            name_similarity=_number(
                path, "disagreements.name_similarity", links.get("name_similarity"), float
            ),
            place_km=_number(path, "disagreements.place_km", links.get("place_km"), float),
            rare_word_share=_number(
                path, "disagreements.rare_word_share", links.get("rare_word_share"), float
            ),
            vague_days=_number(path, "disagreements.vague_days", links.get("vague_days"), int),
        ),
        layout_seed=_number(path, "network.layout_seed", network.get("layout_seed"), int),
        report=_report_settings(path, _section(path, data, "report")),
    )


def _report_settings(path: Path, block: dict[str, Any]) -> ReportSettings:
    for key in ("period", "role_period"):
        if block.get(key) not in PERIODS:
            raise AnalysisError(f"{path}: report.{key} must be one of {', '.join(PERIODS)}")
    dyads = []
    for item in _strings(path, "report.dyads", block.get("dyads")):
        parts = item.split(":")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise AnalysisError(f"{path}: report.dyads entry {item!r} must read SOURCE:TARGET, e.g. ARM:RUS")
        dyads.append((parts[0].strip().upper(), parts[1].strip().upper()))
    return ReportSettings(
        period=block["period"],
        role_period=block["role_period"],
        dyads=tuple(dyads),
        top_dyads=_number(path, "report.top_dyads", block.get("top_dyads"), int),
        shift_min_events=_number(path, "report.shift_min_events", block.get("shift_min_events"), int, 1),
        max_megabytes=_number(path, "report.max_megabytes", block.get("max_megabytes", 15.0), float, 1),
        questions=tuple(_question(path, i, q) for i, q in enumerate(block.get("questions") or [])),
    )


def _question(path: Path, index: int, entry: Any) -> Question:
    where = f"report.questions[{index}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("question"), str):
        raise AnalysisError(f"{path}: {where} must be a mapping with a question text")
    kind = entry.get("kind")
    if kind not in QUESTION_KINDS:
        raise AnalysisError(f"{path}: {where} kind {kind!r}: choose one of {', '.join(QUESTION_KINDS)}")
    actors = _strings(path, f"{where}.actors", entry.get("actors") or []) if entry.get("actors") else ()
    if len(actors) < QUESTION_KINDS[kind]:
        raise AnalysisError(f"{path}: {where}: a {kind} question needs {QUESTION_KINDS[kind]} actor(s)")
    return Question(entry["question"], kind, tuple(a.upper() for a in actors))


@lru_cache(maxsize=4)
def load_detail_words(path: Path = ANALYSIS_DIR / "details.yaml") -> DetailWords:
    """The word lists of ``details.yaml`` (cached)."""
    data = read_yaml(path, AnalysisError)
    if not isinstance(data, dict):
        raise AnalysisError(f"{path}: expected a mapping of word lists")
    organisations = _section(path, data, "organisations")
    numbers = _section(path, data, "numbers")
    for word, value in numbers.items():
        _number(path, f"numbers.{word}", value, int, 1)
    return DetailWords(
        titles=_strings(path, "titles", data.get("titles")),
        honorifics=_strings(path, "honorifics", data.get("honorifics")),
        demonyms=_strings(path, "demonyms", data.get("demonyms")),
        link_stopwords=_strings(path, "link_stopwords", data.get("link_stopwords")),
        organisations={
            str(org): _strings(path, f"organisations.{org}", names) for org, names in organisations.items()
        },
        numbers={str(k).lower(): int(v) for k, v in numbers.items()},
        counted=_strings(path, "counted", data.get("counted")),
    )


@lru_cache(maxsize=8)
def load_region(profile: str = "south-caucasus") -> Region:
    """Members and outside powers: the profile's ``region:`` block, else ``data/analysis/regions.yaml``."""
    profile_path = PROFILES_DIR / f"{profile}.yaml"
    if profile_path.exists():
        data = read_yaml(profile_path, AnalysisError)
        if isinstance(data, dict) and "region" in data:
            return _region(profile_path, profile, data["region"], "region")
    fallback = ANALYSIS_DIR / "regions.yaml"
    data = read_yaml(fallback, AnalysisError)
    if not isinstance(data, dict) or profile not in data:
        known = ", ".join(sorted(data)) if isinstance(data, dict) else "none"
        raise AnalysisError(
            f"unknown profile {profile!r}: no region in {profile_path} or {fallback} ({known})"
        )
    return _region(fallback, profile, data[profile], profile)


def _region(path: Path, profile: str, block: Any, where: str) -> Region:
    if not isinstance(block, dict):
        raise AnalysisError(f"{path}: {where} must be a mapping with members and outside_powers")
    members = _strings(path, f"{where}.members", block.get("members"))
    outside = _strings(path, f"{where}.outside_powers", block.get("outside_powers"))
    both = set(members) & set(outside)
    if both:
        raise AnalysisError(f"{path}: {where}: {', '.join(sorted(both))} both member and outside power")
    return Region(profile, frozenset(a.upper() for a in members), frozenset(a.upper() for a in outside))


def check_period(period: str) -> str:
    if period not in PERIODS:
        raise AnalysisError(f"period {period!r}: choose one of {', '.join(PERIODS)}")
    return period
