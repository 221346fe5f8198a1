"""The REST API: pagination, filters, evidence in context, typed schema, clear 4xx errors, safe DuckDB use.

Most tests run against a small store written from constructed records (three articles, eight events),
so the expected answers follow from the records below; ``/ingest`` runs the real pipeline.
"""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from eventgraph.api import create_app
from eventgraph.api.access import StoreGate
from eventgraph.records import (
    ActorRef,
    DateRef,
    Document,
    Event,
    PlaceRef,
    ProcessedDocument,
    RemovedSpan,
    Sentence,
    content_hash,
    event_id_for,
)
from eventgraph.store import Store, table_rows
from eventgraph.store.owner import serve_file_path

ARM = ActorRef("ARM", "Armenia", "Armenia", "GOV")
AZE = ActorRef("AZE", "Azerbaijan", "Baku")
RUS = ActorRef("RUS", "Russia", "Moscow", "GOV")
EU = ActorRef("EU", "European Union", "the EU")

# (sentence, [(evidence words, source, target, type, cameo, goldstein, quad, date, place, flags)])
ARTICLES = {
    "moscow.txt": (
        "Moscow Wire",
        date(2023, 5, 26),
        "https://example.org/moscow",
        [
            (
                "Armenia accused Moscow of failing to protect the corridor.",
                [("Armenia accused Moscow", ARM, RUS, "ACCUSE", "112", -2.0, 3, "2023-05-25", None, {})],
            ),
            (
                "Moscow hosted talks with Armenia and Baku in the Kremlin.",
                [
                    (
                        "Moscow hosted talks with Armenia",
                        RUS,
                        ARM,
                        "CONSULT",
                        "043",
                        2.8,
                        1,
                        "2023-05-25",
                        None,
                        {},
                    ),
                    (
                        "Moscow hosted talks with Armenia and Baku",
                        RUS,
                        AZE,
                        "CONSULT",
                        "043",
                        2.8,
                        1,
                        None,
                        None,
                        {},
                    ),
                ],
            ),
            (
                "Armenia did not ask Moscow for troops.",
                [
                    (
                        "Armenia did not ask Moscow",
                        ARM,
                        RUS,
                        "REQUEST",
                        "020",
                        3.0,
                        1,
                        "2023-05",
                        None,
                        {"neg": 1},
                    )
                ],
            ),
        ],
    ),
    "brussels.txt": (
        "Brussels Desk",
        date(2023, 7, 16),
        None,
        [
            (
                "The EU met Armenia in Brussels on Sunday.",
                [
                    (
                        "The EU met Armenia",
                        EU,
                        ARM,
                        "CONSULT",
                        "040",
                        1.0,
                        1,
                        "2023-07-16",
                        PlaceRef("Brussels", "gn:2800866", 50.85, 4.35),
                        {},
                    )
                ],
            ),
            (
                "Baku may attack Armenia again, officials warned.",
                [
                    (
                        "Baku may attack Armenia",
                        AZE,
                        ARM,
                        "ASSAULT",
                        "190",
                        -10.0,
                        4,
                        "2023-07-16",
                        None,
                        {"hyp": 1, "modality": "intent"},
                    )
                ],
            ),
        ],
    ),
    "offensive.txt": (
        "Moscow Wire",
        date(2023, 9, 20),
        None,
        [
            (
                "Baku shelled Armenia near Stepanakert.",
                [
                    (
                        "Baku shelled Armenia",
                        AZE,
                        ARM,
                        "ASSAULT",
                        "195",
                        -10.0,
                        4,
                        "2023-09-19",
                        PlaceRef("Stepanakert", "gn:174875", 39.82, 46.75),
                        {},
                    )
                ],
            ),
            (
                "Armenia protested.",
                [("Armenia protested", ARM, None, "PROTEST", "140", -6.5, 3, "2023-09-20", None, {})],
            ),
        ],
    ),
}
N_EVENTS = 8


def processed(name: str) -> ProcessedDocument:
    outlet, published, url, paragraphs = ARTICLES[name]
    body = "\n".join(sentence for sentence, _ in paragraphs)
    original = "SUBSCRIBE NOW\n" + body
    doc = Document(
        doc_id=content_hash(original),
        name=name,
        text=body,
        original_text=original,
        title=f"Report {name}",
        outlet=outlet,
        published=published,
        url=url,
        removed=[RemovedSpan(0, 14, "boilerplate", "SUBSCRIBE NOW\n")],
    )
    item = ProcessedDocument(document=doc)
    for index, (sentence, events) in enumerate(paragraphs):
        start = body.index(sentence)
        item.sentences.append(Sentence(doc.doc_id, index, start, start + len(sentence), sentence))
        for words, src, tgt, kind, cameo, goldstein, quad, when, place, flags in events:
            span = (start + sentence.index(words), start + sentence.index(words) + len(words))
            item.events.append(
                Event(
                    event_id=event_id_for(doc.doc_id, span, src.id, tgt.id if tgt else None, kind),
                    doc_id=doc.doc_id,
                    doc_name=name,
                    sentence_index=index,
                    sentence=sentence,
                    span=span,
                    source=src,
                    target=tgt,
                    type=kind,
                    mode=None,
                    cameo=cameo,
                    goldstein=goldstein,
                    quad_class=quad,
                    negated=bool(flags.get("neg")),
                    hypothetical=bool(flags.get("hyp")),
                    date=DateRef(when, "day" if when and len(when) == 10 else "month") if when else None,
                    place=place,
                    pattern=f"{kind.lower()}.verb",
                    trigger=words.split()[-2],
                    modality=flags.get("modality"),
                )
            )
    return item


def write_store(path: Path) -> Path:
    with Store(path) as store:
        store.write([processed(name) for name in ARTICLES])
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("api") / "api.duckdb")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def items(client: TestClient, path: str, **params: object) -> list[dict]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def types(client: TestClient, **params: object) -> list[str]:
    return sorted(e["type"] for e in items(client, "/events", limit=500, **params))


# ------------------------------------------------------------------------------------ events


def test_events_are_paginated_with_the_total_of_all_matches(client: TestClient) -> None:
    first = client.get("/events", params={"limit": 3}).json()
    second = client.get("/events", params={"limit": 3, "offset": 3}).json()
    assert (first["total"], len(first["items"]), len(second["items"])) == (N_EVENTS, 3, 3)
    assert not {e["event_id"] for e in first["items"]} & {e["event_id"] for e in second["items"]}


def test_events_come_in_date_order_with_undated_last(client: TestClient) -> None:
    dates = [e["date"]["value"] if e["date"] else None for e in items(client, "/events", limit=500)]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, key=lambda d: d.split("/")[0]) and dates[-1] is None


def test_dyad_filter_takes_both_directions_unless_directed(client: TestClient) -> None:
    assert types(client, dyad="ARM,RUS") == ["ACCUSE", "CONSULT", "REQUEST"]
    assert types(client, dyad="RUS,ARM", directed=True) == ["CONSULT"]


def test_actor_source_and_target_filters(client: TestClient) -> None:
    assert len(items(client, "/events", actor="aze", limit=500)) == 3
    assert types(client, source="AZE") == ["ASSAULT", "ASSAULT"]
    assert types(client, target="AZE") == ["CONSULT"]


def test_type_filter_takes_a_comma_separated_list_in_any_case(client: TestClient) -> None:
    assert types(client, type="accuse,PROTEST") == ["ACCUSE", "PROTEST"]


def test_quad_class_filter(client: TestClient) -> None:
    assert types(client, quad_class=4) == ["ASSAULT", "ASSAULT"]


def test_date_range_includes_the_whole_until_month_and_drops_undated_events(client: TestClient) -> None:
    assert types(client, since="2023-05", until="2023-05") == ["ACCUSE", "CONSULT", "REQUEST"]
    assert types(client, since="2023-09-20") == ["PROTEST"]


def test_outlet_and_text_search_filters(client: TestClient) -> None:
    assert types(client, outlet="brussels desk") == ["ASSAULT", "CONSULT"]
    assert types(client, q="stepanakert") == ["ASSAULT"]


def test_text_search_ignores_case_takes_punctuation_literally_and_counts_every_match(
    client: TestClient,
) -> None:
    assert types(client, q="STEPANAKERT") == types(client, q="Stepanakert") == ["ASSAULT"]
    assert types(client, q="stepanaker.") == [] and types(client, q="(") == []  # not a pattern
    every = client.get("/events", params={"q": "a", "limit": 500}).json()
    assert every["total"] == len(every["items"]) > 2
    second = client.get("/events", params={"q": "a", "limit": 1, "offset": 1}).json()
    beyond = client.get("/events", params={"q": "a", "limit": 1, "offset": 500}).json()
    assert second["total"] == beyond["total"] == every["total"]
    assert second["items"] == every["items"][1:2] and beyond["items"] == []


def test_hypothetical_events_can_be_chosen_by_why_they_are_not_fact(client: TestClient) -> None:
    intended = items(client, "/events", modality="intent")
    assert len(intended) == 1 and intended[0]["hypothetical"] and intended[0]["modality"] == "intent"
    assert items(client, "/events", modality="possibility,condition") == []
    wrong = client.get("/events", params={"modality": "maybe"})
    assert wrong.status_code == 422 and "maybe" in wrong.text


def test_negated_and_hypothetical_events_can_be_left_out(client: TestClient) -> None:
    assert "REQUEST" not in types(client, include_negated=False)
    assert types(client, include_hypothetical=False).count("ASSAULT") == 1
    assert len(types(client, include_negated=False, include_hypothetical=False)) == N_EVENTS - 2


def test_with_place_keeps_only_events_with_coordinates(client: TestClient) -> None:
    placed = items(client, "/events", with_place=True)
    assert sorted(e["place"]["name"] for e in placed) == ["Brussels", "Stepanakert"]


def test_event_rows_carry_the_outlet_date_and_link_of_their_article(client: TestClient) -> None:
    accuse = items(client, "/events", type="ACCUSE")[0]
    assert (accuse["outlet"], accuse["published"], accuse["url"]) == (
        "Moscow Wire",
        "2023-05-26",
        "https://example.org/moscow",
    )
    source = accuse["source"]
    assert {k: source[k] for k in ("id", "name", "text", "sector")} == {
        "id": "ARM",
        "name": "Armenia",
        "text": "Armenia",
        "sector": "GOV",
    }
    assert (source["code"], source["secondary"]) == ("ARMGOV", [])  # country + primary sector


def test_event_detail_shows_the_evidence_sentence_in_its_paragraph(client: TestClient) -> None:
    consult = items(client, "/events", dyad="RUS,ARM", directed=True)[0]
    detail = client.get(f"/events/{consult['event_id']}").json()
    ctx = detail["context"]
    assert ctx["text"][ctx["sentence_start"] : ctx["sentence_end"]] == consult["sentence"]
    assert ctx["text"][ctx["span_start"] : ctx["span_end"]] == "Moscow hosted talks with Armenia"
    assert detail["pattern"] == "consult.verb"
    assert detail["document"]["name"] == "moscow.txt"


def test_event_found_by_id_prefix_and_unknown_event_is_404(client: TestClient) -> None:
    event_id = items(client, "/events", type="PROTEST")[0]["event_id"]
    assert client.get(f"/events/{event_id[:8]}").json()["event_id"] == event_id
    missing = client.get("/events/0000000000000000")
    assert missing.status_code == 404 and "0000000000000000" in missing.json()["detail"]


# --------------------------------------------------------------------------------- documents


def test_documents_list_is_paginated_and_filterable(client: TestClient) -> None:
    page = client.get("/documents", params={"limit": 2}).json()
    assert (page["total"], [d["name"] for d in page["items"]]) == (3, ["moscow.txt", "brussels.txt"])
    assert [d["name"] for d in items(client, "/documents", outlet="Moscow Wire", since="2023-06")] == [
        "offensive.txt"
    ]
    assert [d["name"] for d in items(client, "/documents", q="brussels")] == ["brussels.txt"]


def test_document_detail_has_cleaned_text_removed_spans_and_event_marks(client: TestClient) -> None:
    doc = client.get("/documents/brussels.txt").json()
    assert doc["text"].startswith("The EU met Armenia") and doc["original_text"].startswith("SUBSCRIBE NOW")
    assert doc["removed"] == [{"start": 0, "end": 14, "reason": "boilerplate", "text": "SUBSCRIBE NOW\n"}]
    marked = [doc["text"][m["span"][0] : m["span"][1]] for m in doc["events"]]
    assert sorted(marked) == ["Baku may attack Armenia", "The EU met Armenia"]
    assert client.get("/documents/nothing-like-this").status_code == 404


# ----------------------------------------------------------------------------- actors, dyads


def test_actors_are_counted_as_source_and_target(client: TestClient) -> None:
    actors = {a["actor_id"]: a for a in items(client, "/actors")}
    assert (actors["ARM"]["as_source"], actors["ARM"]["as_target"]) == (3, 4)
    assert list(actors)[0] == "ARM"
    assert [a["actor_id"] for a in items(client, "/actors", q="europe")] == ["EU"]


def test_dyads_count_asserted_events_undirected_busiest_first(client: TestClient) -> None:
    dyads = items(client, "/dyads")
    pairs = [(d["source_id"], d["target_id"], d["events"]) for d in dyads]
    # ARM–RUS: accuse + consult (the negated request does not count); ARM–AZE: one shelling.
    assert pairs[0] == ("ARM", "RUS", 2)
    assert ("ARM", "AZE", 1) in pairs
    directed = [(d["source_id"], d["target_id"]) for d in items(client, "/dyads", directed=True)]
    assert ("RUS", "ARM") in directed and ("ARM", "RUS") in directed


def test_actor_resolution_gives_the_role_valid_at_the_date(client: TestClient) -> None:
    pytest.importorskip("eventgraph.actors")
    now = client.get(
        "/actors/resolve", params={"text": "Armenian Prime Minister Nikol Pashinyan", "date": "2023-05-01"}
    )
    body = now.json()
    assert (body["found"], body["id"], body["sector"]) == (True, "ARM", "GOV")
    assert body["role"]["title"] == "Prime Minister"
    earlier = client.get("/actors/resolve", params={"text": "Nikol Pashinyan", "date": "2015-01-01"}).json()
    assert earlier["role"] is None or earlier["role"]["title"] != "Prime Minister"


def test_actor_resolution_in_context_gives_country_sectors_and_code(client: TestClient) -> None:
    pytest.importorskip("eventgraph.actors")
    params = {
        "text": "Karabakh authorities",
        "date": "2021-03-01",
        "context": "Karabakh authorities said the road was closed.",
    }
    body = client.get("/actors/resolve", params=params).json()
    assert (body["id"], body["country"], body["sector"], body["secondary"], body["code"]) == (
        "NKR",
        "AZE",
        "GOV",
        ["PRE"],
        "AZEGOV",
    )


def test_actor_resolution_of_an_unknown_phrase_says_not_found(client: TestClient) -> None:
    pytest.importorskip("eventgraph.actors")
    body = client.get("/actors/resolve", params={"text": "the quick brown fox"}).json()
    assert body["found"] is False and body["id"] is None


# -------------------------------------------------------------------------------- analysis


def test_dyad_endpoint_gives_the_series_and_its_shifts(client: TestClient) -> None:
    response = client.get("/dyads/ARM/RUS", params={"period": "month"})
    if response.status_code == 501:
        pytest.skip(response.json()["detail"])
    assert response.status_code == 200, response.text
    tables = {t["name"]: t for t in response.json()["tables"]}
    assert set(tables) == {"series", "shifts"}
    months = [r["period"] for r in tables["series"]["rows"] if r["events"]]
    assert months == ["2023-05"]


@pytest.mark.parametrize("path", ["/network", "/mediation", "/sources", "/disagreements"])
def test_analysis_endpoints_answer_tables_or_say_they_are_missing(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 501), response.text
    if response.status_code == 200:
        assert response.json()["tables"]
    else:
        assert "not available" in response.json()["detail"]


# ---------------------------------------------------------------------------------- export


def test_export_csv_and_parquet_hold_the_filtered_flat_rows(client: TestClient) -> None:
    csv = client.get("/export", params={"format": "csv", "actor": "AZE"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == 1 + 3
    parquet = client.get("/export", params={"format": "parquet", "type": "ASSAULT"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == 2 and "span_start" in table.column_names


def test_export_jsonl_has_the_nested_schema(client: TestClient) -> None:
    lines = client.get("/export", params={"format": "jsonl", "dyad": "EU,ARM"}).text.splitlines()
    record = json.loads(lines[0])
    assert len(lines) == 1
    assert record["place"] == {"name": "Brussels", "id": "gn:2800866", "lat": 50.85, "lon": 4.35}
    assert record["source"]["id"] == "EU"


# ------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/events", {"limit": 501}, "limit"),
        ("/events", {"limit": 0}, "limit"),
        ("/events", {"offset": -1}, "offset"),
        ("/events", {"since": "2023-13"}, "since"),
        ("/events", {"until": "yesterday"}, "until"),
        ("/events", {"dyad": "ARM"}, "dyad"),
        ("/events", {"quad_class": 7}, "quad_class"),
        ("/events", {"type": "CONSULT;DROP"}, "type"),
        ("/events", {"actor": "<script>"}, "actor"),
        ("/export", {"format": "xlsx"}, "format"),
        ("/actors/resolve", {"text": ""}, "text"),
        ("/actors/resolve", {"text": "Pashinyan", "date": "2023-02-30"}, "date"),
        ("/dyads/ARM/RUS", {"period": "decade"}, "period"),
        ("/documents", {"limit": "many"}, "limit"),
        ("/actors/resolve", {"text": "Pashinyan", "profile": "atlantis"}, "profile"),
        ("/mediation", {"profile": "atlantis"}, "profile"),
        ("/network", {"profile": "Not A Profile"}, "profile"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_parameter(
    client: TestClient, path: str, params: dict, named: str
) -> None:
    response = client.get(path, params=params)
    assert 400 <= response.status_code < 500, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and named in detail


def test_a_missing_database_is_a_503_with_its_name(tmp_path: Path) -> None:
    app = create_app(tmp_path / "absent.duckdb")
    response = TestClient(app, raise_server_exceptions=False).get("/events")
    assert response.status_code == 503 and "absent.duckdb" in response.json()["detail"]


def test_a_database_locked_by_a_writing_process_is_a_503_not_a_500(tmp_path: Path) -> None:
    db = write_store(tmp_path / "locked.duckdb")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok',flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        app = create_app(db)
        app.state.gate.retry_seconds = 0.3
        started = time.monotonic()
        response = TestClient(app, raise_server_exceptions=False).get("/events")
        assert response.status_code == 503, response.text
        assert "being written" in response.json()["detail"] and response.headers["retry-after"]
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    assert TestClient(app).get("/events").status_code == 200


def test_while_the_server_owns_the_file_other_commands_are_told_where_it_is(tmp_path: Path) -> None:
    db = write_store(tmp_path / "served.duckdb")
    app = create_app(db, url="http://127.0.0.1:9")
    with TestClient(app) as api:  # the lifespan opens the file and publishes the serve file
        assert api.get("/events").json()["total"] == N_EVENTS
        assert serve_file_path(db).exists()
        other = subprocess.run(
            [sys.executable, "-m", "eventgraph.cli", "events", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert other.returncode == 1
        message = " ".join(other.stderr.split())
        assert "served by `eventgraph serve` at http://127.0.0.1:9" in message, message
        assert "Could not set lock" not in message
    assert not serve_file_path(db).exists()  # withdrawn when the server stopped
    with Store(db, read_only=True) as store:
        assert store.counts()["events"] == N_EVENTS


def test_serve_refuses_a_missing_database_with_a_message(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from eventgraph.api.commands import serve

    cli = typer.Typer()
    cli.command()(serve)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.duckdb"), "--port", "8123"])
    assert result.exit_code == 1 and "none.duckdb" in result.output


def test_readers_share_the_file(db: Path) -> None:
    gate = StoreGate(db)
    with gate.reader() as first, gate.reader() as second:
        assert first.counts()["events"] == second.counts()["events"] == N_EVENTS


def test_a_reader_keeps_its_snapshot_while_a_batch_is_written_and_the_next_reader_sees_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "snapshots.duckdb"
    with Store(db) as store:
        store.write([processed("moscow.txt")])
    gate = StoreGate(db)
    try:
        with gate.reader() as before:
            first = before.counts()["events"]
            with gate.writer() as writer:  # does not wait for the open reader
                written = writer.write_batch(table_rows([processed("brussels.txt")]))
            assert written.write.added == 1 and written.write.events > 0
            assert before.counts()["events"] == first  # the reader's snapshot is unchanged
        with gate.reader() as after:
            assert after.counts()["events"] == first + written.write.events
        assert gate.version() == 1
    finally:
        gate.close()


def test_answers_are_kept_until_the_next_batch_and_then_recomputed(tmp_path: Path) -> None:
    db = tmp_path / "cached.duckdb"
    with Store(db) as store:
        store.write([processed("moscow.txt")])
    app = create_app(db)
    with TestClient(app) as api:
        first = api.get("/events?limit=5")
        again = api.get("/events?limit=5")
        assert first.headers["x-eventgraph-cache"] == "miss" and again.headers["x-eventgraph-cache"] == "hit"
        assert again.json() == first.json()
        assert api.get("/events?limit=6").headers["x-eventgraph-cache"] == "miss"  # by query string
        assert "x-eventgraph-cache" not in api.get("/status").headers  # not a store answer
        with app.state.gate.writer() as writer:
            written = writer.write_batch(table_rows([processed("brussels.txt")]))
        after = api.get("/events?limit=5")
        assert after.headers["x-eventgraph-cache"] == "miss"
        assert after.json()["total"] == first.json()["total"] + written.write.events
        assert api.get("/events/no-such-event").status_code == 404
        assert api.get("/events/no-such-event").headers.get("x-eventgraph-cache") != "hit"  # only 200s


def test_without_the_cache_every_answer_is_computed(tmp_path: Path) -> None:
    db = write_store(tmp_path / "uncached.duckdb")
    with TestClient(create_app(db, cache_bytes=0)) as api:
        answers = [api.get("/overview") for _ in range(2)]
    assert all("x-eventgraph-cache" not in a.headers for a in answers)
    assert answers[0].json() == answers[1].json() and answers[0].json()["events"] == N_EVENTS


def test_concurrent_requests_on_a_live_server_all_succeed(db: Path) -> None:
    import httpx
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    try:
        ids = [e["event_id"] for e in httpx.get(f"{base}/events").json()["items"]]
        urls = [f"{base}/events/{i}" for i in ids] * 3 + [f"{base}/events?dyad=ARM,RUS"] * 8
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda url: httpx.get(url, timeout=20).status_code, urls))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert statuses == [200] * len(urls)


# --------------------------------------------------------------------------------- schema


def test_every_json_response_is_a_named_model_in_the_openapi_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if path == "/export":
                continue
            ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
            assert "$ref" in ok, f"{method.upper()} {path} has an untyped response"
            for code in ("404", "422", "503"):
                assert operation["responses"][code]["content"]["application/json"]["schema"]["$ref"].endswith(
                    "/Problem"
                ), f"{method.upper()} {path} {code}"


SCHEMATHESIS_EXAMPLES = 6


def test_schemathesis_finds_no_server_error_and_no_off_schema_response(tmp_path: Path) -> None:
    """Generated valid and invalid requests for every operation: never a 5xx (501, "analysis not installed",
    is declared), and every success or 4xx in the shape the schema declares."""
    schemathesis = pytest.importorskip(
        "schemathesis", reason="schemathesis is not installed: the lead adds it to the dev lock"
    )
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.specs.openapi.checks import response_schema_conformance

    app = create_app(write_store(tmp_path / "fuzz.duckdb"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        # Each generated article would run the whole NLP pipeline; a few show the point.
        examples = 3 if operation.method.upper() == "POST" else SCHEMATHESIS_EXAMPLES
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
            )
            def call(case) -> None:  # type: ignore[no-untyped-def]
                try:
                    response = case.call()
                except Exception as exc:  # the ASGI transport re-raises what became a 500
                    failures.append(f"{case.method} {case.formatted_path} {case.query} → {exc!r}")
                    return
                if response.status_code >= 500 and response.status_code != 501:
                    failures.append(
                        f"{case.method} {case.formatted_path} {case.query} → {response.status_code}"
                    )
                    return
                if response.status_code < 300 or response.status_code in (404, 422):
                    case.validate_response(response, checks=[response_schema_conformance])

            try:
                call()
            except Unsatisfiable:
                # No parameters to make invalid (e.g. GET /overview): nothing negative to send.
                assert mode == schemathesis.GenerationMode.NEGATIVE
    assert failures == []


# ---------------------------------------------------------------------------------- ingest


@pytest.fixture(scope="module")
def ingest_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = write_store(tmp_path_factory.mktemp("ingest") / "ingest.duckdb")
    return TestClient(create_app(db), raise_server_exceptions=False)


ARTICLE = {
    "id": "api-test-1",
    "title": "Pashinyan and Aliyev meet in Brussels",
    "text": (
        "Armenian Prime Minister Nikol Pashinyan met Azerbaijani President Ilham Aliyev in Brussels on "
        "Sunday.\n\nRussia accused the European Union of meddling in the South Caucasus."
    ),
    "published": "2023-07-16",
    "source": "Test Desk",
    "url": "https://example.org/api-test-1",
}


def test_ingest_a_batch_goes_on_past_bad_items_and_reports_each(ingest_client: TestClient) -> None:
    batch = [ARTICLE, {"id": "empty", "text": "   "}, "not an article", {"id": "typed", "text": 42}, ARTICLE]
    response = ingest_client.post("/ingest", json=batch)
    assert response.status_code == 200, response.text
    result = response.json()
    statuses = [(i["index"], i["status"]) for i in result["items"]]
    assert statuses == [
        (0, "added"),
        (1, "rejected"),
        (2, "rejected"),
        (3, "rejected"),
        (4, "already_stored"),
    ]
    reasons = [i["reason"] for i in result["items"][1:4]]
    assert "text" in reasons[0] and "str" in reasons[1] and "text" in reasons[2]
    added = result["items"][0]
    assert added["events"] >= 1
    stored = items(ingest_client, "/events", doc=added["doc_id"], limit=500)
    assert len(stored) == added["events"]
    assert {e["outlet"] for e in stored} == {"Test Desk"}


def test_ingesting_a_stored_article_again_adds_nothing(ingest_client: TestClient) -> None:
    again = ingest_client.post("/ingest", json=ARTICLE).json()
    assert (again["added"], again["already_stored"]) == (0, 1)


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b"[]", 400, "empty"),
        (json.dumps([{"text": "a"}] * 21).encode(), 400, "at most 20"),
        (b"7", 400, "expected an article"),
        (json.dumps({"title": "no text"}).encode(), 422, "text"),
    ],
)
def test_unusable_ingest_requests_are_refused_with_a_reason(
    ingest_client: TestClient, body: bytes, status: int, words: str
) -> None:
    response = ingest_client.post("/ingest", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


# ------------------------------------------------------------------------------- dashboard


VENDOR = Path(__file__).resolve().parents[1] / "src" / "eventgraph" / "web" / "static" / "vendor"


def test_dashboard_is_served_with_only_local_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    off_server = [link for link in links if link.startswith("//") or not link.startswith(("/", "data:"))]
    assert links and off_server == []
    for link in links:
        if link.startswith("/static/"):
            assert client.get(link).status_code == 200, link


def test_bundled_plotly_is_the_installed_plotly(client: TestClient) -> None:
    from plotly.offline import get_plotlyjs

    served = client.get("/static/vendor/plotly.min.js")
    assert served.status_code == 200 and served.text == get_plotlyjs()


def test_bundled_country_outlines_cover_the_south_caucasus() -> None:
    topology = json.loads((VENDOR / "countries-110m.json").read_text(encoding="utf-8"))
    names = {g["properties"]["name"] for g in topology["objects"]["countries"]["geometries"]}
    assert {"Armenia", "Azerbaijan", "Georgia", "Turkey", "Iran", "Russia"} <= names
    assert (VENDOR / "countries-110m.LICENSE.txt").read_text().count("Natural Earth")


def test_api_docs_page_uses_the_bundled_swagger_ui(client: TestClient) -> None:
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_the_dashboard_analyses_are_computed_after_each_batch_before_anyone_asks(tmp_path: Path) -> None:
    db = tmp_path / "warm.duckdb"
    with Store(db) as store:
        store.write([processed("moscow.txt")])
    app = create_app(db)
    with TestClient(app) as api:
        warmer = app.state.warmer
        assert wait_for(lambda: warmer.rounds == 1), "no warm-up after the server took the file"
        with app.state.gate.writer() as writer:
            writer.write_batch(table_rows([processed("brussels.txt")]))
        assert wait_for(lambda: warmer.rounds == 2), "no warm-up after the batch"
        computed = warmer.analyses
        hits = {key[0] for key, (version, _) in computed._cache.items() if version == 1}
        assert {"sources", "mediation", "network", "disagreements"} <= hits
        assert api.get("/sources").json() == json.loads(computed.sources().model_dump_json())


def wait_for(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
