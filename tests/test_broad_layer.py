"""The broad verb layer (PETRARCH2's CAMEO verb dictionary converted by tools/convert_petrarch_verbs.py)
and one-sided events: generated tables reproduced, events coded where the curated lexicon is silent,
the curated layer winning where both fire, the switch, and one-sided events scored as PLOVER counts them."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from datetime import date
from functools import lru_cache

import pytest
from typer.testing import CliRunner

from eventgraph.coding import Coder, LexiconError, load_lexicon
from eventgraph.coding.broad import BROAD_DIR, broad_enabled, is_broad, load_broad_patterns, load_settings
from eventgraph.records import Document, Event, content_hash
from tests.conftest import REPO_ROOT, SHARED

PETRARCH = SHARED / "dictionaries" / "petrarch2"
BROAD = load_broad_patterns()


@lru_cache(maxsize=1)
def _converter():
    path = REPO_ROOT / "tools" / "convert_petrarch_verbs.py"
    spec = importlib.util.spec_from_file_location("convert_petrarch_verbs", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def code(parts, text: str, broad: bool = True) -> list[Event]:
    resolver, annotator = parts
    coder = Coder(load_lexicon(), BROAD if broad else None)
    document = Document(content_hash(text), "constructed.txt", text, text, published=date(2023, 9, 20))
    events: list[Event] = []
    for sentence in annotator.annotate_one(document).sentences:
        events.extend(coder.code(sentence, resolver.mentions(sentence, on=document.published), document))
    return events


def codings(events: list[Event]) -> set[tuple[str | None, str, str | None, str]]:
    return {(e.source.id, e.type, e.target.id if e.target else None, e.pattern.split(":")[0]) for e in events}


# ------------------------------------------------------------------------------------- conversion


def test_the_converter_reproduces_the_shipped_tables():
    if not (PETRARCH / "CAMEO.2.0.txt").is_file():
        pytest.skip(f"{PETRARCH} is missing")
    built = _converter().build(PETRARCH, SHARED / "ontology")
    assert sorted(built) == sorted(p.name for p in BROAD_DIR.glob("*.tsv"))
    for name, text in built.items():
        assert (BROAD_DIR / name).read_text(encoding="utf-8") == text, f"{name} differs: rerun the converter"


def test_every_table_carries_the_licence_notice():
    for path in BROAD_DIR.glob("*.tsv"):
        head = path.read_text(encoding="utf-8")[:3000]
        assert "MIT License" in head and "Open Event Data" in head and "GENERATED" in head, path.name


def test_a_petrarch_pattern_becomes_dependency_constraints():
    converter = _converter()
    synsets = {"&MILITARY": {"troop", "soldier"}}
    police = converter.translate(" * POLICE (TO BORDER) ", synsets)
    assert police.object_lemmas == {"police"} and police.prep_objects == [("to", {"border"})]
    assert police.target == "object"
    visit = converter.translate(" * (TO) ", synsets)
    assert visit.prep_objects == [("to", set())] and visit.target == "prep:to"
    troops = converter.translate(" &MILITARY * (INTO +) ", synsets)
    assert troops.subject_lemmas == {"&military"} and troops.target == "prep:into"
    aid = converter.translate(" * {FINANCIAL AID} ", synsets)
    assert aid.object_lemmas == {"aid"} and aid.object_modifiers == {"financial"}
    assert converter.translate(" * TALKS MEETINGS ", synsets) is None  # two bare nouns: not expressible


def test_loaded_patterns_name_their_layer_and_dictionary_line():
    lines = (PETRARCH / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    patterns = BROAD["rush"]
    assert all(is_broad(p.id) and p.id.startswith("broad:CAMEO.2.0:rush:") for p in patterns)
    border = (("to", frozenset({"border"})),)
    troops = next(p for p in patterns if p.prep_objects == border and not p.object_lemmas)
    line = int(troops.id.rsplit(":", 1)[1])
    assert "(TO BORDER)" in lines[line - 1] and "[154]" in lines[line - 1]
    assert (troops.type, troops.mode, troops.cameo) == ("MOBILIZE", "troops", "154")
    # a sub-code cameo.csv does not list (1721, restrict freedom of expression) is stored as its listed
    # parent with the sub-code's mode from CAMEO2PLOVER-2021
    station = next(p for group in BROAD.values() for p in group if p.id.endswith(":1186"))
    assert "[1721]" in lines[1185] and (station.type, station.mode, station.cameo) == (
        "COERCE",
        "restrict",
        "172",
    )
    # synonym sets are expanded on load, statements (CAMEO 01) are left out
    assert any("soldier" in p.subject_lemmas for p in patterns)
    assert not any(p.cameo.startswith("01") for group in BROAD.values() for p in group)


# ------------------------------------------------------------------------------------------ coding


def test_the_broad_layer_codes_what_the_curated_lexicon_misses(parts):
    text = "Russia engaged Ukrainian troops in a firefight."
    assert not code(parts, text, broad=False)
    events = code(parts, text)
    assert codings(events) == {("RUS", "ASSAULT", "UKR", "broad")}
    assert events[0].pattern.startswith("broad:CAMEO.2.0:engage:")


def test_mobilising_troops_to_a_border_is_one_sided(parts):
    events = code(parts, "Azerbaijan rushed troops to the border with Armenia.")
    assert codings(events) == {("AZE", "MOBILIZE", None, "broad")}
    assert events[0].mode == "troops"


def test_the_curated_pattern_wins_where_both_fire(parts):
    # "bombard" is curated (bomb.verb) and in PETRARCH's dictionary: only the curated event is coded
    assert BROAD.get("bombard")
    events = code(parts, "Russia bombarded Ukrainian cities.")
    assert codings(events) == {("RUS", "ASSAULT", "UKR", "bomb.verb")}


def test_a_verb_governing_a_curated_event_noun_is_left_to_the_curated_layer(parts):
    events = code(parts, "Azerbaijan launched an offensive against Armenia.")
    assert events and not any(is_broad(e.pattern) for e in events)


def test_broad_events_need_actors_the_catalogue_knows(parts):
    assert load_settings().resolved_actors
    events = code(parts, "The villagers ruled out talks with the mayor.")
    assert not [e for e in events if is_broad(e.pattern)]


# ------------------------------------------------------------------------------------------ switch


def test_the_switch_turns_the_layer_off(monkeypatch):
    monkeypatch.setenv("EVENTGRAPH_BROAD_VERBS", "off")
    assert not broad_enabled() and not Coder.load().broad
    monkeypatch.setenv("EVENTGRAPH_BROAD_VERBS", "on")
    assert broad_enabled() and Coder.load().broad
    monkeypatch.setenv("EVENTGRAPH_BROAD_VERBS", "maybe")
    with pytest.raises(LexiconError, match="EVENTGRAPH_BROAD_VERBS"):
        broad_enabled()


def test_the_settings_file_switch_and_its_checks(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTGRAPH_BROAD_VERBS", raising=False)
    folder = tmp_path / "broad"
    shutil.copytree(BROAD_DIR, folder)
    settings = folder / "settings.yaml"
    settings.write_text(settings.read_text().replace("enabled: true", "enabled: false"))
    assert broad_enabled(folder) is False
    settings.write_text(settings.read_text().replace("enabled: false", "enabled: perhaps"))
    load_settings.cache_clear()
    with pytest.raises(LexiconError, match="enabled must be true or false"):
        load_settings(folder)
    load_settings.cache_clear()


def test_the_command_line_switch(monkeypatch):
    from eventgraph.cli import app

    monkeypatch.setenv("EVENTGRAPH_BROAD_VERBS", "on")
    result = CliRunner().invoke(app, ["--no-broad-verbs", "actors", "resolve", "Armenia"])
    assert result.exit_code == 0, result.output
    assert not broad_enabled()


def test_a_broken_table_is_named(tmp_path):
    folder = tmp_path / "broad"
    shutil.copytree(BROAD_DIR, folder)
    patterns = folder / "cameo-2.0-patterns.tsv"
    patterns.write_text(patterns.read_text().replace("\tMOBILIZE\t", "\tMOBILISE\t", 1))
    with pytest.raises(LexiconError, match="cameo-2.0-patterns.tsv line [0-9]+.*MOBILISE"):
        load_broad_patterns(folder)


# ---------------------------------------------------------------------------------- one-sided events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thousands of Armenians protested in Yerevan on Monday.", ("ARM", "PROTEST")),
        ("Russian troops withdrew from the town.", ("RUS", "RETREAT")),
        ("Azerbaijan called up reservists.", ("AZE", "MOBILIZE")),
        ("Georgia imposed a curfew in Tbilisi.", ("GEO", "COERCE")),
    ],
)
def test_one_sided_events_are_coded_without_a_target(parts, text, expected):
    events = code(parts, text)
    assert (expected[0], expected[1], True) in {(e.source.id, e.type, e.target is None) for e in events}


def test_one_sided_events_reach_the_store_and_the_export(parts, tmp_path):
    from eventgraph.records import ProcessedDocument
    from eventgraph.store import Store
    from eventgraph.store.store import EventFilter

    text = "Thousands of Armenians protested in Yerevan on Monday."
    events = code(parts, text)
    document = Document(content_hash(text), "constructed.txt", text, text, published=date(2023, 9, 20))
    out = tmp_path / "events.jsonl"
    with Store(tmp_path / "s.duckdb") as store:
        store.write([ProcessedDocument(document, events=events)])
        stored = store.events(EventFilter(type="PROTEST"))
        assert store.export("jsonl", out) == 1
        assert ("PROTEST", 1) in store.event_types()
    assert [(r["source_id"], r["target_id"]) for r in stored] == [("ARM", None)]
    exported = json.loads(out.read_text())
    assert (exported["type"], exported["target"]) == ("PROTEST", None) or exported["target"]["id"] is None


def test_petr_recall_is_counted_by_plover_type(parts):
    from eventgraph.evaluate.petr import PetrRecord, score_petr

    events = code(parts, "Moscow ruled out talks with Kyiv.")
    gold = frozenset({("RUS", "UKR", "125"), ("RUS", "UKR", "190")})
    record = PetrRecord("r1", events[0].sentence, None, gold, frozenset(), False, 1)
    score = score_petr([record], [events], lambda _: False)
    assert score.by_type == {"REJECT": [1, 1], "ASSAULT": [0, 1]}


def test_seed_scoring_counts_one_sided_tuples_when_the_gold_annotates_them(parts, tmp_path):
    from eventgraph.evaluate.seeds import format_seed_report, load_seed_gold, score_seed_events

    events = [
        e.__class__(**{**{f: getattr(e, f) for f in e.__dataclass_fields__}, "doc_name": "a.txt"})
        for e in code(parts, "Russian troops withdrew from the town.")
    ]
    gold = tmp_path / "gold.jsonl"
    row = {"doc": "a.txt", "quote": "withdrew", "source": "RUS", "type": "RETREAT", "target": None}
    gold.write_text(json.dumps(row) + "\n")
    score = score_seed_events(events, load_seed_gold(gold))
    assert (score.precision, score.recall) == (1.0, 1.0)
    report = format_seed_report(score)
    assert "recall by PLOVER type" in report
    assert any(line.split()[:2] == ["RETREAT", "1.00"] for line in report.splitlines())
