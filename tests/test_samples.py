"""The bundled sample corpus: complete, well-formed, listed in its README, and as messy as it claims.

These tests read the files directly so that they do not depend on ingest, which parses the same files.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import SAMPLES_DIR, SEEDS_DIR, SHARED

ARTICLE_SUFFIXES = {".txt", ".html", ".jsonl"}
JSONL_FIELDS = ("id", "title", "text", "published", "source", "url", "author")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MONTH_NAME = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s", re.IGNORECASE
)
FOOTER_MARKERS = re.compile(r"Tags:|Comments \(\d+\)|©|\(c\)|Copyright|All rights reserved", re.IGNORECASE)
MIN_WORDS, MAX_WORDS = 150, 400
COPY_RUN_WORDS = 15


# --- helpers -------------------------------------------------------------------------------------------


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def sample(prefix: str) -> Path:
    """The sample file whose name starts with ``prefix``; fails (not skips) if it is missing."""
    matches = sorted(SAMPLES_DIR.glob(f"{prefix}*"))
    assert matches, f"no sample starting with {prefix!r} in {SAMPLES_DIR}"
    return matches[0]


def blocks(path: Path) -> list[list[str]]:
    """Blank-line separated blocks of a text file, each a list of its lines."""
    text = path.read_text(encoding="utf-8")
    return [block.splitlines() for block in re.split(r"\n\s*\n", text.strip())]


def header_lines(path: Path) -> list[str]:
    """Headline, byline and dateline: the block before the first blank line."""
    return blocks(path)[0]


def footer_lines(path: Path) -> list[str]:
    return blocks(path)[-1]


def body_text(path: Path) -> str:
    return "\n\n".join("\n".join(block) for block in blocks(path)[1:-1])


def jsonl_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sentences(text: str) -> list[str]:
    folded = " ".join(text.split())
    return [s for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", folded) if len(s.split()) >= 4]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9']+", text.lower())


def word_runs(ws: list[str], length: int = COPY_RUN_WORDS) -> list[tuple[str, ...]]:
    return [tuple(ws[i : i + length]) for i in range(len(ws) - length + 1)]


class PageParser(HTMLParser):
    """Collects what a scraper would look for in a news page: tags seen, meta fields, article text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.article_text: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        fields = dict(attrs)
        if tag == "meta" and fields.get("content"):
            key = fields.get("name") or fields.get("property")
            if key:
                self.meta[key] = fields["content"] or ""
        if tag not in {"meta", "link", "br", "img"}:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag)]

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "title":
            self.title += data
        if "article" in self._open and "aside" not in self._open and "p" in self._open:
            self.article_text.append(data)


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def readme_rows() -> dict[str, dict[str, str]]:
    """README table rows keyed by file name."""
    rows: dict[str, dict[str, str]] = {}
    for line in (SAMPLES_DIR / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) == 5 and Path(cells[0]).suffix in ARTICLE_SUFFIXES:
            name, outlet, published, events, quirks = cells
            rows[name] = {"outlet": outlet, "published": published, "events": events, "quirks": quirks}
    return rows


def article_count() -> int:
    return sum(len(jsonl_records(p)) if p.suffix == ".jsonl" else 1 for p in sample_files())


TXT_FILES = [p for p in sample_files() if p.suffix == ".txt"] if SAMPLES_DIR.is_dir() else []


# --- the corpus as a whole -----------------------------------------------------------------------------


def test_corpus_has_between_22_and_26_articles() -> None:
    assert 22 <= article_count() <= 26


def test_corpus_mixes_txt_html_and_jsonl() -> None:
    suffixes = [p.suffix for p in sample_files()]
    assert suffixes.count(".html") == 1
    assert suffixes.count(".jsonl") == 1
    assert suffixes.count(".txt") >= 18


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_every_file_is_non_empty_utf8(path: Path) -> None:
    raw = path.read_bytes()
    assert raw.strip(), f"{path.name} is empty"
    raw.decode("utf-8")


@pytest.mark.parametrize("path", TXT_FILES, ids=lambda p: p.name)
def test_every_txt_article_body_is_150_to_400_words(path: Path) -> None:
    assert MIN_WORDS <= len(words(body_text(path))) <= MAX_WORDS


@pytest.mark.parametrize("path", TXT_FILES, ids=lambda p: p.name)
def test_every_txt_article_has_a_byline_in_its_header(path: Path) -> None:
    assert any(line.startswith("By") for line in header_lines(path))


@pytest.mark.parametrize("path", TXT_FILES, ids=lambda p: p.name)
def test_every_txt_article_ends_with_scrape_boilerplate(path: Path) -> None:
    assert any(FOOTER_MARKERS.search(line) for line in footer_lines(path))


def test_datelines_come_in_many_formats() -> None:
    """Digits become 9 and letters a: the shapes of the header lines that carry a year must differ."""
    shapes = set()
    for path in TXT_FILES:
        for line in header_lines(path)[1:]:
            if YEAR.search(line) and not line.startswith("By"):
                shapes.add(re.sub(r"[A-Za-z]+", "a", re.sub(r"\d", "9", line)))
    assert len(shapes) >= 10


def test_no_text_is_copied_from_the_shared_inputs() -> None:
    """No run of fifteen words (longer than any stock phrase) from the seeds or PETR gold sentences recurs."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"{SEEDS_DIR} is missing")
    shared_texts = [p.read_text(encoding="utf-8", errors="replace") for p in SEEDS_DIR.iterdir()]
    petr = SHARED / "eval" / "petr2_gsr.jsonl"
    if petr.is_file():
        shared_texts += [json.loads(line)["text"] for line in petr.read_text(encoding="utf-8").splitlines()]
    shared_runs = {run for text in shared_texts for run in word_runs(words(text))}
    for path in sample_files():
        copied = [
            " ".join(run) for run in word_runs(words(path.read_text(encoding="utf-8"))) if run in shared_runs
        ]
        assert not copied, f"{path.name} repeats shared text: {copied[0]!r}"


# --- README --------------------------------------------------------------------------------------------


def test_readme_lists_every_file() -> None:
    listed = set(readme_rows())
    assert {p.name for p in sample_files()} <= listed


def test_readme_lists_no_missing_file() -> None:
    assert {name for name in readme_rows() if not (SAMPLES_DIR / name).is_file()} == set()


def test_readme_says_the_texts_are_our_own() -> None:
    readme = (SAMPLES_DIR / "README.md").read_text(encoding="utf-8")
    assert "written by the eventgraph authors" in readme


@pytest.mark.parametrize("name", sorted(readme_rows()))
def test_readme_row_names_events_and_quirks(name: str) -> None:
    row = readme_rows()[name]
    assert row["events"] and row["quirks"]


@pytest.mark.parametrize("path", [p for p in sample_files() if p.suffix != ".jsonl"], ids=lambda p: p.name)
def test_readme_outlet_appears_in_the_file(path: Path) -> None:
    assert readme_rows()[path.name]["outlet"] in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", TXT_FILES, ids=lambda p: p.name)
def test_readme_date_matches_the_dateline(path: Path) -> None:
    """The ISO date in the README is the one the dateline states, in whatever format it uses."""
    published = readme_rows()[path.name]["published"]
    if published == "none":
        pytest.skip("undated by design")
    day = date.fromisoformat(published)
    header = " ".join(header_lines(path))
    assert str(day.year) in header
    assert re.search(rf"(?<!\d)0?{day.day}(?!\d)", header)


def test_readme_date_of_the_html_page_matches_its_meta() -> None:
    page = sample("13_")
    assert parse_page(page).meta["article:published_time"][:10] == readme_rows()[page.name]["published"]


def test_readme_states_the_true_article_count() -> None:
    stated = re.search(r"(\d+) short news articles", (SAMPLES_DIR / "README.md").read_text(encoding="utf-8"))
    assert stated and int(stated.group(1)) == article_count()


def test_readme_dates_of_the_feed_match_its_records() -> None:
    feed = sample("22_")
    listed = [d.strip() for d in readme_rows()[feed.name]["published"].split(";")]
    assert listed == [r["published"] for r in jsonl_records(feed)]


# --- JSONL ---------------------------------------------------------------------------------------------


def test_jsonl_holds_three_articles() -> None:
    assert len(jsonl_records(sample("22_"))) == 3


@pytest.mark.parametrize("field", JSONL_FIELDS)
def test_jsonl_records_have_each_required_field_as_text(field: str) -> None:
    for record in jsonl_records(sample("22_")):
        assert isinstance(record.get(field), str) and record[field].strip(), f"{record.get('id')}: {field}"


def test_jsonl_published_fields_are_iso_dates_in_range() -> None:
    for record in jsonl_records(sample("22_")):
        assert date(2020, 1, 1) <= date.fromisoformat(record["published"]) <= date(2024, 12, 31)


def test_jsonl_ids_and_urls_are_unique() -> None:
    records = jsonl_records(sample("22_"))
    assert len({r["id"] for r in records}) == len({r["url"] for r in records}) == len(records)


def test_jsonl_texts_are_150_to_400_words() -> None:
    for record in jsonl_records(sample("22_")):
        assert MIN_WORDS <= len(words(record["text"])) <= MAX_WORDS, record["id"]


# --- HTML ----------------------------------------------------------------------------------------------


def test_html_page_has_title_nav_article_and_footer() -> None:
    page = parse_page(sample("13_"))
    assert page.title.strip()
    assert {"html", "head", "nav", "main", "article", "footer"} <= page.tags


def test_html_meta_names_author_site_and_publication_time() -> None:
    meta = parse_page(sample("13_")).meta
    assert meta["author"] and meta["og:site_name"] == "Caucasus Wire"
    assert meta["article:published_time"].startswith("2023-09-20")


def test_html_article_paragraphs_are_150_to_400_words() -> None:
    assert MIN_WORDS <= len(words(" ".join(parse_page(sample("13_")).article_text))) <= MAX_WORDS


def test_html_boilerplate_lies_outside_the_article_paragraphs() -> None:
    article = " ".join(parse_page(sample("13_")).article_text)
    assert "Subscribe" not in article and "newsletter" not in article and "Related" not in article


# --- deliberate quirks ---------------------------------------------------------------------------------


def test_undated_article_has_no_year_or_month_in_header_or_footer() -> None:
    path = sample("19_")
    for line in header_lines(path) + footer_lines(path):
        assert not YEAR.search(line), line
        assert not MONTH_NAME.search(line + " "), line


def test_every_other_txt_article_has_a_year_in_its_header() -> None:
    undated = [p.name for p in TXT_FILES if not any(YEAR.search(line) for line in header_lines(p))]
    assert undated == [sample("19_").name]


def test_reprint_pair_shares_most_sentences_but_is_not_identical() -> None:
    original, reprint = set(sentences(body_text(sample("09a_")))), set(sentences(body_text(sample("09b_"))))
    shared = original & reprint
    assert len(shared) >= 0.8 * len(original)
    assert original != reprint


def test_reprint_pair_has_different_headers_and_footers() -> None:
    original, reprint = sample("09a_"), sample("09b_")
    assert header_lines(original)[0] != header_lines(reprint)[0]
    assert footer_lines(original) != footer_lines(reprint)


def test_reprint_is_the_only_near_duplicate_in_the_corpus() -> None:
    bodies = {p.name: set(sentences(body_text(p))) for p in TXT_FILES}
    pairs = [
        (a, b)
        for a in bodies
        for b in bodies
        if a < b and len(bodies[a] & bodies[b]) >= 0.5 * min(len(bodies[a]), len(bodies[b]))
    ]
    assert pairs == [(sample("09a_").name, sample("09b_").name)]


def test_misspelled_names_are_present_and_correct_spellings_absent() -> None:
    text = sample("10_").read_text(encoding="utf-8")
    assert "Ilhom Aliyev" in text and "Nikol Pashinian" in text
    assert "Ilham Aliyev" not in text and "Pashinyan" not in text


def test_hard_wrapped_article_keeps_lines_short() -> None:
    body_lines = [line for block in blocks(sample("14_"))[1:-1] for line in block]
    assert len(body_lines) >= 25
    assert max(len(line) for line in body_lines) <= 76


def test_hard_wrapped_article_breaks_a_sentence_across_a_blank_line() -> None:
    paragraphs = blocks(sample("14_"))[1:-1]
    broken = [
        (a[-1], b[0])
        for a, b in zip(paragraphs, paragraphs[1:], strict=False)
        if not a[-1].rstrip().endswith((".", "!", "?", '"')) and b[0][:1].islower()
    ]
    assert len(broken) == 1


def test_stray_headline_sits_between_title_and_byline() -> None:
    title, stray, byline = header_lines(sample("05_"))[:3]
    assert byline.startswith("By")
    assert not stray.startswith("By") and not YEAR.search(stray) and not stray.endswith(".")


def test_stray_headline_story_is_not_in_the_body() -> None:
    stray = header_lines(sample("05_"))[1]
    body = body_text(sample("05_"))
    assert "Ukraine" in stray and "Ukraine" not in body and "Moldova" not in body


# --- what an event coder must meet -----------------------------------------------------------------------

CONSTRUCTIONS = {
    "passive": r"received military support from Turkey",
    "coordinated subject": r"The United States and the European Union urged",
    "nominal event (blockade)": r"Baku's blockade of the corridor",
    "nominal event (clashes)": r"[Cc]lashes between Armenian and Azerbaijani forces",
    "light verb (talks)": r"\bheld talks\b",
    "light verb (offensive)": r"\blaunched (?:a large-scale |an )offensive",
    "reported speech": r"Pashinyan said he had complained to Putin",
    "negation": r"Russia did not intervene",
    "modal could": r"\bEU could send\b",
    "modal should": r"Azerbaijan should withdraw",
    "conditional": r"\b[Ii]f (?:the )?talks fail",
}

RELATIVE_DATES = {
    "last week": r"\blast week\b",
    "weekday": r"\bon (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    "last month name": r"\b[Ll]ast (?:November|October|September)\b",
    "earlier this month": r"\bearlier this month\b",
    "month and day without year": r"\b(?:on )?(?:May|April|June) \d{1,2}(?!\d|,? \d{4})\b",
    "yesterday or today": r"\b(?:yesterday|today)\b",
}

TOPICS = {
    "2020 war": r"launched a large-scale offensive",
    "2020 ceasefire": r"peacekeepers",
    "Jermuk and Goris": r"Jermuk.*Goris",
    "Tajik-Kyrgyz clashes": r"Batken",
    "CSTO Yerevan summit": r"refused .* to sign the final declaration",
    "eco-activists": r"[Ee]co-activists",
    "checkpoint": r"Hakari bridge",
    "ICJ order": r"International Court of Justice",
    "EUMCAP": r"EUMCAP",
    "EUMA": r"EUMA",
    "Arlington": r"Arlington",
    "Brussels talks": r"Charles Michel",
    "Moscow meeting": r"Eurasian Economic Union",
    "exodus": r"100,000",
    "dissolution decree": r"decree",
    "ICC ratification": r"Rome Statute",
    "CSTO freeze": r"frozen its participation",
    "peacekeepers leave": r"withdrawing its peacekeeping contingent",
    "Eagle Partner": r"Eagle Partner",
    "Turkey envoys": r"special envoys",
    "Iran and Zangezur": r"Zangezur",
    "Lavrov": r"Lavrov accused",
    "Tavush": r"Tavush",
}


def corpus_text() -> str:
    parts = []
    for path in sample_files():
        if path.suffix == ".jsonl":
            parts += [r["text"] for r in jsonl_records(path)]
        else:
            parts.append(" ".join(path.read_text(encoding="utf-8").split()))
    return "\n".join(parts)


@pytest.mark.parametrize("construction", sorted(CONSTRUCTIONS))
def test_corpus_contains_construction(construction: str) -> None:
    assert re.search(CONSTRUCTIONS[construction], corpus_text())


@pytest.mark.parametrize("expression", sorted(RELATIVE_DATES))
def test_corpus_contains_relative_date(expression: str) -> None:
    assert re.search(RELATIVE_DATES[expression], corpus_text())


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_corpus_covers_topic(topic: str) -> None:
    assert re.search(TOPICS[topic], corpus_text())


def test_most_articles_carry_opinion_or_analysis() -> None:
    marker = re.compile(r"^(?:Analysis|Commentary|Comment|Opinion|Our view|Our take):", re.MULTILINE)
    opinionated = [p for p in TXT_FILES if marker.search(p.read_text(encoding="utf-8"))]
    assert len(opinionated) >= len(TXT_FILES) // 2
