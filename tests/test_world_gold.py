"""The world-news development gold (data/dev_gold/world.gold.jsonl): nine corpus articles on crises in
Asia, Africa, Europe and the Americas, domestic actors written as country + sector ("KAZMIL"). Every row
is well formed and quotes its record; the scorer reads combined codes and ``alt_source``; the coder
stays above its recorded floor."""

from __future__ import annotations

import pytest

from eventgraph.actors import load_catalogue
from eventgraph.coding import load_lexicon
from eventgraph.evaluate import run_seed_evaluation, score_seed_events
from eventgraph.evaluate.seeds import GoldRow
from eventgraph.records import ActorRef, Event
from tests.conftest import REPO_ROOT, SHARED
from tests.gold_format import FLAGS, OPTIONAL_FIELDS, REQUIRED, fold, quoted_record_texts, read_rows

GOLD = REPO_ROOT / "src" / "eventgraph" / "data" / "dev_gold" / "world.gold.jsonl"
CORPUS = SHARED / "corpora" / "ukraine-media.jsonl"
MAX_QUOTE_WORDS = 40
# F1 after this session's coder changes (0.260 before them; dev_gold/README.md): a drop of more than 0.02
# is a regression.
F1_FLOOR = 0.456 - 0.02


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return read_rows(GOLD)


@pytest.fixture(scope="module")
def corpus_texts(rows) -> dict[str, str]:
    return quoted_record_texts(CORPUS, rows)


def _known(actor: str, catalogue, sectors: set[str]) -> bool:
    """A catalogue id, or a state's id followed by a PLOVER sector ("KAZMIL")."""
    if catalogue.get(actor) is not None:
        return True
    return len(actor) == 6 and actor[3:] in sectors and catalogue.get(actor[:3]) is not None


def test_every_row_is_well_formed_and_quotes_its_record(rows, corpus_texts):
    assert len({row["doc"] for row in rows}) >= 8
    for number, row in enumerate(rows, 1):
        assert set(REQUIRED) <= set(row) <= set(REQUIRED + OPTIONAL_FIELDS), f"line {number}"
        assert all(isinstance(row[f], bool) for f in FLAGS), f"line {number}"
        assert fold(row["quote"]) in corpus_texts[row["doc"]], f"line {number}: {row['quote']!r}"
        assert len(row["quote"].split()) <= MAX_QUOTE_WORDS, f"line {number}: quote too long"
        assert not (row["negated"] and row["hypothetical"]), f"line {number}"


def test_types_are_plover_and_actors_are_ids_or_country_and_sector(rows):
    import yaml

    from eventgraph.actors.catalogue import ACTORS_DIR

    types = {p.type for p in load_lexicon().patterns}
    catalogue = load_catalogue("south-caucasus")
    sectors = set(yaml.safe_load((ACTORS_DIR / "sectors.yaml").read_text(encoding="utf-8"))["sectors"])
    for row in rows:
        assert all(k in types for k in (row["type"], *row.get("alt_type", []))), row["quote"]
        actors = (row["source"], row["target"], *row.get("alt_target", []), *row.get("alt_source", []))
        for actor in actors:
            assert actor is None or _known(actor, catalogue, sectors), f"{row['doc']}: {actor}"


# ------------------------------------------------------------------ scoring domestic actors by sector


def event(source: ActorRef, kind: str, target: ActorRef | None) -> Event:
    return Event(
        event_id=f"{source.code}{kind}",
        doc_id="d",
        doc_name="d",
        sentence_index=0,
        sentence="s",
        span=(0, 1),
        source=source,
        target=target,
        type=kind,
        mode=None,
        cameo="",
        goldstein=0.0,
        quad_class=0,
    )


def actor(actor_id: str, sector: str | None = None, country: str | None = None) -> ActorRef:
    return ActorRef(id=actor_id, name=actor_id, text=actor_id, sector=sector, country=country or actor_id)


def row(source: str, kind: str, target: str | None, **extra) -> GoldRow:
    return GoldRow(doc="d", quote="q", source=source, type=kind, target=target, **extra)


def test_a_domestic_event_is_scored_by_country_and_sector():
    gold = [row("KAZMIL", "ASSAULT", "KAZOPP"), row("RUS", "AID", "KAZ")]
    right = event(actor("KAZ", "MIL"), "ASSAULT", actor("KAZ", "OPP"))
    wrong = event(actor("KAZ", "GOV"), "ASSAULT", actor("KAZ", "JUD"))
    foreign = event(actor("RUS", "MIL"), "AID", actor("KAZ", "GOV"))  # between states: their ids
    score = score_seed_events([right, wrong, foreign], gold)
    assert [e.tuple for e in score.true_positives] == [
        ("d", "KAZMIL", "ASSAULT", "KAZOPP"),
        ("d", "RUS", "AID", "KAZ"),
    ]
    assert [e.tuple for e in score.false_positives] == [("d", "KAZGOV", "ASSAULT", "KAZJUD")]


def test_a_party_of_another_id_in_the_same_state_is_domestic_too():
    # the catalogue's id of a party is not its state's, its country is
    gold = [row("ZAFOPP", "ACCUSE", "ZAFPTY")]
    anc = ActorRef(id="ANC", name="ANC", text="ANC", sector="PTY", country="ZAF")
    score = score_seed_events([event(actor("ZAF", "OPP"), "ACCUSE", anc)], gold)
    assert score.recall == 1.0 and score.precision == 1.0


def test_alt_source_and_one_sided_codes():
    gold = [row("ZAFCVL", "PROTEST", None, alt_source=("ZAFOPP",)), row("KAZ", "REQUEST", "CSTO")]
    protest = event(actor("ZAF", "OPP"), "PROTEST", None)
    request = event(actor("KAZ", "GOV"), "REQUEST", None)  # a partial coding of the directed row
    score = score_seed_events([protest, request], gold)
    assert [e.tuple for e in score.true_positives] == [("d", "ZAFOPP", "PROTEST", None)]
    assert [e.tuple for e in score.ignored] == [("d", "KAZ", "REQUEST", None)]
    assert not score.false_positives


def test_a_gold_without_combined_codes_is_scored_by_ids_as_before():
    gold = [row("ARM", "ACCUSE", "AZE")]
    domestic = event(actor("ARM", "GOV"), "ACCUSE", actor("ARM", "OPP"))
    score = score_seed_events([domestic, event(actor("ARM", "GOV"), "ACCUSE", actor("AZE"))], gold)
    assert [e.tuple for e in score.false_positives] == [("d", "ARM", "ACCUSE", "ARM")]


# ------------------------------------------------------------------------------------- the floor


def test_the_coder_stays_above_its_recorded_f1_on_the_world_gold(corpus_texts):
    score = run_seed_evaluation(GOLD, corpus=CORPUS)
    assert score.f1 >= F1_FLOOR, f"F1 {score.f1:.3f} fell below {F1_FLOOR:.3f}"
    assert not score.must_not_hits and score.rejections == []
