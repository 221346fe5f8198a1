"""Disagreements: where documents report the same happening, the details they tell differently.

Happenings. Events of one cluster (the ``cluster_id`` of event clustering, when it has run) report
one happening. Besides, two events of *different* documents are linked when they score at least
``link_score`` points:

- actors: the same pair +2, one actor in common +1, none: never linked;
- type: the same PLOVER type +2, the same quad class +1, otherwise never linked;
- date: the same day +2, within ``window_days`` +1, further apart: never linked; one side undated,
  or dated only by a month, a year or its report ("on or before publication") −1; neither dated
  or the dates' ranges apart: never linked;
- place: the same place +2 (+1 when the dates do not agree to the day or week);
- words: two or more rare capitalised words in common that name no actor ("Eurasian Economic") +2.

Linked events form happenings (connected components), as long as the happening's dates stay within
``window_days`` of each other. Per happening, each document's version of a
detail is compared: the date (day-precision dates only: a publication date is no claim), the place,
an actor's name spelling and role, the organisations named around the event, and counts ("85
troops"). Besides, :func:`name_variants` finds an actor's name spelled two ways across the corpus
(and, given the store's mentions, a spelling that differs from the catalogue name it matched).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from eventgraph.analysis.config import DetailWords, DisagreementSettings, load_detail_words, load_settings
from eventgraph.analysis.frames import is_id, prepare_events, records
from eventgraph.analysis.sources import document_outlets, with_outlets

DETAILS = ("date", "place", "actor name", "actor role", "organisation", "count")


@dataclass(slots=True)
class Version:
    """One way of telling a detail, and who tells it that way."""

    value: str
    outlets: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Disagreement:
    happening: str
    detail: str
    versions: list[Version]
    event_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        told = "; ".join(f"“{v.value}” ({', '.join(v.outlets)})" for v in self.versions)
        return f"{self.happening} — {self.detail}: {told}"


# ------------------------------------------------------------------------------------ happenings


def _day_range(row: dict) -> tuple[date, date] | None:
    """The first and last day an event's date allows (up to the publication day for a date that is
    only the report's); None when undated."""
    if "_days" in row:
        return row["_days"]
    value = row.get("date_value")
    days = None
    if isinstance(value, str) and row.get("date_precision") == "reported":
        # Dated by its report only: it happened on or before the publication day, no more is known.
        published = pd.Timestamp(_pad(value.split("/")[-1], last=True)).date()
        days = (date.min, published)
    elif isinstance(value, str) and row.get("date_precision") is not None:
        parts = value.split("/")
        try:
            days = pd.Timestamp(_pad(parts[0])).date(), pd.Timestamp(_pad(parts[-1], last=True)).date()
        except (ValueError, TypeError):
            days = None
    row["_days"] = days
    return days


def _pad(value: str, last: bool = False) -> str:
    """A day for a month or year value: its first day, or its last day when ``last``."""
    parts = value.strip().split("-")
    if len(parts) == 3:
        return value.strip()
    p = pd.Period(value.strip(), freq="M" if len(parts) == 2 else "Y")
    return str((p.end_time if last else p.start_time).date())


def _day_gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def link_score(
    a: dict,
    b: dict,
    settings: DisagreementSettings,
    words: DetailWords | None = None,
    actor_words: dict[str, set[str]] | None = None,
) -> int | None:
    """Points for "``a`` and ``b`` report the same happening"; None when they cannot.

    ``actor_words`` (actor id → the words the corpus names it with) keeps the names of the two
    events' actors ("Aliyev", "Kremlin") from counting as shared words of an occasion.
    """
    actors_a = {x for x in (a["source_id"], a["target_id"]) if is_id(x)}
    actors_b = {x for x in (b["source_id"], b["target_id"]) if is_id(x)}
    shared = actors_a & actors_b
    if not shared:
        return None
    score = 2 if len(shared) >= 2 or actors_a == actors_b else 1
    if a["type"] == b["type"]:
        score += 2
    elif a["quad_class"] == b["quad_class"]:
        score += 1
    else:
        return None
    when = _date_points(_day_range(a), _day_range(b), settings)
    if when is None:
        return None
    score += when
    if _same_place(a, b, settings) is True:
        score += 2 if when > 0 else 1  # without dates that agree, a shared place is weaker evidence
    words = words or load_detail_words()
    common = distinctive_words(a, words) & distinctive_words(b, words)
    for actor in actors_a | actors_b:
        common -= (actor_words or {}).get(actor, set())
    if len(common) >= 2:
        score += 2  # one shared name is chance (a region, a capital); two name an occasion
    return score


def _date_points(
    days_a: tuple[date, date] | None, days_b: tuple[date, date] | None, settings: DisagreementSettings
) -> int | None:
    """+2 the same day, +1 close days, −1 when one side is undated or only a month or year; None when
    the dates are too far apart or neither side is dated (nothing then ties the two in time)."""
    if days_a is None and days_b is None:
        return None
    if days_a is None or days_b is None:
        return -1
    gap = _day_gap(days_a, days_b)
    coarse = any((d[1] - d[0]).days > 7 for d in (days_a, days_b))
    if gap > (0 if coarse else settings.window_days):
        return None
    if coarse:
        return -1
    return 2 if days_a == days_b else 1


def distinctive_words(row: dict, words: DetailWords) -> set[str]:
    """Capitalised words of the event's sentence that are not its actors' words and no title,
    nationality or calendar word: the names of places, organisations and occasions that tie two
    reports of one happening together."""
    cached = row.get("_distinctive")
    if cached is not None:
        return cached
    skip = set(words.titles) | set(words.demonyms) | set(words.honorifics) | set(words.link_stopwords)
    for prefix in ("source", "target"):
        skip |= _words(row.get(f"{prefix}_text"))
    sentence = row.get("sentence") or ""
    found = {w.removesuffix("’s").removesuffix("'s") for w in re.findall(r"\b[A-Z][\w’'-]+", sentence)}
    row["_distinctive"] = found - skip
    return row["_distinctive"]


def _words(text: object) -> set[str]:
    return set(re.findall(r"[\w-]+", text)) if isinstance(text, str) else set()


def _same_place(a: dict, b: dict, settings: DisagreementSettings) -> bool | None:
    name_a, name_b = a.get("place_name"), b.get("place_name")
    if not isinstance(name_a, str) or not isinstance(name_b, str):
        return None
    if name_a.casefold() == name_b.casefold():
        return True
    coords = [a.get("place_lat"), a.get("place_lon"), b.get("place_lat"), b.get("place_lon")]
    if all(isinstance(c, float | int) and not math.isnan(c) for c in coords):
        return _km(*coords) <= settings.place_km  # type: ignore[arg-type]
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


@dataclass(frozen=True, slots=True)
class WordRarity:
    """In how many documents each word is distinctive, out of how many documents with events: the
    whole store's counts, when the rows linked are only part of it (an incremental update)."""

    documents: dict[str, int]
    n_docs: int


def happenings(
    frame: pd.DataFrame, settings: DisagreementSettings | None = None, rarity: WordRarity | None = None
) -> pd.Series:
    """A happening id for every row of a prepared event frame (rows that link to nothing get their own).

    ``frame`` may carry ``published`` (the article's publication date): it places in time an event
    dated only by its report or not at all. Without ``rarity`` a word's rarity is counted in ``frame``.
    """
    settings = settings or load_settings().disagreements
    rows = records(frame)
    return pd.Series([f"h{root}" for root in link_rows(rows, settings, rarity)], index=frame.index)


def link_rows(
    rows: list[dict], settings: DisagreementSettings, rarity: WordRarity | None = None
) -> list[int]:
    """For every row, the index of the row that stands for its happening (union-find roots)."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Day-precision dates a happening spans: linking stops where it would stretch beyond the window,
    # so a chain of close reports cannot grow into a month of different meetings.
    when = {i: _TimeBounds.of(_day_range(row)) for i, row in enumerate(rows)}
    first_of_cluster: dict[str, int] = {}
    for i, row in enumerate(rows):  # events the clustering grouped are one happening, whatever their dates
        j = first_of_cluster.setdefault(str(row.get("cluster", row["event_id"])), i)
        if j != i and find(i) != find(j):
            root_i, root_j = find(i), find(j)
            parent[root_i] = root_j
            when[root_j] = when[root_i].join(when[root_j])
    words = load_detail_words()
    actor_words: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        distinctive_words(row, words)
        for prefix in ("source", "target"):
            if is_id(row[f"{prefix}_id"]):
                actor_words[row[f"{prefix}_id"]] |= _words(row.get(f"{prefix}_text"))
    _keep_rare_words(rows, settings.rare_word_share, rarity)
    for i, j in _candidate_pairs(rows, settings):
        root_i, root_j = find(i), find(j)
        if rows[i]["doc_id"] == rows[j]["doc_id"] or root_i == root_j:
            continue
        joined = when[root_i].join(when[root_j])
        if not joined.fits(settings.window_days):
            continue
        score = link_score(rows[i], rows[j], settings, words, actor_words)
        if score is not None and score >= settings.link_score:
            parent[root_i] = root_j
            when[root_j] = joined
    return [find(i) for i in range(len(rows))]


def _keep_rare_words(rows: list[dict], share: float, rarity: WordRarity | None = None) -> None:
    """Drop from each row's distinctive words those found in the events of many documents ("Caucasus")."""
    if rarity is None:
        documents: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for word in row["_distinctive"]:
                documents[word].add(row["doc_id"])
        rarity = WordRarity({w: len(d) for w, d in documents.items()}, len({row["doc_id"] for row in rows}))
    limit = max(2, share * rarity.n_docs)
    for row in rows:
        row["_distinctive"] = {w for w in row["_distinctive"] if rarity.documents.get(w, 1) <= limit}


@dataclass(slots=True)
class _TimeBounds:
    """When a happening can be: the span of its day-precise dates and the overlap of its vaguer ones
    (a month, a year). A chain of links may not stretch a happening beyond either."""

    first: date | None = None
    last: date | None = None
    earliest: date = date.min
    latest: date = date.max

    @classmethod
    def of(cls, days: tuple[date, date] | None) -> _TimeBounds:
        if days is None:
            return cls()
        if (days[1] - days[0]).days <= 7:
            return cls(first=days[0], last=days[1])
        return cls(earliest=days[0], latest=days[1])

    def join(self, other: _TimeBounds) -> _TimeBounds:
        firsts = [d for d in (self.first, other.first) if d is not None]
        lasts = [d for d in (self.last, other.last) if d is not None]
        return _TimeBounds(
            min(firsts) if firsts else None,
            max(lasts) if lasts else None,
            max(self.earliest, other.earliest),
            min(self.latest, other.latest),
        )

    def fits(self, window_days: int) -> bool:
        if self.earliest > self.latest:
            return False
        if self.first is None or self.last is None:
            return True
        return (
            (self.last - self.first).days <= window_days
            and self.first <= self.latest
            and self.last >= self.earliest
        )


def _candidate_pairs(rows: list[dict], settings: DisagreementSettings) -> list[tuple[int, int]]:
    """Pairs of rows that could link, found by blocking: never all pairs.

    A link needs a shared actor, the same type or quad class (the *type family*) and dates within
    ``window_days``; so rows are put in blocks keyed by (actor, type family) and compared only with the
    rows of their block whose time windows (:func:`time_window`) come within ``window_days``. A row
    whose date is not precise (a report date, a month, a year, none) can only reach ``link_score``
    with a shared place or two shared rare words, so such rows are compared only within blocks that
    add a place (its name, and a grid cell of ``place_km``) or a pair of rare words. :func:`link_score`
    then decides: blocking only chooses which pairs are scored, never their score.
    """
    blocks: dict[tuple, list[tuple[int, int, int]]] = defaultdict(list)
    vague_needs_detail = settings.link_score > VAGUE_SCORE_WITHOUT_DETAIL
    for i, row in enumerate(rows):
        window = time_window(row, settings.vague_days)
        precise = is_precise(row)
        details = ([None] if precise else []) + _detail_keys(row, settings, pair=not vague_needs_detail)
        for actor in {x for x in (row["source_id"], row["target_id"]) if is_id(x)}:
            for family in (("type", row["type"]), ("quad", row["quad_class"])):
                for detail in details:
                    blocks[(actor, family, detail)].append((window[0].toordinal(), window[1].toordinal(), i))
    pairs: set[tuple[int, int]] = set()
    reach = settings.window_days
    for members in blocks.values():
        members.sort(key=lambda m: (m[0], m[2]))
        for k, (_, end, i) in enumerate(members):
            for start, _, j in members[k + 1 :]:
                if start > end + reach:
                    break
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


# The most a pair of rows can score when one date is not precise and they share neither a place
# nor rare words: the same pair (2) and type (2), less one for the vague date.
VAGUE_SCORE_WITHOUT_DETAIL = 3


def is_precise(row: dict) -> bool:
    """A date of a week or less: such events link on their dates alone."""
    days = _day_range(row)
    return days is not None and (days[1] - days[0]).days <= 7


def _coordinate(value: object) -> bool:
    return isinstance(value, float | int) and not math.isnan(value)


def time_window(row: dict, vague_days: int) -> tuple[date, date]:
    """The days a row's happening can fall on, for blocking: its date's range; for a date that is
    only its report's, or no date, the ``vague_days`` before its article's publication; unbounded
    when nothing dates it at all (such a row is compared only within its place and word blocks)."""
    days = _day_range(row)
    published = row.get("published")
    if days is not None and days[0] == date.min:  # dated by its report: on or before publication
        return days[1] - timedelta(days=vague_days), days[1]
    if days is not None:
        return days
    if isinstance(published, date | pd.Timestamp) and not pd.isna(published):
        day = published.date() if isinstance(published, pd.Timestamp) else published
        return day - timedelta(days=vague_days), day
    if isinstance(published, str) and len(published) >= 10:
        day = date.fromisoformat(published[:10])
        return day - timedelta(days=vague_days), day
    return date.min, date.max


def _detail_keys(row: dict, settings: DisagreementSettings, pair: bool) -> list[tuple]:
    """What a row without a precise date must share with another to link: its place (name and the
    grid cells around its coordinates), a pair of its rare words, or (when ``pair``) its actor pair."""
    keys: list[tuple] = []
    place = row.get("place_name")
    if isinstance(place, str) and place:
        keys.append(("place", place.casefold()))
    lat, lon = row.get("place_lat"), row.get("place_lon")
    if _coordinate(lat) and _coordinate(lon):
        # Cells of place_km (a degree of latitude is ~111 km; longitude cells are twice as wide so that
        # places up to 60° north or south within place_km fall in neighbouring cells).
        size = settings.place_km / 111.0
        cy, cx = math.floor(lat / size), math.floor(lon / (2 * size))
        keys += [("near", cy + dy, cx + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    words = sorted(row.get("_distinctive") or ())
    keys += [("words", a, b) for k, a in enumerate(words) for b in words[k + 1 :]]
    if pair:
        keys.append(("pair", *sorted(str(x) for x in (row["source_id"], row["target_id"]) if is_id(x))))
    return keys


# ------------------------------------------------------------------------------------- details


def split_name(text: str | None, words: DetailWords) -> tuple[str, str]:
    """(role, name) of an actor's words: ``"Azerbaijani President Ilhom Aliyev"`` → (President, Ilhom Aliyev).

    Leading honorifics and nationality adjectives are dropped; the title words that follow form the
    role; the capitalised words after them are the name ("" when there is none).
    """
    if not isinstance(text, str):
        return "", ""
    tokens = re.sub(r"[’']s\b", "", text).split()
    drop = set(words.honorifics) | set(words.demonyms)
    role: list[str] = []
    i = 0
    while i < len(tokens):
        title = _title_at(tokens, i, words.titles)
        if title:
            role.append(" ".join(tokens[i : i + title]))
            i += title
        elif tokens[i] in drop:
            i += 1
        else:
            break
    name = tokens[i:]
    if not name or not all(t[:1].isupper() for t in name):
        return " ".join(role), ""
    return " ".join(role), " ".join(name)


def _title_at(tokens: list[str], i: int, titles: tuple[str, ...]) -> int:
    """How many tokens from ``i`` form the longest title, 0 when none does."""
    best = 0
    for title in titles:
        parts = title.split()
        if tokens[i : i + len(parts)] == parts:
            best = max(best, len(parts))
    return best


def _person_names(row: dict, words: DetailWords) -> list[tuple[str, str, str]]:
    """(actor id, role, name) for the source and target of an event that name a person (2+ words)."""
    out = []
    for prefix in ("source", "target"):
        actor = row.get(f"{prefix}_id")
        role, name = split_name(row.get(f"{prefix}_text"), words)
        canonical = row.get(f"{prefix}_name") or ""
        if is_id(actor) and len(name.split()) >= 2 and name.casefold() != str(canonical).casefold():
            out.append((actor, role, name))
    return out


def similar_names(a: str, b: str, threshold: float) -> bool:
    """Two spellings of one name: different, yet close overall and in the surname."""
    if a.casefold() == b.casefold():
        return False
    surname = fuzz.ratio(a.split()[-1].casefold(), b.split()[-1].casefold())
    return surname >= threshold and fuzz.ratio(a.casefold(), b.casefold()) >= threshold


def _versions(claims: list[tuple[str, dict]]) -> list[Version]:
    """Group (value, event row) claims into versions, in order of first appearance."""
    versions: dict[str, Version] = {}
    for value, row in claims:
        v = versions.setdefault(value, Version(value))
        for attr, item in (
            ("outlets", row["outlet"]),
            ("documents", row["doc_name"]),
            ("event_ids", row["event_id"]),
        ):
            if item not in getattr(v, attr):
                getattr(v, attr).append(item)
    return list(versions.values())


def _disputed(claims: list[tuple[str, dict]]) -> list[Version] | None:
    """The versions when at least two documents tell at least two different values, else None."""
    versions = _versions(claims)
    documents = {d for v in versions for d in v.documents}
    if len(versions) < 2 or len(documents) < 2:
        return None
    if all(set(v.documents) == documents for v in versions):
        return None  # every document tells every value: no document disagrees with another
    return versions


def date_claims(rows: list[dict]) -> list[tuple[str, dict]]:
    return [(r["date_value"], r) for r in rows if r.get("date_precision") == "day" and r.get("date_value")]


def place_claims(rows: list[dict], settings: DisagreementSettings) -> list[tuple[str, dict]]:
    named = [r for r in rows if isinstance(r.get("place_name"), str) and r["place_name"]]
    canonical: list[dict] = []
    claims = []
    for row in named:
        same = next((c for c in canonical if _same_place(c, row, settings)), None)
        if same is None:
            canonical.append(row)
            same = row
        label = row["place_name"] if same is row else f"{same['place_name']}"
        claims.append((label, row))
    return claims


def organisation_claims(rows: list[dict], contexts: dict[tuple[str, int], str], words: DetailWords) -> list:
    """Per document, the set of organisations named in its sentences of the happening (and neighbours)."""
    per_doc: dict[str, tuple[set[str], dict]] = {}
    for row in rows:
        text = contexts.get((row["doc_id"], int(row["sentence_index"])), row["sentence"])
        found = per_doc.setdefault(row["doc_id"], (set(), row))[0]
        found |= named_organisations(text, words)
    return [(" + ".join(sorted(orgs)), row) for orgs, row in per_doc.values() if orgs]


def named_organisations(text: str, words: DetailWords) -> set[str]:
    """Display names of the organisations ``text`` names (longest names first, no double counting)."""
    found: set[str] = set()
    spans: list[tuple[int, int]] = []
    for pattern, display in _organisation_patterns(tuple(words.organisations.items())):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            found.add(display)
    return found


@lru_cache(maxsize=8)
def _organisation_patterns(
    organisations: tuple[tuple[str, tuple[str, ...]], ...],
) -> list[tuple[re.Pattern[str], str]]:
    """One pattern per organisation name, longest names first, with the name the report shows."""
    names = sorted(((n, names[0]) for _, names in organisations for n in names), key=lambda x: -len(x[0]))
    return [(re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])"), display) for alias, display in names]


@lru_cache(maxsize=8)
def _count_pattern(numbers: tuple[str, ...], counted: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(map(re.escape, numbers))
    nouns = "|".join(map(re.escape, sorted(counted, key=len, reverse=True)))
    return re.compile(rf"\b(\d[\d,]*|{words})\s+(?:[\w.\-]+\s+){{0,2}}?({nouns})\b", re.IGNORECASE)


def count_claims(rows: list[dict], words: DetailWords) -> dict[str, list[tuple[str, dict]]]:
    """Per counted noun, the numbers each event's evidence gives it ("85 U.S. troops" → troop: 85)."""

    pattern = _count_pattern(tuple(words.numbers), words.counted)
    claims: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        for m in pattern.finditer(row["sentence"]):
            value = _count_value(m.group(1), words)
            noun = _singular(m.group(2).lower())
            if value is None or (row["doc_id"], noun, value) in seen:
                continue
            seen.add((row["doc_id"], noun, value))
            claims[noun].append((value, row))
    return claims


def _count_value(text: str, words: DetailWords) -> str | None:
    word = text.lower()
    if word in words.numbers:
        return str(words.numbers[word])
    digits = text.replace(",", "")
    return digits if digits.isdigit() else None


def _singular(noun: str) -> str:
    if noun.endswith("ves"):
        return noun[:-3] + "fe"
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def actor_claims(rows: list[dict], words: DetailWords, threshold: float) -> list[Disagreement]:
    """Name spellings and roles of the same person told differently by the happening's documents."""
    by_actor: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for row in rows:
        for actor, role, name in _person_names(row, words):
            by_actor[actor].append((role, name, row))
    found = []
    for actor, named in sorted(by_actor.items()):
        spellings = [(name, row) for _, name, row in named]
        groups = _name_groups([n for n, _ in spellings], threshold)
        for group in groups:
            versions = _disputed([(n, r) for n, r in spellings if n in group])
            if versions and len(group) > 1:
                found.append(Disagreement("", "actor name", versions))
            roles = [(role, r) for role, n, r in named if n in group and role]
            versions = _disputed(roles)
            if versions:
                who = sorted(group)[0]
                found.append(Disagreement("", f"actor role ({who}, {actor})", versions))
    return found


def _name_groups(names: list[str], threshold: float) -> list[set[str]]:
    """Names clustered by :func:`similar_names`: each name, in order of first appearance, joins the
    first group holding a spelling of it, else starts its own (identical names fall in one group).

    Similar pairs are found with one vectorised ``rapidfuzz.process.cdist`` over the distinct names,
    not a Python loop over all pairs: an actor named a thousand ways stays quick.
    """
    distinct = list(dict.fromkeys(names))
    if len(distinct) < 2:
        return [set(distinct)]
    folded = [n.casefold() for n in distinct]
    scores = process.cdist(folded, folded, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.uint8)
    groups: list[set[str]] = []
    group_of: dict[int, int] = {}
    for k, name in enumerate(distinct):
        near = [
            group_of[m] for m in np.flatnonzero(scores[k, :k]) if similar_names(name, distinct[m], threshold)
        ]
        if near:
            group_of[k] = min(near)
            groups[group_of[k]].add(name)
        else:
            group_of[k] = len(groups)
            groups.append({name})
    return groups


# ------------------------------------------------------------------------------------- entry points


def find_disagreements(
    events: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    asserted_only: bool = False,
    settings: DisagreementSettings | None = None,
    words: DetailWords | None = None,
) -> list[Disagreement]:
    """Every detail that documents reporting the same happening tell differently.

    ``sentences`` (``doc_id``, ``sentence_index``, ``text``) widens what is read for organisations to
    the sentences around each event; without it only the event's sentence is read. Modal events are
    kept by default: "X did not meet Y on May 3" still dates the meeting.
    """
    settings = settings or load_settings().disagreements
    words = words or load_detail_words()
    frame = disagreement_frame(events, documents, asserted_only)
    if frame.empty:
        return []
    contexts = _contexts(sentences)
    found = [
        d
        for rows in happening_groups(frame, settings)
        for d in told_differently(rows, contexts, settings, words)
    ]
    found.extend(
        name_variants(events, documents, asserted_only=asserted_only, words=words, settings=settings)
    )
    return _dedupe(found)


def disagreement_frame(
    events: pd.DataFrame, documents: pd.DataFrame, asserted_only: bool = False
) -> pd.DataFrame:
    """The prepared events with their outlet and their article's publication date (``published``)."""
    frame = prepare_events(with_outlets(events, documents), asserted_only)
    if "published" not in frame.columns and "published" in documents.columns:
        published = dict(zip(documents["doc_id"], documents["published"], strict=True))
        frame["published"] = frame["doc_id"].map(published)
    return frame


def happening_groups(
    frame: pd.DataFrame, settings: DisagreementSettings, rarity: WordRarity | None = None
) -> list[list[dict]]:
    """The rows of ``frame`` grouped by happening, each group in the order of its first row."""
    rows = records(frame)
    roots = link_rows([dict(r) for r in rows], settings, rarity)
    members: dict[int, list[dict]] = defaultdict(list)
    for row, root in zip(rows, roots, strict=True):
        members[root].append(row)
    return list(members.values())


def told_differently(
    rows: list[dict], contexts: dict[tuple[str, int], str], settings: DisagreementSettings, words: DetailWords
) -> list[Disagreement]:
    """What the documents reporting one happening (``rows``) tell differently; nothing for one document."""
    if len({row["doc_id"] for row in rows}) < 2:
        return []
    return _happening_disagreements(rows, contexts, settings, words)


def _happening_disagreements(
    rows: list[dict],
    contexts: dict[tuple[str, int], str],
    settings: DisagreementSettings,
    words: DetailWords,
) -> list[Disagreement]:
    label = happening_label(rows)
    ids = [row["event_id"] for row in rows]
    candidates: list[tuple[str, list[Version] | None]] = [
        ("date", _disputed(date_claims(rows))),
        ("place", _disputed(place_claims(rows, settings))),
        ("organisation", _disputed(organisation_claims(rows, contexts, words))),
    ]
    for noun, claims in sorted(count_claims(rows, words).items()):
        candidates.append((f"count ({noun})", _disputed(claims)))
    found = [Disagreement(label, detail, versions, ids) for detail, versions in candidates if versions]
    for item in actor_claims(rows, words, settings.name_similarity):
        item.happening, item.event_ids = label, ids
        found.append(item)
    return found


def happening_label(rows: list[dict]) -> str:
    """A short name for a happening: its most common dyad and type, its earliest date, its documents."""
    pairs = Counter(f"{_label(r['source_id'])}–{_label(r['target_id'])}" for r in rows)
    kind = Counter(r["type"] for r in rows).most_common(1)[0][0]
    days = [r["day"] for r in rows if not pd.isna(r["day"])]
    when = f", {min(days).date().isoformat()}" if days else ""
    documents = len({r["doc_id"] for r in rows})
    return f"{pairs.most_common(1)[0][0]} {kind}{when} ({documents} documents)"


def _label(actor: object) -> str:
    return actor if is_id(actor) else "?"  # type: ignore[return-value]


def _contexts(sentences: pd.DataFrame | None) -> dict[tuple[str, int], str]:
    """(doc, sentence) → that sentence with its neighbours, for reading organisations."""
    if sentences is None or sentences.empty:
        return {}
    out = {}
    for doc_id, group in sentences.groupby("doc_id", sort=False):
        texts = dict(zip(group["sentence_index"].astype(int), group["text"], strict=True))
        for i in texts:
            out[(doc_id, i)] = " ".join(texts[j] for j in (i - 1, i, i + 1) if j in texts)
    return out


def name_variants(
    events: pd.DataFrame,
    documents: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    asserted_only: bool = False,
    words: DetailWords | None = None,
    settings: DisagreementSettings | None = None,
) -> list[Disagreement]:
    """An actor's person named with two spellings across the corpus ("Ilhom Aliyev" / "Ilham Aliyev").

    Given the store's mentions (``doc_id``, ``actor_id``, ``text``, ``variant``), a spelling that differs
    from the catalogue variant it was matched to is also listed, the catalogue being one version.
    """
    settings = settings or load_settings().disagreements
    words = words or load_detail_words()
    frame = prepare_events(with_outlets(events, documents), asserted_only)
    found = []
    by_actor: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for row in records(frame):
        for actor, _, name in _person_names(row, words):
            by_actor[actor].append((name, row))
    for actor, spellings in sorted(by_actor.items()):
        found.extend(actor_name_variants(actor, spellings, settings))
    if mentions is not None and not mentions.empty:
        found.extend(_catalogue_variants(mentions, documents, words, settings))
    return found


def actor_name_variants(
    actor: str, spellings: list[tuple[str, dict]], settings: DisagreementSettings
) -> list[Disagreement]:
    """The names of one actor's people spelled two ways across the corpus; ``spellings`` are (name, row
    with ``outlet``, ``doc_name``, ``event_id``) in the order of the events."""
    found = []
    for group in _name_groups([n for n, _ in spellings], settings.name_similarity):
        versions = _disputed([(n, r) for n, r in spellings if n in group]) if len(group) > 1 else None
        if versions:
            ids = [i for v in versions for i in v.event_ids]
            found.append(Disagreement(f"{actor} across the corpus", "actor name", versions, ids))
    return found


def person_names(row: dict, words: DetailWords | None = None) -> list[tuple[str, str, str]]:
    """(actor id, role, name) of the people an event names as its source or target."""
    return _person_names(row, words or load_detail_words())


def _catalogue_variants(
    mentions: pd.DataFrame, documents: pd.DataFrame, words: DetailWords, settings: DisagreementSettings
) -> list[Disagreement]:
    outlet_of = document_outlets(documents)
    name_of = dict(zip(documents["doc_id"], documents["name"], strict=True))
    found = []
    for row in records(mentions):
        _, name = split_name(row.get("text"), words)
        variant = row.get("variant")
        if (
            not name
            or not isinstance(variant, str)
            or not similar_names(name, variant, settings.name_similarity)
        ):
            continue
        told = Version(name, [outlet_of.get(row["doc_id"], "?")], [name_of.get(row["doc_id"], row["doc_id"])])
        catalogue = Version(variant, ["actor catalogue"], [])
        found.append(
            Disagreement(f"{row.get('actor_id') or variant} (catalogue)", "actor name", [told, catalogue])
        )
    return found


def _dedupe(found: list[Disagreement]) -> list[Disagreement]:
    seen: set[tuple] = set()
    out = []
    for item in found:
        key = (item.detail, tuple((v.value, tuple(v.documents)) for v in item.versions))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def disagreements_frame(found: list[Disagreement]) -> pd.DataFrame:
    """The disagreements as a table: one row per disagreement, versions spelled out."""
    rows = [
        {
            "happening": d.happening,
            "detail": d.detail,
            "versions": " | ".join(f"{v.value} — {', '.join(v.outlets)}" for v in d.versions),
            "values": [v.value for v in d.versions],
            "event_ids": d.event_ids or [i for v in d.versions for i in v.event_ids],
        }
        for d in found
    ]
    return pd.DataFrame(rows, columns=["happening", "detail", "versions", "values", "event_ids"])
