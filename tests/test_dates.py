"""The dates stage: date expressions resolved against the publication date, and the date of an event."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from eventgraph.dates import DateExpression, DateLexiconError, event_date, find_dates, load_lexicon
from eventgraph.nlp import Annotator
from eventgraph.places import Gazetteer
from eventgraph.records import Document, Sentence, content_hash
from tests.conftest import GOLD_FILE, seed_path


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    return Annotator(Gazetteer.load("south-caucasus").entity_patterns())


@pytest.fixture(scope="session")
def parse(annotator: Annotator):
    def parse_text(text: str) -> list[Sentence]:
        document = Document(doc_id=content_hash(text), name="t", text=text, original_text=text)
        return annotator.annotate_one(document).sentences

    return parse_text


@pytest.fixture(scope="session")
def one(parse):
    def first_sentence(text: str) -> Sentence:
        return parse(text)[0]

    return first_sentence


def dates_in(one, text: str, published: date | None) -> list[DateExpression]:
    return find_dates(one(text), published)


def only(one, text: str, published: date | None) -> DateExpression:
    found = dates_in(one, text, published)
    assert len(found) == 1, found
    return found[0]


def token(sentence: Sentence, word: str) -> int:
    return next(t.i for t in sentence.tokens if t.text == word)


def whole(sentence: Sentence) -> tuple[int, int]:
    return sentence.start, sentence.end


# ------------------------------------------------------------------------------------ week and day

SUNDAY = date(2023, 5, 7)


def test_last_week_is_the_previous_sunday_to_saturday_week(one):
    found = only(one, "Blinken hosted talks between the foreign ministers last week.", SUNDAY)
    assert (found.ref.value, found.ref.precision) == ("2023-04-30/2023-05-06", "week")
    assert found.text == "last week"


def test_last_week_from_midweek_is_the_same_calendar_week(one):
    found = only(one, "Blinken hosted talks last week.", date(2023, 5, 10))
    assert found.ref.value == "2023-04-30/2023-05-06"


def test_this_week_is_the_week_of_publication(one):
    found = only(one, "The ministers meet again this week.", date(2023, 5, 10))
    assert (found.ref.value, found.ref.precision) == ("2023-05-07/2023-05-13", "week")


def test_on_monday_is_the_latest_monday_on_or_before_publication(one):
    found = only(one, "Russia on Monday accused the United States of undermining it.", date(2023, 5, 24))
    assert (found.ref.value, found.ref.precision, found.text) == ("2023-05-22", "day", "Monday")


def test_monday_published_on_a_monday_is_that_day(one):
    assert only(one, "Russia on Monday accused the West.", date(2023, 5, 22)).ref.value == "2023-05-22"


def test_yesterday_and_today(one):
    found = dates_in(one, "Baku protested yesterday and Yerevan replied today.", date(2023, 5, 24))
    assert [(d.text, d.ref.value) for d in found] == [("yesterday", "2023-05-23"), ("today", "2023-05-24")]


# ----------------------------------------------------------------------------- explicit full dates


def test_day_month_year(one):
    found = only(one, "The mission was deployed on 20 February 2023.", date(2023, 5, 24))
    assert (found.ref.value, found.ref.precision, found.text) == ("2023-02-20", "day", "20 February 2023")


def test_iso_date(one):
    assert only(one, "The mission was deployed on 2023-02-20.", None).ref.value == "2023-02-20"


def test_month_day_year(one):
    assert only(one, "The offensive began on September 19, 2023.", None).ref.value == "2023-09-19"


def test_full_dates_resolve_without_a_publication_date(one):
    found = dates_in(one, "Talks on 20 February 2023 followed the summit of 2023-02-13.", None)
    assert [(d.ref.value, d.ref.precision) for d in found] == [("2023-02-20", "day"), ("2023-02-13", "day")]


# ----------------------------------------------------------------------------- dates without year


def test_month_day_without_year_takes_the_publication_year(one):
    found = only(one, "Pashinyan and Aliyev met in Moscow on May 24.", date(2023, 5, 27))
    assert (found.ref.value, found.ref.precision, found.text) == ("2023-05-24", "day", "May 24")


def test_month_day_just_before_new_year_belongs_to_the_previous_year(one):
    assert only(one, "The blockade tightened on December 28.", date(2023, 1, 5)).ref.value == "2022-12-28"


def test_month_day_shortly_after_publication_stays_in_the_future(one):
    assert only(one, "The ministers will meet on June 2.", date(2023, 5, 27)).ref.value == "2023-06-02"


def test_on_february_20_keeps_the_date_words_as_expression(one):
    found = only(one, "On February 20, the EU deployed an expanded monitoring mission.", date(2023, 5, 24))
    assert (found.ref.value, found.text) == ("2023-02-20", "February 20")


def test_day_month_without_year(one):
    assert only(one, "Azerbaijan attacked on 19 September.", date(2023, 9, 20)).ref.value == "2023-09-19"


def test_month_day_without_publication_date_is_unresolved_but_kept(one):
    found = only(one, "Pashinyan and Aliyev met in Moscow on May 24.", None)
    assert (found.ref.value, found.ref.precision, found.text) == (None, "unresolved", "May 24")


# ---------------------------------------------------------------------------------------- months


def test_last_november_is_the_previous_november(one):
    found = only(one, "Last November, Pashinyan refused to sign the declaration.", date(2023, 5, 10))
    assert (found.ref.value, found.ref.precision) == ("2022-11", "month")


def test_last_september(one):
    found = only(one, "Azerbaijan attacked targets in Armenia again last September.", date(2023, 5, 10))
    assert (found.ref.value, found.text) == ("2022-09", "last September")


def test_last_month_across_the_year_boundary(one):
    found = only(one, "Baku closed the road last month.", date(2023, 1, 10))
    assert (found.ref.value, found.ref.precision) == ("2022-12", "month")


def test_in_month_takes_the_nearest_past_occurrence(one):
    assert only(one, "Protests began in November.", date(2023, 5, 10)).ref.value == "2022-11"


def test_month_and_year(one):
    found = only(one, "The summit took place in November 2022.", None)
    assert (found.ref.value, found.ref.precision) == ("2022-11", "month")


def test_may_the_verb_is_not_a_month(one):
    assert dates_in(one, "Armenia may sign the treaty, and Azerbaijan may agree.", date(2023, 5, 10)) == []


# ----------------------------------------------------------------------------------------- years


def test_earlier_this_year(one):
    found = only(one, "Peace talks earlier this year led nowhere.", date(2023, 9, 20))
    assert (found.ref.value, found.ref.precision, found.text) == ("2023", "year", "earlier this year")


def test_this_year_and_last_year(one):
    found = dates_in(one, "Trade grew this year after falling last year.", date(2023, 9, 20))
    assert [d.ref.value for d in found] == ["2023", "2022"]


@pytest.mark.parametrize("year", ["2020", "1991"])
def test_in_a_year_resolves_without_a_publication_date(one, year):
    found = only(one, f"The war broke out in {year}.", None)
    assert (found.ref.value, found.ref.precision, found.text) == (year, "year", year)


def test_since_a_year_runs_to_publication(one):
    found = only(one, "Armenia has changed since 2018.", date(2023, 9, 20))
    assert (found.ref.value, found.ref.precision, found.text) == ("2018/2023-09-20", "interval", "since 2018")


def test_the_1990s_is_a_decade_not_a_time_of_day(one):
    found = only(one, "The conflict dates back to the 1990s.", date(2023, 9, 20))
    assert (found.ref.value, found.ref.precision, found.text) == ("1990/1999", "decade", "the 1990s")


def test_year_range(one):
    found = only(one, "The first war lasted from 1988 to 1994.", None)
    assert (found.ref.value, found.ref.precision) == ("1988/1994", "interval")


# ------------------------------------------------------------------------------ vague and non-dates


def test_in_recent_months_is_kept_unresolved(one):
    found = only(one, "Tension has grown in recent months.", date(2023, 9, 20))
    assert (found.ref.value, found.ref.precision, found.text) == (None, "unresolved", "in recent months")


def test_days_after_is_kept_unresolved(one):
    found = only(one, "Days after the ceasefire, shelling resumed.", date(2023, 9, 20))
    assert (found.ref.value, found.ref.precision) == (None, "unresolved")
    assert found.text.lower() == "days after"


def test_relative_expressions_without_publication_date_stay_unresolved(one):
    found = dates_in(one, "They met yesterday, last week and last month, and again on Monday.", None)
    assert [d.text for d in found] == ["yesterday", "last week", "last month", "Monday"]
    assert {(d.ref.value, d.ref.precision) for d in found} == {(None, "unresolved")}


@pytest.mark.parametrize(
    "text",
    [
        "The ensuing conflict claimed around 30,000 lives.",
        "85 U.S. troops are carrying out joint drills with Armenian forces.",
        "Blinken spoke after 4 days of negotiations.",
        "Some 2000 troops crossed the line.",
    ],
)
def test_numbers_that_are_not_dates_are_ignored(one, text):
    assert dates_in(one, text, date(2023, 9, 20)) == []


def test_offsets_are_document_offsets(parse):
    text = "Armenia protested. Azerbaijan attacked on 19 September 2023 near Sotk."
    second = parse(text)[1]
    found = find_dates(second, None)[0]
    assert text[found.start_char : found.end_char] == found.text == "19 September 2023"


# ------------------------------------------------------------------------------------- event_date


def test_event_date_prefers_the_date_attached_to_the_trigger(one):
    sentence = one("After the 2020 war, Azerbaijan attacked Armenia last September.")
    ref = event_date(sentence, date(2023, 5, 10), whole(sentence), token(sentence, "attacked"))
    assert (ref.value, ref.expression) == ("2022-09", "last September")


def test_event_date_of_a_when_clause(one):
    sentence = one("When the Soviet Union collapsed in 1991, separatists broke away from Azerbaijan.")
    start = sentence.text.index("separatists")
    span = (sentence.start + start, sentence.end)
    assert event_date(sentence, date(2023, 5, 24), span, token(sentence, "broke")).value == "1991"


def test_event_date_of_a_noun_modified_by_the_trigger_clause(one):
    sentence = one("Since the 2020 war fought by Azerbaijan against Armenia, peacekeepers have patrolled it.")
    ref = event_date(sentence, date(2023, 5, 7), whole(sentence), token(sentence, "fought"))
    assert ref.value == "2020"


def test_event_date_ignores_a_date_of_another_clause_outside_the_span(one):
    sentence = one("Azerbaijan attacked Armenia, which had signed a ceasefire in 2020.")
    span = (sentence.start, sentence.start + len("Azerbaijan attacked Armenia"))
    ref = event_date(sentence, date(2023, 5, 10), span, token(sentence, "attacked"))
    assert (ref.value, ref.precision, ref.expression) == ("2023-05-10", "reported", None)


def test_event_date_falls_back_to_publication_date(one):
    sentence = one("Azerbaijan blamed Armenian separatists for the deaths.")
    ref = event_date(sentence, date(2023, 9, 19), whole(sentence), token(sentence, "blamed"))
    assert (ref.value, ref.precision) == ("2023-09-19", "reported")


def test_event_date_without_any_anchor_is_unresolved(one):
    sentence = one("Azerbaijan blamed Armenian separatists for the deaths.")
    ref = event_date(sentence, None, whole(sentence), None)
    assert (ref.value, ref.precision, ref.expression) == (None, "unresolved", None)


def test_event_date_without_trigger_uses_the_span(one):
    sentence = one("Russia on Monday accused the United States and European Union of undermining security.")
    assert event_date(sentence, date(2023, 5, 24), whole(sentence)).value == "2023-05-22"


# ----------------------------------------------------------------------------------- seed articles


def seed_sentence(parse, prefix: str, quote: str) -> tuple[Sentence, tuple[int, int]]:
    text = Path(seed_path(prefix)).read_text(encoding="utf-8")
    match = re.search(r"\s+".join(re.escape(w) for w in quote.split()), text)
    assert match, f"quote not in seed {prefix}: {quote}"
    sentences = parse(text)
    sentence = next(s for s in sentences if s.start <= match.start() < s.end)
    return sentence, (match.start(), match.end())


def test_seed_000_blinken_talks_last_week(parse):
    # The article's header dates it 7 May 2023, a Sunday.
    sentence, span = seed_sentence(parse, "000", "Blinken hosted talks between the Armenian and Azerbaijani")
    ref = event_date(sentence, SUNDAY, span, token(sentence, "hosted"))
    assert (ref.value, ref.precision) == ("2023-04-30/2023-05-06", "week")


def test_seed_001_csto_summit_last_november(parse):
    sentence, span = seed_sentence(parse, "001", "at the CSTO summit in Yerevan, capital of Armenia")
    assert event_date(sentence, date(2023, 5, 10), span, token(sentence, "asked")).value == "2022-11"


def test_seed_001_invasion_in_2020(parse):
    sentence, span = seed_sentence(parse, "001", "when Azerbaijan, with strong military assistance")
    assert event_date(sentence, date(2023, 5, 10), span, token(sentence, "invaded")).value == "2020"


def test_seed_003_separatists_broke_away_in_1991(parse):
    sentence, span = seed_sentence(parse, "003", "ethnic Armenian separatists in Karabakh broke away")
    assert event_date(sentence, date(2023, 5, 24), span, token(sentence, "broke")).value == "1991"


def test_seed_003_february_20_deployment(parse):
    sentence, span = seed_sentence(parse, "003", "On February 20, the EU deployed an expanded monitoring")
    assert event_date(sentence, date(2023, 5, 24), span, token(sentence, "deployed")).value == "2023-02-20"


def test_seed_004_numbers_are_not_dates(parse):
    sentence, _ = seed_sentence(parse, "004", "85 U.S. troops are carrying out joint drills")
    assert all("85" not in d.text for d in find_dates(sentence, date(2023, 9, 19)))


# -------------------------------------------------------------------------------------- vocabulary


def test_malformed_vocabulary_names_file_and_entry(tmp_path):
    bad = tmp_path / "relative.yaml"
    bad.write_text("future_penalty: 2\nmax_future_years: 10\nvague_phrases: [x]\nseasons: {summer: [6]}\n")
    with pytest.raises(DateLexiconError, match=r"relative\.yaml.*season 'summer'"):
        load_lexicon(bad)


def test_shipped_vocabulary_loads():
    assert "in recent months" in load_lexicon().vague_phrases


# --------------------------------------------------------------------------- future, seasons, "ago"


def test_weekday_in_a_future_clause_is_the_coming_one(one):
    found = only(one, "The foreign ministers will meet on Friday.", date(2023, 5, 24))
    assert found.ref.value == "2023-05-26"


def test_month_day_in_a_future_clause_is_the_coming_one(one):
    assert only(one, "Armenia will hold talks on May 2.", date(2023, 5, 27)).ref.value == "2024-05-02"


def test_next_month_name(one):
    assert only(one, "Elections are due next March.", date(2023, 5, 27)).ref.value == "2024-03"


def test_last_summer_is_an_interval_of_months(one):
    found = only(one, "The road was closed last summer.", date(2023, 5, 27))
    assert (found.ref.value, found.ref.precision) == ("2022-06/2022-08", "interval")


def test_winter_of_a_year_starts_the_december_before(one):
    assert only(one, "Shelling resumed in the winter of 2023.", None).ref.value == "2022-12/2023-02"


def test_the_fall_of_a_city_is_not_a_season(one):
    assert dates_in(one, "The fall of Shusha shocked Yerevan.", date(2023, 5, 27)) == []


def test_years_ago(one):
    found = only(one, "The war ended three years ago.", date(2023, 9, 20))
    assert (found.ref.value, found.ref.precision) == ("2020", "year")


def test_mid_year(one):
    found = only(one, "Talks stalled in mid-2022.", None)
    assert (found.ref.value, found.ref.precision) == ("2022", "year")


# ----------------------------------------------------------------------------------------- bad input


def test_a_datetime_publication_date_counts_as_its_day(one):
    from datetime import datetime

    found = only(one, "Baku protested yesterday.", datetime(2023, 5, 24, 18, 30))
    assert found.ref.value == "2023-05-23"


def test_unreadable_publication_date_counts_as_missing(one):
    sentence = one("Baku protested yesterday.")
    ref = event_date(sentence, "sometime in May", whole(sentence), None)
    assert (ref.value, ref.precision, ref.expression) == (None, "unresolved", "yesterday")


def test_empty_sentence_and_out_of_range_trigger(one):
    empty = Sentence(doc_id="x", index=0, start=0, end=0, text="")
    assert event_date(empty, date(2023, 5, 24), (0, 0), 7).precision == "reported"
    sentence = one("Azerbaijan attacked in 2020.")
    assert event_date(sentence, None, (10**6, 10**6 + 5), 99).value == "2020"


# ---------------------------------------------------------------------------------- gold seed events

# The only seed whose text carries its publication date (its header reads "7 May 2023").
SEED_PUBLISHED = {"000": date(2023, 5, 7)}


@pytest.fixture(scope="module")
def seed_sentences(parse):
    cache: dict[str, list[Sentence]] = {}

    def sentences(name: str) -> tuple[str, list[Sentence]]:
        text = Path(seed_path(name[:3])).read_text(encoding="utf-8")
        if name not in cache:
            cache[name] = parse(text)
        return text, cache[name]

    return sentences


def test_gold_dates_are_right_or_honestly_unknown(seed_sentences):
    """Every gold date is found, or left unknown for want of a publication date; none is wrong."""
    if not GOLD_FILE.is_file():
        pytest.skip(f"{GOLD_FILE} is missing")
    rows = [json.loads(line) for line in GOLD_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("date")]
    right, wrong = 0, []
    for row in rows:
        text, sentences = seed_sentences(row["doc"])
        match = re.search(r"\s+".join(re.escape(w) for w in row["quote"].split()), text)
        sentence = next(s for s in sentences if s.start <= match.start() < s.end)
        ref = event_date(sentence, SEED_PUBLISHED.get(row["doc"][:3]), (match.start(), match.end()))
        if ref.value == row["date"]:
            right += 1
        elif ref.precision not in {"unresolved", "reported"}:
            wrong.append((row["quote"], row["date"], ref))
    assert wrong == []
    assert right >= 0.75 * len(rows), f"{right}/{len(rows)} gold dates found"


def test_a_numbered_resolution_is_not_a_year(one):
    assert dates_in(one, "The council adopted Resolution 2020 unanimously.", date(2023, 9, 20)) == []


def test_dotted_numeric_date_is_day_month_year(one):
    assert only(one, "The article appeared on 07.05.2023.", None).ref.value == "2023-05-07"


def test_ambiguous_slashed_date_keeps_only_its_year(one):
    found = only(one, "The statement is dated 5/6/2023.", None)
    assert (found.ref.value, found.ref.precision) == ("2023", "year")


def test_unambiguous_slashed_date(one):
    assert only(one, "The statement is dated 9/19/2023.", None).ref.value == "2023-09-19"


def test_abbreviated_month_and_ordinal_day(one):
    found = dates_in(
        one, "The offensive began on Sept. 19 and ended on the 20th of September.", date(2023, 9, 25)
    )
    assert [d.ref.value for d in found] == ["2023-09-19", "2023-09-20"]


# ------------------------------------------------------------------------- carried from the sentence before


def test_at_the_same_time_takes_the_previous_sentences_date(parse):
    from eventgraph.dates import carried_date

    published = date(2023, 2, 1)
    first, second = parse(
        "Azerbaijan attacked targets in Armenia last September. "
        "At the same time, clashes broke out on the border between Tajikistan and Kyrgyzstan."
    )
    carried = carried_date(second, first, published)
    assert carried is not None and carried.value == "2022-09"
    trigger = token(second, "clashes")
    assert event_date(second, published, whole(second), trigger, carried).value == "2022-09"


def test_a_sentence_without_a_same_time_opener_keeps_the_publication_date(parse):
    from eventgraph.dates import carried_date

    published = date(2023, 2, 1)
    first, second = parse(
        "Azerbaijan attacked targets in Armenia last September. Clashes broke out on the Tajik border."
    )
    assert carried_date(second, first, published) is None
    assert event_date(second, published, whole(second), token(second, "Clashes")).precision == "reported"


def test_a_date_of_its_own_beats_the_carried_one(parse):
    from eventgraph.dates import carried_date

    published = date(2023, 2, 1)
    first, second = parse("Talks began last September. Meanwhile, fighting resumed in January.")
    carried = carried_date(second, first, published)
    assert event_date(second, published, whole(second), token(second, "fighting"), carried).value == "2023-01"
