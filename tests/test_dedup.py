"""Near-duplicate documents (MinHash LSH) and event clusters: one happening, however often reprinted."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import duckdb
import pytest

from eventgraph.dedup import Deduplicator, DedupSettingsError, Signer, load_settings, similarity
from eventgraph.dedup.clusters import date_interval
from eventgraph.dedup.report import corpus_groups
from eventgraph.dedup.settings import DATA_FILE
from eventgraph.ingest import read_inputs
from eventgraph.records import (
    ActorRef,
    DateRef,
    Document,
    Event,
    ProcessedDocument,
    content_hash,
    event_id_for,
)
from eventgraph.store import SCHEMA_VERSION, Store, StoreError
from eventgraph.store.schema import TABLES
from tests.conftest import SAMPLES_DIR

WIRE = (
    "Armenian and Azerbaijani border commissions met in the town of Ijevan on Tuesday to continue work on "
    "marking the frontier between the two countries, officials in Yerevan said. The deputy prime ministers "
    "who lead the commissions agreed to begin fieldwork near four villages in the Tavush region, where "
    "residents have voiced concern about losing access to roads and farmland. The meeting lasted about six "
    "hours and ended without a joint statement, but both delegations described it as constructive. "
    "Opposition groups in Armenia said they would hold a rally in the regional centre at the weekend to "
    "protest against the plan, which they say was agreed without consulting local communities."
)
# The same wire story as another outlet runs it: first sentence reworded, a few words edited, last cut short.
REPRINT = (
    "Armenia and Azerbaijan's border commissions met in Ijevan on Tuesday to continue work on "
    "marking the frontier between the two countries, officials in Yerevan said. The deputy prime ministers "
    "who lead the commissions agreed to begin fieldwork near four villages in the Tavush region, where "
    "residents have voiced concern about losing access to roads and farmland. The meeting lasted roughly six "
    "hours and ended without a joint statement, but both delegations described it as constructive. "
    "Opposition groups in Armenia said they would hold a rally at the weekend against the plan."
)
# Same actors and topic, different story.
OTHER_STORY = (
    "Azerbaijan accused Armenia on Friday of delaying a peace treaty by raising new demands about the "
    "constitution, a charge that officials in Yerevan rejected as an attempt to shift blame. The foreign "
    "ministry in Baku said talks could not move forward while the Armenian constitution still contained a "
    "reference to the declaration of independence. Armenian officials said a referendum on a new "
    "constitution was a domestic matter and would not be held under outside pressure. Analysts in both "
    "capitals expect the dispute to dominate the next meeting of the two foreign ministers."
)

ARM = ActorRef("ARM", "Armenia", "Armenia", "GOV")
AZE = ActorRef("AZE", "Azerbaijan", "Azerbaijan", "GOV")


def document(
    text: str, name: str, outlet: str = "Test Wire", published: date = date(2024, 4, 24)
) -> Document:
    return Document(
        doc_id=content_hash(text),
        name=name,
        text=text,
        original_text=text,
        outlet=outlet,
        published=published,
    )


def event(
    doc: Document,
    kind: str = "CONSULT",
    source: ActorRef = ARM,
    target: ActorRef | None = AZE,
    when: DateRef | None = None,
    negated: bool = False,
    start: int = 0,
) -> Event:
    span = (start, start + 20)
    return Event(
        event_id=event_id_for(doc.doc_id, span, source.id, target.id if target else None, kind),
        doc_id=doc.doc_id,
        doc_name=doc.name,
        sentence_index=0,
        sentence=doc.text[:100],
        span=span,
        source=source,
        target=target,
        type=kind,
        mode=None,
        cameo="040",
        goldstein=1.0,
        quad_class=1,
        negated=negated,
        date=when,
    )


def stored(store: Store, doc: Document, *events: Event) -> Document:
    store.write([ProcessedDocument(document=doc, events=list(events))])
    return doc


def cluster_of(store: Store, ev: Event) -> str:
    return store.event(ev.event_id)["cluster_id"]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "dedup.duckdb") as st:
        yield st


DAY = DateRef("2024-04-23", "day", "on Tuesday")


# ------------------------------------------------------------------------------------ settings


def test_bundled_settings_load_and_name_their_scheme() -> None:
    settings = load_settings()
    assert 0 < settings.documents.threshold <= 1
    assert settings.documents.scheme.startswith(f"words{settings.documents.shingle_words}-")
    assert "CONSULT" in settings.events.undirected_types


def test_a_bad_setting_is_named_with_its_file(tmp_path: Path) -> None:
    broken = tmp_path / "dedup.yaml"
    broken.write_text(DATA_FILE.read_text().replace("threshold: 0.5", "threshold: 5"))
    with pytest.raises(DedupSettingsError, match=r"dedup\.yaml: 'documents\.threshold' must be a number in"):
        load_settings(broken)
    broken.write_text(DATA_FILE.read_text().replace("close_precisions: [day]", "close_precisions: [daily]"))
    with pytest.raises(DedupSettingsError, match="'events.close_precisions' entry 'daily' is not one of"):
        load_settings(broken)


# ------------------------------------------------------------------------------------ signatures


def test_edited_wire_copy_is_a_near_duplicate() -> None:
    signer = Signer(load_settings().documents)
    wire, reprint = signer.sign("a", WIRE).hashvalues, signer.sign("b", REPRINT).hashvalues
    assert similarity(wire, reprint) >= load_settings().documents.threshold


def test_a_different_story_about_the_same_actors_is_not() -> None:
    signer = Signer(load_settings().documents)
    wire, other = signer.sign("a", WIRE).hashvalues, signer.sign("c", OTHER_STORY).hashvalues
    assert similarity(wire, other) < 0.1


def test_signatures_are_stable_across_signers_and_ignore_case_and_spacing() -> None:
    settings = load_settings().documents
    first = Signer(settings).sign("a", WIRE).hashvalues
    again = Signer(settings).sign("a", "  " + WIRE.upper().replace(" ", "\n ")).hashvalues
    assert (first == again).all()


def test_word_order_counts() -> None:
    signer = Signer(load_settings().documents)
    words = WIRE.split()
    shuffled = " ".join(words[1::2] + words[0::2])
    assert similarity(signer.sign("a", WIRE).hashvalues, signer.sign("b", shuffled).hashvalues) < 0.2


def test_a_short_text_gets_no_signature() -> None:
    signature = Signer(load_settings().documents).sign("a", "Armenia and Azerbaijan met on Tuesday.")
    assert signature.hashvalues is None and signature.words == 6


# ------------------------------------------------------------------------------------ groups


def test_near_duplicates_are_grouped_and_other_stories_are_not(store: Store) -> None:
    wire = stored(store, document(WIRE, "wire.txt"))
    reprint = stored(store, document(REPRINT, "reprint.txt", outlet="Other Paper"))
    stored(store, document(OTHER_STORY, "other.txt"))
    summary = Deduplicator(store).update()
    assert (summary.signed, summary.duplicate_pairs) == (3, 1)
    groups = store.duplicate_groups()
    assert [(g["name"], g["group_id"]) for g in groups] == [
        ("wire.txt", wire.doc_id),
        ("reprint.txt", wire.doc_id),
    ]
    assert groups[0]["similarity"] == 1.0 and 0.5 <= groups[1]["similarity"] < 1.0
    assert reprint.doc_id in {g["doc_id"] for g in groups}


def test_a_later_ingest_finds_the_duplicate_of_a_document_stored_earlier(tmp_path: Path) -> None:
    path = tmp_path / "runs.duckdb"
    with Store(path) as first_run:
        wire = stored(first_run, document(WIRE, "wire.txt"))
        Deduplicator(first_run).update()
        assert first_run.duplicate_groups() == []
    with Store(path) as second_run:
        stored(second_run, document(REPRINT, "reprint.txt"))
        summary = Deduplicator(second_run).update()
        assert summary.signed == 1
        assert {g["name"]: g["group_id"] for g in second_run.duplicate_groups()} == {
            "wire.txt": wire.doc_id,
            "reprint.txt": wire.doc_id,
        }


def test_a_document_joining_two_groups_merges_them_under_the_first(store: Store) -> None:
    whole = WIRE + " " + OTHER_STORY
    cut = len(whole) * 35 // 100
    front, back = whole[: len(whole) - cut], whole[cut:]
    dedup = Deduplicator(store)
    for name, text in (
        ("front", front),
        ("front2", front + " Updated."),
        ("back", back),
        ("back2", back + " Updated."),
    ):
        stored(store, document(text, f"{name}.txt"))
    dedup.update()
    before = {g["name"]: g["group_id"] for g in store.duplicate_groups()}
    assert before["front.txt"] == before["front2.txt"] != before["back.txt"] == before["back2.txt"]
    stored(store, document(whole, "whole.txt"))
    assert dedup.update().duplicate_pairs >= 2
    after = {g["name"]: g["group_id"] for g in store.duplicate_groups()}
    assert set(after) == {"front.txt", "front2.txt", "back.txt", "back2.txt", "whole.txt"}
    assert set(after.values()) == {min(before.values())}


def test_the_sample_corpus_has_exactly_one_group_the_reprint_pair() -> None:
    found = corpus_groups(read_inputs([str(SAMPLES_DIR)]))
    names = [sorted(found.documents[m.doc_id].name for m in members) for members in found.groups.values()]
    assert names == [["09a_arlington_talks_2023.txt", "09b_arlington_talks_2023_reprint.txt"]]
    assert found.cross_outlet() == 1


def test_changed_settings_recompute_every_signature(store: Store) -> None:
    stored(store, document(WIRE, "wire.txt"))
    stored(store, document(REPRINT, "reprint.txt"))
    Deduplicator(store).update()
    base = load_settings()
    strict = dataclasses.replace(base, documents=dataclasses.replace(base.documents, threshold=0.95))
    summary = Deduplicator(store, strict).update()
    assert summary.signed == 2
    assert store.duplicate_groups() == []
    assert store.signature_schemes() == {strict.documents.scheme}


# ------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2023-05-04", "day", ("2023-05-04", "2023-05-04")),
        ("2023-05-06", "reported", ("2023-05-03", "2023-05-06")),
        ("2023-02", "month", ("2023-02-01", "2023-02-28")),
        ("2023-12", "month", ("2023-12-01", "2023-12-31")),
        ("2020", "year", ("2020-01-01", "2020-12-31")),
        ("2023-05-01/2023-05-07", "week", ("2023-05-01", "2023-05-07")),
        (None, "unresolved", None),
        ("not a date", "day", None),
    ],
)
def test_date_interval(value: str | None, precision: str, expected: tuple[str, str] | None) -> None:
    interval = date_interval(value, precision, window_days=3)
    assert (tuple(d.isoformat() for d in interval) if interval else None) == expected


# ------------------------------------------------------------------------------------ clusters


def test_near_duplicate_reports_of_one_happening_form_one_cluster(store: Store) -> None:
    wire_doc, reprint_doc = document(WIRE, "wire.txt"), document(REPRINT, "reprint.txt", "Other Paper")
    a = event(wire_doc, when=DateRef("2024-04-24", "reported"))
    b = event(reprint_doc, when=DateRef("2024-04-25", "reported"))
    stored(store, wire_doc, a)
    stored(store, reprint_doc, b)
    Deduplicator(store).update()
    assert cluster_of(store, a) == cluster_of(store, b)
    [cluster] = store.event_clusters()
    assert sorted(cluster["outlets"]) == ["Other Paper", "Test Wire"]
    assert {e["event_id"] for e in cluster["events"]} == {a.event_id, b.event_id}
    assert all(e["sentence"] for e in cluster["events"])


def test_reported_dates_alone_do_not_merge_unrelated_documents(store: Store) -> None:
    wire_doc, other_doc = document(WIRE, "wire.txt"), document(OTHER_STORY, "other.txt")
    a = event(wire_doc, when=DateRef("2024-04-24", "reported"))
    b = event(other_doc, when=DateRef("2024-04-24", "reported"))
    stored(store, wire_doc, a)
    stored(store, other_doc, b)
    Deduplicator(store).update()
    assert cluster_of(store, a) != cluster_of(store, b)
    assert store.event_clusters() == []


def test_the_same_day_merges_reports_from_different_documents(store: Store) -> None:
    wire_doc, other_doc = document(WIRE, "wire.txt"), document(OTHER_STORY, "other.txt", "Other Paper")
    a, b = event(wire_doc, when=DAY), event(other_doc, when=DateRef("2024-04-23", "day", "yesterday"))
    c = event(other_doc, when=DateRef("2024-04-18", "day", "last Thursday"), start=200)
    for doc, evs in ((wire_doc, [a]), (other_doc, [b, c])):
        stored(store, doc, *evs)
    Deduplicator(store).update()
    assert cluster_of(store, a) == cluster_of(store, b)
    assert cluster_of(store, c) not in (cluster_of(store, a), None)


def test_a_negated_event_never_merges_with_an_asserted_one(store: Store) -> None:
    wire_doc, reprint_doc = document(WIRE, "wire.txt"), document(REPRINT, "reprint.txt")
    asserted, denied = event(wire_doc, when=DAY), event(reprint_doc, when=DAY, negated=True)
    stored(store, wire_doc, asserted)
    stored(store, reprint_doc, denied)
    Deduplicator(store).update()
    assert cluster_of(store, asserted) != cluster_of(store, denied)


def test_undirected_types_merge_in_either_direction_directed_ones_do_not(store: Store) -> None:
    wire_doc, other_doc = document(WIRE, "wire.txt"), document(OTHER_STORY, "other.txt")
    met, met_back = event(wire_doc, when=DAY), event(other_doc, source=AZE, target=ARM, when=DAY)
    hit = event(wire_doc, "ASSAULT", when=DAY, start=100)
    hit_back = event(other_doc, "ASSAULT", source=AZE, target=ARM, when=DAY, start=100)
    stored(store, wire_doc, met, hit)
    stored(store, other_doc, met_back, hit_back)
    Deduplicator(store).update()
    assert cluster_of(store, met) == cluster_of(store, met_back)
    assert cluster_of(store, hit) != cluster_of(store, hit_back)


def test_every_event_gets_a_cluster_even_without_a_resolved_actor(store: Store) -> None:
    wire_doc = document(WIRE, "wire.txt")
    unresolved = event(wire_doc, source=ActorRef(None, "commissions", "commissions"), when=DAY)
    stored(store, wire_doc, unresolved)
    Deduplicator(store).update()
    assert cluster_of(store, unresolved) == unresolved.event_id
    assert store.unclustered_event_ids() == []


def test_a_bridging_event_merges_existing_clusters(store: Store) -> None:
    docs = [document(WIRE, "wire.txt"), document(OTHER_STORY, "other.txt"), document(REPRINT, "reprint.txt")]
    early = event(docs[0], when=DateRef("2024-04-20", "day"))
    late = event(docs[1], when=DateRef("2024-04-22", "day"))
    stored(store, docs[0], early)
    stored(store, docs[1], late)
    dedup = Deduplicator(store)
    dedup.update()
    assert cluster_of(store, early) != cluster_of(store, late)
    bridge = event(docs[2], when=DateRef("2024-04-21", "day"))
    stored(store, docs[2], bridge)
    assert dedup.update().clusters_merged == 1
    assert cluster_of(store, early) == cluster_of(store, late) == cluster_of(store, bridge)


# ------------------------------------------------------------------------------------ migration


def test_a_version_1_file_is_migrated_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    for name, ddl in TABLES.items():
        if name not in ("doc_signatures", "duplicate_groups"):
            version_1 = ddl.replace(",\n            cluster_id VARCHAR", "")
            version_1 = version_1.replace(",\n            inferred VARCHAR", "")  # version 4
            con.execute(version_1.replace(",\n            modality VARCHAR", ""))  # version 3
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute(
        "INSERT INTO documents (doc_id, name, text, original_text) VALUES ('d1', 'old.txt', ?, ?)",
        [WIRE, WIRE],
    )
    con.close()
    with pytest.raises(StoreError, match="schema version 1 is older than .* open it once for writing"):
        Store(path, read_only=True)
    with Store(path) as st:
        assert st.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            SCHEMA_VERSION
        )
        assert {"cluster_id", "modality", "inferred"} <= set(st.events_frame().columns)
        stored(st, document(REPRINT, "reprint.txt"))
        Deduplicator(st).update()
        assert {g["name"] for g in st.duplicate_groups()} == {"old.txt", "reprint.txt"}
    with Store(path, read_only=True) as reader:
        assert len(reader.duplicate_groups()) == 2


# ------------------------------------------------------------------------------------ real pipeline


@pytest.fixture(scope="module")
def arlington(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The 09a/09b reprint pair and an unrelated article, through the real pipeline and ingest."""
    from eventgraph.pipeline import Pipeline, ingest_into

    paths = [str(p) for p in sorted(SAMPLES_DIR.glob("09*"))] + [
        str(SAMPLES_DIR / "11_brussels_talks_may_2023.txt")
    ]
    store = Store(tmp_path_factory.mktemp("arlington") / "a.duckdb")
    summary = ingest_into(store, read_inputs(paths), Pipeline(), batch_size=1)
    assert summary.added == 3 and summary.near_duplicates >= 2
    yield store
    store.close()


def test_the_reprint_pair_is_grouped_and_the_unrelated_article_is_not(arlington: Store) -> None:
    names = {g["name"]: g["group_id"] for g in arlington.duplicate_groups()}
    assert set(names) == {"09a_arlington_talks_2023.txt", "09b_arlington_talks_2023_reprint.txt"}
    assert (
        names["09a_arlington_talks_2023.txt"] == arlington.document("09a_arlington_talks_2023.txt")["doc_id"]
    )


def reprinted(frame):
    """Events of the 09a/09b pair told in words both texts share: the reprint's own headline ("US-hosted
    Armenia-Azerbaijan talks end …") is not in the original, and its event has no twin to merge with."""
    pair = frame[frame["doc_name"].str.startswith("09")]
    texts = [(SAMPLES_DIR / name).read_text(encoding="utf-8") for name in sorted(set(pair["doc_name"]))]
    return pair[pair["evidence"].map(lambda words: all(words in text for text in texts))]


def test_each_reprinted_event_is_one_happening_with_two_outlets(arlington: Store) -> None:
    pair = reprinted(arlington.events_frame())
    assert not pair.empty
    for cluster_id, members in pair.groupby("cluster_id"):
        assert sorted(members["doc_name"].str[:3]) == ["09a", "09b"], cluster_id
    clusters = {c["cluster_id"]: c for c in arlington.event_clusters()}
    for cluster_id in pair["cluster_id"].unique():
        assert clusters[cluster_id]["outlets"] == ["Caucasus Wire", "Eurasia Desk"]


def test_a_dyad_count_counts_happenings_not_reprints(arlington: Store) -> None:
    frame = reprinted(arlington.events_frame())
    frame = frame[~frame["negated"] & ~frame["hypothetical"]]
    original = frame[frame["doc_name"].str.startswith("09a")]
    both = frame
    per_dyad = both.fillna({"target_id": "-"}).groupby(["source_id", "target_id"])["cluster_id"].nunique()
    expected = original.fillna({"target_id": "-"}).groupby(["source_id", "target_id"]).size()
    assert per_dyad.to_dict() == expected.to_dict()
    assert len(both) == 2 * len(original)


def test_the_unrelated_article_shares_no_cluster_with_the_pair(arlington: Store) -> None:
    frame = arlington.events_frame()
    brussels = set(frame[frame["doc_name"].str.startswith("11")]["cluster_id"])
    pair = set(frame[frame["doc_name"].str.startswith("09")]["cluster_id"])
    assert brussels and not brussels & pair


def test_unresolved_actors_match_by_name_only_within_near_duplicates(store: Store) -> None:
    ministers = ActorRef(None, "ministers", "ministers")
    wire_doc, reprint_doc = document(WIRE, "wire.txt"), document(REPRINT, "reprint.txt")
    other_doc = document(OTHER_STORY, "other.txt")
    in_wire, in_reprint, elsewhere = (
        event(doc, source=ministers, target=None, when=DAY) for doc in (wire_doc, reprint_doc, other_doc)
    )
    for doc, ev in ((wire_doc, in_wire), (reprint_doc, in_reprint), (other_doc, elsewhere)):
        stored(store, doc, ev)
    Deduplicator(store).update()
    assert cluster_of(store, in_wire) == cluster_of(store, in_reprint) != cluster_of(store, elsewhere)


def test_the_report_prints_counts_and_a_sample(capsys: pytest.CaptureFixture[str]) -> None:
    from eventgraph.dedup.report import main

    assert main([str(SAMPLES_DIR), "--sample", "1"]) == 0
    out = capsys.readouterr().out
    assert "near-duplicate groups: 1 holding 2 documents" in out
    assert "group sizes: 2: 1" in out
    assert "Caucasus Wire | 2023-05-05" in out and "Eurasia Desk | 2023-05-06" in out


def test_redo_forgets_and_rebuilds_groups_and_clusters(store: Store) -> None:
    from eventgraph.dedup import deduplicate

    wire_doc, reprint_doc = document(WIRE, "wire.txt"), document(REPRINT, "reprint.txt")
    a, b = event(wire_doc, when=DAY), event(reprint_doc, when=DAY)
    stored(store, wire_doc, a)
    stored(store, reprint_doc, b)
    first = deduplicate(store)
    groups, cluster = store.duplicate_groups(), cluster_of(store, a)
    again = deduplicate(store, redo=True)
    assert (first.signed, again.signed, again.events_clustered) == (2, 2, 2)
    assert store.duplicate_groups() == groups and cluster_of(store, a) == cluster_of(store, b) == cluster


def test_top_dyads_count_happenings_beside_events(store: Store) -> None:
    wire_doc, reprint_doc = document(WIRE, "wire.txt"), document(REPRINT, "reprint.txt")
    stored(
        store,
        wire_doc,
        event(wire_doc, when=DAY),
        event(wire_doc, when=DateRef("2024-03-01", "day"), start=50),
    )
    stored(store, reprint_doc, event(reprint_doc, when=DAY))
    Deduplicator(store).update()
    [dyad] = store.top_dyads()
    assert (dyad["source_id"], dyad["target_id"], dyad["events"], dyad["happenings"]) == ("ARM", "AZE", 3, 2)
