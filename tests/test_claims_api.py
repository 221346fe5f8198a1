"""GET /claims: the claims the pipeline stored, with the CLI's filters and the API's pagination."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventgraph.api import create_app

TEXTS = [
    ("a.txt", "Armenian officials accused Baku of cutting off the gas supply, which Azerbaijan denied."),
    ("b.txt", "The European Union praised Armenia for the agreement."),
    ("c.txt", "Russia accused the United States of undermining regional security."),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from eventgraph.evaluate.runner import shared_pipeline
    from eventgraph.ingest import document_from_text
    from eventgraph.pipeline import ingest_into
    from eventgraph.store import Store

    path: Path = tmp_path_factory.mktemp("claims-api") / "claims.duckdb"
    documents = [document_from_text(t, name=n, published=date(2023, 1, 5)) for n, t in TEXTS]
    with Store(path) as store:
        ingest_into(store, documents, shared_pipeline())
    return TestClient(create_app(path), raise_server_exceptions=False)


def page(client: TestClient, **params: object) -> dict:
    response = client.get("/claims", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_claims_are_listed_with_the_readme_fields(client: TestClient):
    body = page(client)
    assert body["total"] == 3
    first = body["items"][0]
    assert set(first) == {
        "claim_id", "doc_id", "doc_name", "sentence_index", "span", "speaker", "verb", "form",
        "proposition", "about", "contested_by", "event_ids", "date", "cluster_id",
    }  # fmt: skip


def test_filters_speaker_about_stance_and_contested(client: TestClient):
    assert [c["doc_name"] for c in page(client, speaker="RUS")["items"]] == ["c.txt"]
    assert [c["doc_name"] for c in page(client, about="AZE", stance="neg")["items"]] == ["a.txt"]
    assert [c["speaker"]["id"] for c in page(client, stance="pos")["items"]] == ["EU"]
    (contested,) = page(client, contested=True)["items"]
    assert [d["speaker"]["id"] for d in contested["contested_by"]] == ["AZE"]


def test_pages_count_every_match(client: TestClient):
    body = page(client, limit=2, offset=2)
    assert (body["total"], body["limit"], body["offset"], len(body["items"])) == (3, 2, 2, 1)


def test_bad_filters_get_a_4xx(client: TestClient):
    assert client.get("/claims", params={"stance": "angry"}).status_code == 422
    assert client.get("/claims", params={"limit": 0}).status_code == 422
    assert client.get("/claims", params={"speaker": "not an id!"}).status_code == 422
