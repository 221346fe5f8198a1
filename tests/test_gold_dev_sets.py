"""The hand-annotated dev sets (actor phrases, claims) are well-formed and quote their sources verbatim.

Why: a dev set is only a yardstick if every row names real codes and real words. A typo in a
sector, a country code that does not exist, or a quote that drifted from its article would
silently lower (or raise) every score computed on it.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pycountry
import pytest

from tests.conftest import REPO_ROOT, SAMPLES_DIR, SHARED

DATA = REPO_ROOT / "src" / "eventgraph" / "data"
ACTORS_GOLD = DATA / "actors_gold" / "actors.dev.jsonl"
CLAIMS_GOLD = DATA / "claims_gold" / "claims.dev.jsonl"
CORPUS = SHARED / "corpora" / "ukraine-media.jsonl"
PLOVER_MANUAL = SHARED / "ontology" / "PLOVER_MANUAL.tex"
ORGANISATIONS = DATA / "actors" / "organisations.yaml"

# PLOVER's own code for Kosovo, which has no ISO 3166 alpha-3 code.
NON_ISO_COUNTRIES = {"KOS"}


def fold(text: str) -> str:
    """Whitespace folded to single spaces, as the gold files quote it."""
    return re.sub(r"\s+", " ", text).strip()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def plover_codes() -> set[str]:
    """Sector codes and international non-state codes, read from the chapter of the PLOVER manual."""
    if not PLOVER_MANUAL.is_file():
        pytest.skip(f"{PLOVER_MANUAL} is missing")
    tex = PLOVER_MANUAL.read_text(encoding="utf-8")
    chapter = tex.split(r"\chapter{Country Names and Sector Codes}")[1].split(r"\chapter{Data Fields}")[0]
    return set(re.findall(r"^\s*([A-Z]{3})\s*&", chapter, flags=re.MULTILINE))


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    """Folded text of every corpus record that either gold file cites."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is missing")
    wanted = {row["doc"] for path in (ACTORS_GOLD, CLAIMS_GOLD) if path.is_file() for row in read_jsonl(path)}
    texts: dict[str, str] = {}
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            head = line[:60]
            if any(doc in head for doc in wanted):
                record = json.loads(line)
                texts[record["id"]] = fold(record.get("text") or "")
    return texts


def is_country(code: str) -> bool:
    return code in NON_ISO_COUNTRIES or pycountry.countries.get(alpha_3=code) is not None


def test_the_manual_yields_the_sector_table(plover_codes):
    """The parse above must find the table, or every sector check below would pass vacuously."""
    assert {"GOV", "MIL", "REB", "COP", "SPY", "JRN", "ELI", "PRE", "IGO", "NGO"} <= plover_codes


# ------------------------------------------------------------------------------------------ actors

ACTOR_FIELDS = {"doc", "text", "context", "date", "country", "sector", "secondary"}
ACTOR_OPTIONAL = {"id", "note"}


def test_actor_rows_have_known_fields_codes_and_verbatim_quotes(plover_codes, corpus_texts):
    rows = read_jsonl(ACTORS_GOLD)
    assert len(rows) >= 150
    problems = []
    for number, row in enumerate(rows, 1):
        where = f"{ACTORS_GOLD.name}:{number} {row.get('text')!r}"
        keys = set(row)
        if not keys >= ACTOR_FIELDS or keys - ACTOR_FIELDS - ACTOR_OPTIONAL:
            problems.append(f"{where}: fields {sorted(keys)}")
            continue
        if row["country"] is not None and not is_country(row["country"]):
            problems.append(f"{where}: unknown country {row['country']}")
        if row["country"] is None and not row.get("id"):
            problems.append(f"{where}: an actor without a country needs a catalogue id")
        for code in [row["sector"], *row["secondary"]]:
            if code not in plover_codes:
                problems.append(f"{where}: unknown sector {code}")
        if row["sector"] in row["secondary"]:
            problems.append(f"{where}: primary sector repeated among the secondary ones")
        if row["date"] is not None:
            date.fromisoformat(row["date"])
        if row["text"] not in row["context"]:
            problems.append(f"{where}: the phrase is not in its context")
        source = corpus_texts.get(row["doc"])
        if source is None:
            problems.append(f"{where}: no corpus record {row['doc']}")
        elif fold(row["context"]) not in source:
            problems.append(f"{where}: context not verbatim in {row['doc']}")
        if len(row["context"]) > 300:
            problems.append(f"{where}: context longer than a short sentence")
    assert not problems, "\n".join(problems)


def test_actor_set_is_international_enough():
    """At most a quarter of the phrases are Russian, Ukrainian or American: the set measures the world."""
    rows = read_jsonl(ACTORS_GOLD)
    big_three = sum(row["country"] in {"RUS", "UKR", "USA"} for row in rows)
    assert big_three / len(rows) <= 0.25
    assert len({row["country"] for row in rows}) >= 30


# ------------------------------------------------------------------------------------------ claims

CLAIM_FIELDS = {
    "doc",
    "quote",
    "speaker",
    "speaker_person",
    "verb",
    "form",
    "proposition",
    "about",
    "contested_by",
    "optional",
}
FORMS = {"direct", "partial", "indirect", "paraphrase"}


def catalogue_ids() -> set[str]:
    """Ids of the organisations and regional non-state actors known to the catalogue files."""
    files = [ORGANISATIONS, *sorted((DATA / "profiles").glob("*.yaml"))]
    return {key for path in files for key in re.findall(r"^  ([A-Z][A-Z0-9_]+):", path.read_text(), re.M)}


def sample_text(name: str) -> str:
    """Folded text of a sample article: a file name, or ``file.jsonl/record-id`` for a feed record."""
    if "/" in name:
        file_name, record_id = name.split("/", 1)
        for record in read_jsonl(SAMPLES_DIR / file_name):
            if record["id"] == record_id:
                return fold(record["text"])
        raise KeyError(name)
    raw = (SAMPLES_DIR / name).read_text(encoding="utf-8")
    if name.endswith(".html"):
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return fold(raw)


def test_claim_rows_have_known_fields_ids_and_verbatim_quotes(corpus_texts):
    rows = read_jsonl(CLAIMS_GOLD)
    assert len(rows) >= 60
    known = catalogue_ids()
    problems = []

    def check_id(where: str, actor: str | None) -> None:
        if actor is not None and not is_country(actor) and actor not in known:
            problems.append(f"{where}: unknown actor id {actor}")

    for number, row in enumerate(rows, 1):
        where = f"{CLAIMS_GOLD.name}:{number}"
        keys = set(row)
        if not keys >= CLAIM_FIELDS or keys - CLAIM_FIELDS - {"note"}:
            problems.append(f"{where}: fields {sorted(keys)}")
            continue
        doc = row["doc"]
        source = corpus_texts.get(doc) if doc.startswith("r2nery-") else sample_text(doc)
        if source is None:
            problems.append(f"{where}: no document {doc}")
            continue
        if fold(row["quote"]) not in source:
            problems.append(f"{where}: quote not verbatim in {doc}")
        if len(row["quote"]) > 400:
            problems.append(f"{where}: quote longer than a sentence or two")
        if fold(row["proposition"]) not in fold(row["quote"]):
            problems.append(f"{where}: proposition not inside the quote")
        if row["form"] not in FORMS:
            problems.append(f"{where}: form {row['form']}")
        if not row["verb"] or row["verb"] != row["verb"].lower():
            problems.append(f"{where}: verb must be a lower-case lemma")
        check_id(where, row["speaker"])
        for about in row["about"]:
            check_id(where, about["id"])
            if about["stance"] not in (-1, 0, 1):
                problems.append(f"{where}: stance {about['stance']}")
        for dispute in row["contested_by"]:
            check_id(where, dispute["speaker"])
            if fold(dispute["quote"]) not in source:
                problems.append(f"{where}: dispute quote not verbatim in {doc}")
        if not isinstance(row["optional"], bool):
            problems.append(f"{where}: optional must be true or false")
    assert not problems, "\n".join(problems)


def test_claim_set_covers_disputes_and_both_sources():
    rows = read_jsonl(CLAIMS_GOLD)
    assert sum(bool(row["contested_by"]) for row in rows) >= 5
    assert any(row["doc"].startswith("r2nery-") for row in rows)
    assert any(not row["doc"].startswith("r2nery-") for row in rows)
    assert {row["form"] for row in rows} == FORMS
