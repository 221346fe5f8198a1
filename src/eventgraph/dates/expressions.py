"""Find date expressions in a sentence and resolve them against the publication date.

Each rule is a regular expression plus a resolver. All rules run over the sentence text; overlapping
matches are settled longest-first, so "20 February 2023" is one expression, not a day and a year.
spaCy DATE entities that no rule explains are parsed with dateparser as a last resort. Relative
expressions need the publication date: without it they are kept with precision "unresolved".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from eventgraph.dates import calendar as cal
from eventgraph.dates import tree
from eventgraph.dates.lexicon import DateLexicon, load_lexicon
from eventgraph.records import DateRef, EntitySpan, Sentence

logger = logging.getLogger(__name__)
FUTURE_AUXILIARIES = {"will", "'ll", "shall", "wo"}
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?![a-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?![a-z])\.?)"
)
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
WEEKDAY_PREFIX = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
YEAR_PART = (
    r"early|mid|late|the end of|the beginning of|the start of|the middle of|the first half of"
    r"|the second half of"
)
# A bare year followed by a lowercase plural counts things ("2000 troops") unless a date word precedes it.
YEAR_WORDS_BEFORE = {
    "in",
    "since",
    "of",
    "the",
    "by",
    "until",
    "before",
    "after",
    "from",
    "during",
    "mid",
    "'s",
    "’s",
}


@dataclass(slots=True)
class DateExpression:
    """A date expression in a sentence: document character offsets, its words, and what it resolves to."""

    start_char: int
    end_char: int
    text: str
    ref: DateRef


Resolver = Callable[[re.Match[str], date | None, DateLexicon, bool], DateRef | None]


# What a rule's matches hold (Rule.needs): one of these strings, in lower case.
DIGITS = tuple("0123456789")
MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAY_WORDS = ("yesterday", "today", "tomorrow", "tonight", "night", "morning", "afternoon", "evening")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    # Lower-case strings one of which every match holds: a sentence holding none is not searched.
    needs: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------------ resolvers


def _unresolved(match: re.Match[str]) -> DateRef:
    return DateRef(None, "unresolved", match.group(0))


def _month_number(match: re.Match[str]) -> int | None:
    """The month of a match; None when the word is not a capitalised month name ("may" the verb)."""
    word = match.group("month")
    if not word[0].isupper():
        return None
    return MONTHS[word[:3].lower()]


def _day(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    month = _month_number(match)
    if month is None:
        return None
    day = int(match.group("day"))
    year = match.groupdict().get("year")
    if year is not None:
        found = cal.safe_date(int(year), month, day)
        return DateRef(found.isoformat(), "day", match.group(0)) if found else None
    if not 1 <= day <= 31:
        return None
    if published is None:
        return _unresolved(match)
    if future:
        found = cal.next_day(published, month, day)
    else:
        found = cal.nearest_day(published, month, day, lexicon.future_penalty)
    return DateRef(found.isoformat(), "day", match.group(0)) if found else None


def _iso_day(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    found = cal.safe_date(int(match.group("year")), int(match.group("mon")), int(match.group("day")))
    return DateRef(found.isoformat(), "day", match.group(0)) if found else None


def _numeric_day(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    """ "7.5.2023" is day.month.year; "5/6/2023" is read only when one part cannot be a month, else
    only its year is trusted (US and European orders disagree)."""
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
    if match.group("sep") == "." or first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    elif first == second:
        day = month = first
    else:
        return DateRef(str(year), "year", match.group(0))
    found = cal.safe_date(year, month, day)
    return DateRef(found.isoformat(), "day", match.group(0)) if found else None


def _month_year(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    month = _month_number(match)
    if month is None:
        return None
    return DateRef(cal.month_value(int(match.group("year")), month), "month", match.group(0))


def _relative_month(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    month = _month_number(match)
    if month is None:
        return None
    if published is None:
        return _unresolved(match)
    rel = (match.groupdict().get("rel") or "").lower()
    if rel in {"last", "this past", "past"}:
        year, month = cal.previous_month(published, month)
    elif rel in {"next", "this coming", "coming"}:
        year, month = cal.next_month(published, month)
    elif future:
        year, month = cal.month_on_or_after(published, month)
    else:
        year, month = cal.nearest_month(published, month, lexicon.future_penalty)
    return DateRef(cal.month_value(year, month), "month", match.group(0))


def _relative_unit(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    rel = " ".join(match.group("rel").lower().split())
    if rel in {"the following", "the same"} or published is None:
        return _unresolved(match)
    step = {"last": -1, "previous": -1, "the previous": -1, "past": -1, "next": 1}.get(rel, 0)
    return _shifted(published, match.group("unit").lower(), step, match.group(0))


def _ago(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    word = match.group("num").lower()
    count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    if count is None or published is None:
        return _unresolved(match)
    unit = match.group("unit").lower()
    if unit == "day":
        return DateRef((published - timedelta(days=count)).isoformat(), "day", match.group(0))
    if unit == "decade":
        return DateRef(str(published.year - 10 * count), "year", match.group(0))
    return _shifted(published, unit, -count, match.group(0))


def _shifted(published: date, unit: str, step: int, text: str) -> DateRef:
    if unit == "week":
        return DateRef(cal.week_value(cal.week_start(published) + timedelta(weeks=step)), "week", text)
    if unit == "month":
        return DateRef(
            cal.month_value(*cal.shift_month(published.year, published.month, step)), "month", text
        )
    return DateRef(str(published.year + step), "year", text)


def _day_word(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    if published is None:
        return _unresolved(match)
    word = match.group(0).lower()
    offset = -1 if word.startswith(("yesterday", "last night")) else 1 if word.startswith("tomorrow") else 0
    return DateRef((published + timedelta(days=offset)).isoformat(), "day", match.group(0))


def _weekday(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    word = match.group("weekday")
    if not word[0].isupper():
        return None
    if published is None:
        return _unresolved(match)
    weekday = WEEKDAYS[word.lower()]
    rel = " ".join((match.group("rel") or "").lower().split())
    if rel in {"next", "this coming", "coming"} or (future and not rel):
        found = cal.weekday_after(published, weekday)
    elif rel in {"last", "this past", "past"}:
        found = cal.weekday_before(published, weekday)
    else:
        found = cal.weekday_on_or_before(published, weekday)
    return DateRef(found.isoformat(), "day", match.group(0))


def _decade(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    start = int(match.group("decade"))
    return DateRef(f"{start}/{start + 9}", "decade", match.group(0))


def _year_range(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    first, last = int(match.group("y1")), int(match.group("y2"))
    if last <= first or last - first > 100:
        return None
    return DateRef(f"{first}/{last}", "interval", match.group(0))


def _season(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    first, last = lexicon.seasons[match.group("season").lower()]
    rel = (match.group("rel") or "").lower()
    if match.group("year"):
        year = int(match.group("year"))
    elif rel in {"last", "this", "next"}:
        if published is None:
            return _unresolved(match)
        year = published.year + {"last": -1, "this": 0, "next": 1}[rel]
    else:
        return None  # "the fall of Kabul", "in spring": no anchor worth guessing
    start_year = year - 1 if first > last else year
    return DateRef(
        f"{cal.month_value(start_year, first)}/{cal.month_value(year, last)}", "interval", match.group(0)
    )


def _year_part(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    return DateRef(match.group("year"), "year", match.group(0))


def _bare_year(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    year = int(match.group("year"))
    anchor = published.year if published else date.today().year
    if year > anchor + lexicon.max_future_years:
        return None
    text, end = match.string, match.end()
    counts_things = re.match(r"\s+[a-z]+s\b", text[end:]) and not re.match(
        r"\s+(?:was|is|has|as|saw)\b", text[end:]
    )
    before = re.search(r"([\w'’.]+)\s*$", text[: match.start()])
    if before is not None and before.group(1).casefold() in lexicon.not_year_after:
        return None
    if counts_things and (before is None or before.group(1).lower() not in YEAR_WORDS_BEFORE):
        return None
    return DateRef(str(year), "year", match.group(0))


def _vague(
    match: re.Match[str], published: date | None, lexicon: DateLexicon, future: bool = False
) -> DateRef | None:
    return _unresolved(match)


# -------------------------------------------------------------------------------------------- rules

_I = re.IGNORECASE


def _rules(lexicon: DateLexicon) -> list[Rule]:
    """The rules in priority order (earlier wins a tie between equally long overlapping matches)."""
    yr = r"(?:1[89]|20)\d{2}"
    vague = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in lexicon.vague_phrases)
    seasons = "|".join(sorted(lexicon.seasons, key=len, reverse=True))
    season_names = tuple(name.lower() for name in lexicon.seasons)
    vague_words = tuple(max(phrase.lower().split(), key=len) for phrase in lexicon.vague_phrases)
    return [
        Rule(
            "iso_day",
            re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})\b"),
            _iso_day,
            needs=DIGITS,
        ),
        Rule(
            "numeric_day",
            re.compile(
                r"(?<![\w./-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})\b"
            ),
            _numeric_day,
            needs=DIGITS,
        ),
        Rule(
            "day_month_year",
            re.compile(rf"\b{WEEKDAY_PREFIX}{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b"),
            _day,
            needs=DIGITS,
        ),
        Rule(
            "month_day_year",
            re.compile(rf"\b{WEEKDAY_PREFIX}{MONTH}\s+{DAY},?\s+{YEAR}\b"),
            _day,
            needs=DIGITS,
        ),
        Rule("day_month", re.compile(rf"\b{WEEKDAY_PREFIX}{DAY}\s+(?:of\s+)?{MONTH}"), _day, needs=DIGITS),
        Rule("month_day", re.compile(rf"\b{WEEKDAY_PREFIX}{MONTH}\s+{DAY}\b(?!,?\s*\d)"), _day, needs=DIGITS),
        Rule(
            "month_year",
            re.compile(rf"\b(?:(?:{YEAR_PART})[\s-]+)?{MONTH},?\s+(?:of\s+)?{YEAR}\b", _I),
            _month_year,
            needs=DIGITS,
        ),
        Rule(
            "relative_month",
            re.compile(
                rf"\b(?:(?P<rel>last|this past|this coming|this|next|(?:{YEAR_PART}))[\s-]+"
                r"|(?<=\bin\s)|(?<=\bsince\s)"
                rf"|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bduring\s)|(?<=\bfrom\s)|(?<=\bthrough\s)){MONTH}(?!\s*\d)",
                _I,
            ),
            _relative_month,
            needs=MONTH_STEMS,
        ),
        Rule(
            "month_only",
            re.compile(
                r"(?<![\w-])(?P<month>January|February|March|April|June|July|August|September|October"
                r"|November|December)\b(?!\s*\d)"
            ),
            _relative_month,
            needs=MONTH_STEMS,
        ),
        Rule(
            "relative_unit",
            re.compile(
                r"\b(?:(?:earlier|later|early|late|mid|the end of|the beginning of|the start of)[\s-]+)?"
                r"(?P<rel>last|this|next|previous|the previous|past|the past|the current|the following"
                r"|the same)"
                r"\s+(?P<unit>week|month|year)\b",
                _I,
            ),
            _relative_unit,
            needs=("week", "month", "year"),
        ),
        Rule(
            "ago",
            re.compile(
                r"\b(?P<num>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few"
                r"|several|some|many)\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b",
                _I,
            ),
            _ago,
            needs=("ago",),
        ),
        Rule(
            "day_word",
            re.compile(
                r"\b(?:yesterday|today|tomorrow|tonight|last night|earlier today"
                r"|this (?:morning|afternoon|evening))\b",
                _I,
            ),
            _day_word,
            needs=DAY_WORDS,
        ),
        Rule(
            "weekday",
            re.compile(
                r"\b(?:(?P<rel>last|next|this past|this coming|this)\s+)?"
                r"(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur"
                r"|Sun)day)\b(?:\s+(?:morning|afternoon|evening|night))?"
            ),
            _weekday,
            needs=("day",),
        ),
        Rule(
            "decade",
            re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<decade>(?:1[89]|20)\d0)['’]?s\b", _I),
            _decade,
            needs=DIGITS,
        ),
        Rule(
            "year_range",
            re.compile(
                rf"\b(?:(?:from|between)\s+)?(?P<y1>{yr})\s*(?:-|–|—|to|and|until|through)\s*(?P<y2>{yr})\b",
                _I,
            ),
            _year_range,
            needs=DIGITS,
        ),
        Rule(
            "season",
            re.compile(
                rf"\b(?:(?P<rel>last|this|next)\s+)?(?P<season>{seasons})(?:\s+(?:of\s+)?(?P<year>{yr}))?\b",
                _I,
            ),
            _season,
            needs=season_names,
        ),
        Rule("year_part", re.compile(rf"\b(?:{YEAR_PART})[\s-]+{YEAR}\b", _I), _year_part, needs=DIGITS),
        Rule("year", re.compile(rf"(?<![\w$£€#.,/-]){YEAR}(?![\w%]|[.,]\d)"), _bare_year, needs=DIGITS),
        Rule("vague", re.compile(rf"\b(?:{vague})\b", _I), _vague, needs=vague_words),
    ]


_RULES_CACHE: dict[int, tuple[DateLexicon, list[Rule]]] = {}


def rules_for(lexicon: DateLexicon) -> list[Rule]:
    """The compiled rules for ``lexicon``; the lexicon is kept alive so its id cannot be reused."""
    key = id(lexicon)
    if key not in _RULES_CACHE:
        _RULES_CACHE[key] = (lexicon, _rules(lexicon))
    return _RULES_CACHE[key][1]


# ---------------------------------------------------------------------------------------- find_dates

DURATION = re.compile(
    r"(?:the\s+|a\s+|an\s+)?(?:\d+|a few|few|several|many|some|one|two|three|four|five|six|seven|eight"
    r"|nine|ten"
    r"|twelve|\w+-)?\s*-?\s*(?:hour|day|week|month|year|decade|century)s?(?:[\s-]long)?",
    re.IGNORECASE,
)
DATE_WORDS = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|\b(?:ago|recent|period|era|times|earlier|later|past|previous|next)\b",
    re.IGNORECASE,
)


def find_dates(sentence: Sentence, published: date | None) -> list[DateExpression]:
    """Date expressions in ``sentence``, each resolved against ``published`` (document offsets)."""
    lexicon = load_lexicon()
    found: list[tuple[int, int, int, DateRef]] = []
    published = as_date(published)
    lower = sentence.text.lower()
    for priority, rule in enumerate(rules_for(lexicon)):
        if rule.needs and not any(word in lower for word in rule.needs):
            continue
        for match in rule.pattern.finditer(sentence.text):
            future = published is not None and _future_tense(sentence, match.start(), match.end())
            ref = rule.resolve(match, published, lexicon, future)
            if ref is not None:
                found.append((match.start(), match.end(), priority, ref))
    expressions = []
    for start, end, ref in _longest_first(found):
        start, ref = _since(sentence.text, start, end, ref, published)
        expressions.append(
            DateExpression(sentence.start + start, sentence.start + end, sentence.text[start:end], ref)
        )
    expressions.extend(_from_entities(sentence, expressions, published))
    return sorted(expressions, key=lambda e: e.start_char)


def as_date(published: date | str | None) -> date | None:
    """The publication date as a ``date``: datetimes are cut to their day, ISO text is parsed, and
    anything unreadable counts as no publication date (relative expressions then stay unresolved)."""
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date) or published is None:
        return published
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        logger.warning("publication date %r is not an ISO date; relative dates stay unresolved", published)
        return None


def _future_tense(sentence: Sentence, start: int, end: int) -> bool:
    """True when the clause holding the expression speaks of the future ("will meet on Friday")."""
    indices = tree.tokens_between(sentence, sentence.start + start, sentence.start + end)
    head = tree.span_head(sentence, indices)
    if head is None:
        return False
    clause = tree.clause_head(sentence, head)
    return any(
        t.head == clause and t.dep == "aux" and t.text.lower() in FUTURE_AUXILIARIES for t in sentence.tokens
    )


def _longest_first(found: list[tuple[int, int, int, DateRef]]) -> list[tuple[int, int, DateRef]]:
    chosen: list[tuple[int, int, DateRef]] = []
    for start, end, _, ref in sorted(found, key=lambda f: (f[0] - f[1], f[2], f[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, ref))
    return chosen


def _since(text: str, start: int, end: int, ref: DateRef, published: date | None) -> tuple[int, DateRef]:
    """ "since 2018" runs from 2018 to publication: widen the expression and make it an interval."""
    lead = re.search(r"\bsince\s+$", text[:start], re.IGNORECASE)
    if lead is None:
        return start, ref
    words = text[lead.start() : end]
    if ref.value is None or published is None:
        return lead.start(), DateRef(ref.value, ref.precision, words)
    first = ref.value.split("/")[0]
    return lead.start(), DateRef(f"{first}/{published.isoformat()}", "interval", words)


def _from_entities(
    sentence: Sentence, known: list[DateExpression], published: date | None
) -> list[DateExpression]:
    """spaCy DATE entities no rule explained: durations dropped, the rest parsed or kept unresolved."""
    extra = []
    for entity in sentence.entities:
        if entity.label != "DATE" or any(
            entity.start_char < e.end_char and e.start_char < entity.end_char for e in known
        ):
            continue
        ref = _entity_ref(entity, published)
        if ref is not None:
            extra.append(DateExpression(entity.start_char, entity.end_char, entity.text, ref))
    return extra


def _entity_ref(entity: EntitySpan, published: date | None) -> DateRef | None:
    text = entity.text
    if DURATION.fullmatch(text.strip()) or not DATE_WORDS.search(text):
        return None
    if published is not None and re.search(r"\d|[A-Z][a-z]+", text):
        parsed = _dateparser_ref(text, published)
        if parsed is not None:
            return parsed
    return DateRef(None, "unresolved", text)


def warm_up() -> None:
    """Load dateparser's language data now: its first parse takes a tenth of a second."""
    _dateparser_ref("1 March 2020", date(2020, 3, 2))


def _dateparser_ref(text: str, published: date) -> DateRef | None:
    """Last resort for formats the rules miss; only day, month and year readings are trusted."""
    found = _dateparser_reading(text, published)
    return None if found is None else DateRef(found[0], found[1], text)


@lru_cache(maxsize=4096)  # the same few spellings recur across a corpus ("Feb. 24", "early 2022")
def _dateparser_reading(text: str, published: date) -> tuple[str, str] | None:
    """``(value, precision)`` of dateparser's reading of ``text``, or None."""
    from dateparser.date import DateDataParser

    base = datetime(published.year, published.month, published.day)
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    data = parser.get_date_data(text)
    if data.date_obj is None or data.period not in {"day", "month", "year"}:
        return None
    # dateparser fills a missing day or year from the base date: only trust parts the text names.
    if data.period == "day" and not re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", text):
        return None
    found = data.date_obj.date()
    value = {
        "day": found.isoformat(),
        "month": cal.month_value(found.year, found.month),
        "year": str(found.year),
    }
    return value[data.period], data.period
