"""``eventgraph evaluate --format actors``: country, primary-sector and unresolved share on actor phrases."""

from __future__ import annotations

import json

import pytest

from eventgraph.evaluate import GoldError, run_evaluation
from eventgraph.evaluate.actors import read_actor_gold, run_actor_evaluation

ROWS = [
    # resolved in its sentence: country and sector right
    {
        "doc": "t1",
        "text": "Nigerian police",
        "context": "Nigerian police arrested six protesters in Lagos.",
        "date": "2020-10-21",
        "country": "NGA",
        "sector": "COP",
        "secondary": [],
    },
    # an international organisation: no country, its id is checked
    {
        "doc": "t2",
        "text": "the United Nations",
        "context": "The talks were hosted by the United Nations in Geneva.",
        "date": "2021-03-02",
        "country": None,
        "sector": "IGO",
        "secondary": [],
        "id": "UN",
    },
    # a made-up person the catalogue cannot know: unresolved
    {
        "doc": "t3",
        "text": "Zorblat Quenhova",
        "context": "Zorblat Quenhova said nothing.",
        "date": None,
        "country": "BRA",
        "sector": "GOV",
        "secondary": [],
    },
    # right country, sector deliberately annotated otherwise: counts against sector only
    {
        "doc": "t4",
        "text": "Russian troops",
        "context": "Russian troops crossed the border.",
        "date": "2022-02-24",
        "country": "RUS",
        "sector": "GOV",
        "secondary": [],
    },
]


def write(tmp_path, rows):
    path = tmp_path / "actors.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_scores_country_sector_and_unresolved(tmp_path):
    scores = run_actor_evaluation(write(tmp_path, ROWS))
    assert scores.total == 4
    assert scores.country_right == 3  # police, UN (no country), troops
    assert scores.sector_right == 2  # COP, IGO
    assert scores.unresolved == 1
    assert (scores.id_right, scores.id_total) == (1, 1)
    assert scores.expected_country == 3 and scores.expected_country_right == 2


def test_the_report_lists_the_misses(tmp_path):
    report = run_evaluation(write(tmp_path, ROWS), "actors", errors=True)
    assert "country accuracy         0.750" in report
    assert "unresolved share         0.250" in report
    assert "'Zorblat Quenhova'" in report and "'Russian troops'" in report


def test_a_malformed_gold_line_is_named(tmp_path):
    bad = dict(ROWS[0], country="Nigeria")
    with pytest.raises(
        GoldError, match=r"actors\.jsonl: line 2: 'country' must be an ISO alpha-3 code or null"
    ):
        read_actor_gold(write(tmp_path, [ROWS[1], bad]))


def test_the_summary_shows_the_actor_dev_set_only_when_its_file_is_there(tmp_path, monkeypatch):
    import eventgraph.evaluate.actors as actors
    from eventgraph.evaluate.summary import _add_actor_dev_set, format_summary

    monkeypatch.setattr(actors, "DEV_SET", tmp_path / "missing.jsonl")
    values: dict = {}
    _add_actor_dev_set(values, [])
    assert "actor dev" not in format_summary(values, [])
    monkeypatch.setattr(actors, "DEV_SET", write(tmp_path, ROWS))
    notes: list[str] = []
    _add_actor_dev_set(values, notes)
    table = format_summary(values, notes)
    assert "country accuracy" in table and "unresolved share" in table and "<= 0.15" in table
    assert "actor dev set: 4 phrases" in table
