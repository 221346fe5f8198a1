"""The analysis tables kept in the store: an update per batch gives what a full computation gives,
an older store is migrated and backfilled, and the API reads the tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
from fastapi.testclient import TestClient

from eventgraph.analysis import find_disagreements
from eventgraph.analysis.tables import AnalysisTables, read_disagreements
from eventgraph.api import create_app
from eventgraph.store import SCHEMA_VERSION, Store
from tests.test_analysis import MOSCOW_A, MOSCOW_B, Spec, document

ANALYSIS_TABLES = ("analysis_happenings", "analysis_disagreements", "analysis_words", "analysis_names")


def batches() -> list[list]:
    """Three batches: a meeting told two ways arrives in two batches, a role told two ways in the third."""
    first = Spec(
        "ARM", "CONSULT", "AZE", "2023-05-24", MOSCOW_A, place="Moscow",
        source_text="Armenian Prime Minister Nikol Pashinyan",
        target_text="Azerbaijani President Ilhom Aliyev",
    )  # fmt: skip
    second = Spec(
        "ARM", "CONSULT", "AZE", "2023-05-25", MOSCOW_B, place="Moscow",
        source_text="Nikol Pashinyan", target_text="Ilham Aliyev",
    )  # fmt: skip
    brussels = Spec("ARM", "CONSULT", "AZE", "2023-05-14", "Armenia and Azerbaijan met in Brussels.")
    roles = [
        ("d.txt", "Wire", "Armenian Foreign Minister Ararat Mirzoyan"),
        ("e.txt", "Desk", "Armenian Prime Minister Ararat Mirzoyan"),
    ]
    role_docs = [
        document(n, [Spec("ARM", "CONSULT", "RUS", "2023-06-14", f"{t} met Lavrov.", source_text=t)], o)
        for n, o, t in roles
    ]
    return [
        [
            document("002.txt", [first], outlet="Eurasia Daily"),
            document("11.txt", [brussels], "Brussels Wire"),
        ],
        [document("12.txt", [second], outlet="Caspian Courier")],
        role_docs,
    ]


def summary(found: list) -> list[tuple]:
    return [(d.happening, d.detail, [(v.value, v.outlets, v.event_ids) for v in d.versions]) for d in found]


def test_updates_per_batch_give_what_a_full_computation_gives(tmp_path: Path) -> None:
    with Store(tmp_path / "store.duckdb") as store:
        for batch in batches():
            store.write(batch)
            AnalysisTables(store).update()
        assert AnalysisTables(store).update().new_events == 0  # nothing new: nothing redone
        events = store.events_frame()
        full = find_disagreements(events, store.documents_frame(), store.sentences_frame(events["doc_id"]))
        stored = read_disagreements(store)
    assert summary(stored) == summary(full)
    details = {d.detail for d in stored}
    assert {"date", "organisation", "count (soldier)", "actor name"} <= details
    assert "actor role (Ararat Mirzoyan, ARM)" in details


def test_a_batch_relinks_only_events_that_can_link_to_it(tmp_path: Path) -> None:
    with Store(tmp_path / "store.duckdb") as store:
        first, second, third = batches()
        store.write(first)
        AnalysisTables(store).update()
        store.write(second)
        moscow = AnalysisTables(store).update()
        store.write(third)
        roles = AnalysisTables(store).update()
    # The second Moscow report relinks the first one (same pair, close dates) but not Brussels' meeting
    # ten days earlier; the two reports about Mirzoyan a month later touch neither.
    assert (moscow.new_events, moscow.linked_events) == (1, 2)
    assert (roles.new_events, roles.linked_events) == (2, 2)


def test_a_writer_alone_on_the_file_spaces_its_updates_and_finishes_them(tmp_path: Path) -> None:
    """``analyse_every`` documents between updates; :meth:`finish` does what is left; the result is what
    a full computation gives."""
    from eventgraph.pipeline import StoreWriter, table_rows

    with Store(tmp_path / "store.duckdb") as store:
        writer = StoreWriter(store, analyse_every=3)
        first, second, third = batches()
        writer.write_batch(table_rows(first))  # 2 documents: deferred
        assert store.unanalysed_event_ids()
        writer.write_batch(table_rows(second))  # 3 documents: updated
        assert not store.unanalysed_event_ids()
        writer.write_batch(table_rows(third))
        assert store.unanalysed_event_ids()
        writer.finish()
        assert not store.unanalysed_event_ids()
        events = store.events_frame()
        full = find_disagreements(events, store.documents_frame(), store.sentences_frame(events["doc_id"]))
        assert summary(read_disagreements(store)) == summary(full)


def test_an_older_store_is_migrated_and_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        for batch in batches():
            store.write(batch)
    con = duckdb.connect(str(path))  # make it a file of the version before the analysis tables
    for name in ANALYSIS_TABLES:
        con.execute(f"DROP TABLE {name}")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION - 1)])
    con.close()
    for _ in range(2):  # the migration is idempotent
        with Store(path) as store:
            tables = {
                r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
            }
            assert set(ANALYSIS_TABLES) <= tables
            version = store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            assert version == (str(SCHEMA_VERSION),)
            assert not store.analysis_is_current() or store.analysis_disagreements()
            AnalysisTables(store).update()  # the first update fills the tables for the stored events
            assert store.analysis_is_current()
            assert len(read_disagreements(store)) == len(
                find_disagreements(store.events_frame(), store.documents_frame())
            )


def test_the_api_reads_stored_disagreements_with_paging(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        for batch in batches():
            store.write(batch)
        AnalysisTables(store).update()
        stored = read_disagreements(store)
    client = TestClient(create_app(path))
    whole = client.get("/disagreements").json()
    assert whole["facts"]["disagreements"] == len(stored) == len(whole["tables"][0]["rows"])
    assert [r["detail"] for r in whole["tables"][0]["rows"]] == [d.detail for d in stored]
    second = client.get("/disagreements", params={"limit": 2, "offset": 1}).json()
    assert second["tables"][0]["rows"] == whole["tables"][0]["rows"][1:3]
    assert second["facts"]["disagreements"] == len(stored)


def test_sources_mediation_and_network_in_sql_answer_what_the_analysis_functions_give(tmp_path: Path) -> None:
    """The API computes sources and the network's edges in DuckDB and mediation from the conflicts'
    distinct days: the same tables as the analysis functions over every event of the store."""
    from eventgraph.api.analyses import mediation, network, sources
    from eventgraph.dedup import deduplicate

    assault, assault_days = Spec("AZE", "ASSAULT", "ARM", "2022-09-13"), "2022-09-13/2022-09-14"
    usa = [Spec("USA", "CONSULT", side, "2023-05-01", mode="third-party") for side in ("ARM", "AZE")]
    wires = [
        document("w1.txt", [assault, usa[0], Spec("TUR", "SUPPORT", "AZE", "2022-09-20"),
                            Spec("TUR", "AID", "AZE", "2022-09-21", cameo="072")], "Wire"),
        document("w2.txt", [usa[1], Spec("EU", "CONSULT", "ARM", "2023-05-14"),
                            Spec("AZE", "CONSULT", "EU", "2023-05-14"),
                            Spec("RUS", "AID", "ARM", "2022-09-22", negated=True)], "Desk"),
        document("w3.txt", [Spec("AZE", "ASSAULT", "ARM", assault_days),
                            Spec("GEO", "CONSULT", "ARM", "2023-06-01"),
                            Spec("GEO", "CONSULT", "AZE", "2023-06-02"),
                            Spec("USA", "COOPERATE", "ARM", "2023-09-11")], None),
    ]  # fmt: skip
    path = tmp_path / "roles.duckdb"
    with Store(path) as store:
        for batch in [*batches(), wires]:
            store.write(batch)
        deduplicate(store)
        events, documents = store.events_frame(), store.documents_frame()
    client = TestClient(create_app(path))
    for endpoint, expected in (
        ("/sources", sources(events, documents)),
        ("/mediation", mediation(events, "quarter", "south-caucasus")),
        ("/network", network(events, None, None, "south-caucasus")),
        ("/network?since=2023-01&until=2023-06", network(events, "2023-01", "2023-06", "south-caucasus")),
    ):
        answer = client.get(endpoint).json()
        assert answer["tables"] == expected.model_dump()["tables"], endpoint
        assert any(t["rows"] for t in answer["tables"]), endpoint
