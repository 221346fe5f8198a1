"""Which outlets carry a speaker's claims and which leave them out (issue 14, "Across outlets"): the
analysis, ``eventgraph claims outlets`` and ``GET /claims/outlets`` on stores built by the pipeline."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventgraph.analysis.claim_outlets import load_coverage, speaker_coverage
from eventgraph.analysis.config import AnalysisError
from eventgraph.api import create_app
from eventgraph.cli import app
from eventgraph.store import Store
from tests.conftest import SAMPLES_DIR

runner = CliRunner()

# (name, outlet, published, text): Russia's accusation carried by Wire A and Wire B in January; Wire C
# publishes in January without it (leaves it out); Wire D publishes only in March (cannot leave it out).
# (Two identical texts would be one document.)
ARTICLES = [
    (
        "a.txt",
        "Wire A",
        date(2023, 1, 5),
        "Russia accused the United States of undermining regional security.",
    ),
    (
        "b.txt",
        "Wire B",
        date(2023, 1, 20),
        "Moscow accused the United States of undermining regional security.",
    ),
    ("c.txt", "Wire C", date(2023, 1, 12), "The European Union praised Armenia for the agreement."),
    ("d.txt", "Wire D", date(2023, 3, 2), "Armenian officials accused Baku of cutting off the gas supply."),
]


def ingest(path: Path, documents: list) -> Path:  # type: ignore[type-arg]
    from eventgraph.evaluate.runner import shared_pipeline
    from eventgraph.pipeline import ingest_into

    with Store(path) as store:
        ingest_into(store, documents, shared_pipeline())
    return path


@pytest.fixture(scope="module")
def wires(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eventgraph.ingest import document_from_text

    documents = []
    for name, outlet, published, text in ARTICLES:
        document = document_from_text(text, name=name, published=published)
        document.outlet = outlet
        documents.append(document)
    return ingest(tmp_path_factory.mktemp("wires") / "wires.duckdb", documents)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eventgraph.ingest import read_inputs

    return ingest(
        tmp_path_factory.mktemp("samples") / "samples.duckdb", list(read_inputs([str(SAMPLES_DIR)]))
    )


def test_outlets_carrying_leaving_out_and_silent_in_the_month(wires: Path):
    with Store(wires, read_only=True) as store:
        coverage = load_coverage(store, "rus")
        text_of = {d["doc_id"]: store.document(d["doc_id"])["text"] for d in store.documents()}
    (cluster,) = coverage.clusters  # the same accusation in two documents is one claim cluster
    assert cluster.outlets == ["Wire A", "Wire B"]
    assert cluster.left_out_by == ["Wire C"]  # published in January without it; Wire D only in March
    for carriage in cluster.carried_by:  # the evidence opens the words of the claim
        start, end = carriage.proposition_span
        assert text_of[carriage.doc_id][start:end] == cluster.proposition
        assert "undermining regional security" in text_of[carriage.doc_id][slice(*carriage.span)]
    outlets = {o.outlet: o for o in coverage.outlets}
    assert (outlets["Wire A"].carried, outlets["Wire A"].share) == ([cluster.cluster_id], 1.0)
    assert (outlets["Wire C"].left_out, outlets["Wire C"].share) == ([cluster.cluster_id], 0.0)
    assert (outlets["Wire D"].carried, outlets["Wire D"].left_out, outlets["Wire D"].share) == ([], [], None)


def test_a_date_range_an_about_actor_and_a_floor_of_outlets_select_clusters(wires: Path):
    with Store(wires, read_only=True) as store:
        rows, documents = store.claims(), store.documents_frame()
    narrow = speaker_coverage(rows, documents, "RUS", since="2023-01-10", until="2023-01")
    (cluster,) = narrow.clusters
    assert cluster.outlets == ["Wire B"] and cluster.left_out_by == ["Wire C"]  # Wire A's is of Jan 5
    assert [o.outlet for o in narrow.outlets] == ["Wire B", "Wire C"]
    assert speaker_coverage(rows, documents, "RUS", since="2023-02").clusters == []
    about_usa = speaker_coverage(rows, documents, "RUS", about="USA").clusters
    assert [c.cluster_id for c in about_usa] == [cluster.cluster_id]
    assert speaker_coverage(rows, documents, "RUS", about="ARM").clusters == []
    assert len(speaker_coverage(rows, documents, "RUS", min_outlets=2).clusters) == 1
    assert speaker_coverage(rows, documents, "RUS", min_outlets=3).clusters == []


def test_the_reprinted_samples_carry_russias_claims_and_outlets_of_that_month_leave_them_out(samples: Path):
    """09a (Caucasus Wire, 5 May 2023) and its reprint 09b (Eurasia Desk, 6 May) carry the same claims.
    Black Sea Monitor and Caspian Courier published in May 2023 without them; Yerevan Ledger and Baku
    Observer published nothing that month, so they leave nothing of May out."""
    with Store(samples, read_only=True) as store:
        coverage = load_coverage(store, "RUS")
        may = {d["outlet"] for d in store.documents() if str(d["published"]).startswith("2023-05")}
    assert may == {"Caucasus Wire", "Eurasia Desk", "Black Sea Monitor", "Caspian Courier"}
    reprinted = [
        c
        for c in coverage.clusters
        if {x.doc_name for x in c.carried_by}
        >= {"09a_arlington_talks_2023.txt", "09b_arlington_talks_2023_reprint.txt"}
    ]
    assert reprinted, "Russia's claims in the Arlington reprint pair form clusters carried by both"
    for cluster in reprinted:
        assert cluster.outlets == ["Caucasus Wire", "Eurasia Desk"]
        assert cluster.left_out_by == ["Black Sea Monitor", "Caspian Courier"]
    outlets = {o.outlet: o for o in coverage.outlets}
    assert {c.cluster_id for c in reprinted} <= set(outlets["Caspian Courier"].left_out)
    assert not {c.cluster_id for c in reprinted} & set(outlets["Yerevan Ledger"].left_out)
    for outlet in outlets.values():  # the share is what it carries of what it could have carried
        could = len(outlet.carried) + len(outlet.left_out)
        assert outlet.share == (len(outlet.carried) / could if could else None)


def test_undated_documents_form_a_period_of_their_own(samples: Path):
    """Only Caspian Courier's 19_iran_zangezur_undated.txt has no publication date: the claims it alone
    carries are left out by nobody, and a date range leaves them out of the view."""
    with Store(samples, read_only=True) as store:
        undated = {d["outlet"] for d in store.documents() if d["published"] is None}
        speakers = [s for s, _ in store.claim_speaker_counts()]
        coverages = [load_coverage(store, s) for s in speakers]
        ranged = [load_coverage(store, s, since="2020-01") for s in speakers]
    assert undated == {"Caspian Courier"}
    clusters = [c for cov in coverages for c in cov.clusters if c.first_published is None]
    assert clusters, "the undated article carries claims"
    assert all(c.outlets == ["Caspian Courier"] and c.left_out_by == [] for c in clusters)
    assert not [c for cov in ranged for c in cov.clusters if c.first_published is None]


def test_unknown_speaker_and_empty_store_are_named(samples: Path, tmp_path: Path):
    with Store(samples, read_only=True) as store, pytest.raises(AnalysisError, match="speaker 'XYZ'.*RUS"):
        load_coverage(store, "XYZ")
    Store(tmp_path / "empty.duckdb").close()
    with (
        Store(tmp_path / "empty.duckdb", read_only=True) as store,
        pytest.raises(AnalysisError, match="no claims"),
    ):
        load_coverage(store, "RUS")


# ------------------------------------------------------------------------------------------- CLI


def run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def test_cli_lists_outlets_and_clusters_with_their_evidence(wires: Path):
    result = run("claims", "outlets", "--db", wires, "--speaker", "RUS", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = {r["outlet"]: r for r in map(json.loads, result.output.splitlines())}
    assert (lines["Wire A"]["carried"], lines["Wire C"]["left_out"], lines["Wire D"]["share"]) == (1, 1, None)
    result = run("claims", "outlets", "--db", wires, "--speaker", "RUS", "--clusters", "--format", "jsonl")
    (cluster,) = map(json.loads, result.output.splitlines())
    assert cluster["left_out_by"] == ["Wire C"]
    assert [(c["outlet"], c["doc_name"]) for c in cluster["carried_by"]] == [
        ("Wire A", "a.txt"),
        ("Wire B", "b.txt"),
    ]
    result = run("claims", "outlets", "--db", wires, "--speaker", "RUS", "--clusters", "--format", "csv")
    header, row = result.output.splitlines()
    assert "evidence" in header.split(",") and "Wire C" in row
    table = run("claims", "outlets", "--db", wires, "--speaker", "RUS")
    assert table.exit_code == 0 and "Wire C" in table.output and "100%" in table.output
    assert run("claims", "--db", wires, "--speaker", "RUS", "--format", "jsonl").output.count("\n") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--speaker", "XYZ"], "speaker 'XYZ': no claims by this speaker"),
        (["--speaker", "RUS", "--since", "2023-13"], "date '2023-13'"),
        (["--speaker", "RUS", "--format", "xml"], "--format 'xml'"),
    ],
)
def test_cli_bad_input_is_one_line(wires: Path, args: list[str], message: str):
    result = run("claims", "outlets", "--db", wires, *args)
    shown = " ".join(result.output.split())
    assert result.exit_code == 1 and message in shown and "Traceback" not in shown


def test_cli_names_a_missing_or_empty_store(tmp_path: Path):
    result = run("claims", "outlets", "--db", tmp_path / "none.duckdb", "--speaker", "RUS")
    assert result.exit_code == 1 and "no such database" in " ".join(result.output.split())
    Store(tmp_path / "empty.duckdb").close()
    result = run("claims", "outlets", "--db", tmp_path / "empty.duckdb", "--speaker", "RUS")
    assert result.exit_code == 1 and "holds no claims" in " ".join(result.output.split())


# ------------------------------------------------------------------------------------------- API


def test_api_gives_outlets_and_a_page_of_clusters(wires: Path, tmp_path: Path):
    copy = tmp_path / "served.duckdb"
    copy.write_bytes(wires.read_bytes())  # the server holds its store open for writing
    client = TestClient(create_app(copy, warm=False), raise_server_exceptions=False)
    first = client.get("/claims/outlets", params={"speaker": "RUS"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["speaker"], body["speaker_name"], body["total"]) == ("RUS", "Russia", 1)
    outlets = {o["outlet"]: o for o in body["outlets"]}
    assert outlets["Wire C"]["left_out_clusters"] == [body["items"][0]["cluster_id"]]
    assert outlets["Wire D"]["share"] is None
    (cluster,) = body["items"]
    assert cluster["outlets"] == ["Wire A", "Wire B"] and cluster["left_out_by"] == ["Wire C"]
    assert all(len(c["span"]) == 2 and c["doc_id"] for c in cluster["carried_by"])
    assert client.get("/claims/outlets", params={"speaker": "RUS"}).headers["x-eventgraph-cache"] == "hit"
    later = client.get("/claims/outlets", params={"speaker": "RUS", "since": "2023-02"}).json()
    assert (later["total"], later["items"]) == (0, [])
    unknown = client.get("/claims/outlets", params={"speaker": "XYZ"})
    assert unknown.status_code == 404 and "speaker 'XYZ'" in unknown.json()["detail"]
    assert client.get("/claims/outlets").status_code == 422
    assert client.get("/claims/outlets", params={"speaker": "RUS", "until": "2023-13"}).status_code == 422
