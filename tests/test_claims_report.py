"""The report's "Claims" section: who says what about whom, contested claims, outlets carrying them."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from eventgraph.analysis.claim_outlets import coverage_table
from eventgraph.analysis.claims import claim_frame, contested_table, stance_table

ARTICLES = [
    (
        "a.txt",
        "Wire A",
        "Armenian officials accused Baku of cutting off the gas supply, which Azerbaijan denied.",
    ),
    ("b.txt", "Wire B", "Russia accused the United States of undermining regional security."),
    ("c.txt", "Wire B", "The European Union praised Armenia for the agreement with Azerbaijan."),
]


def stored(tmp_path: Path):  # type: ignore[no-untyped-def]
    from eventgraph.evaluate.runner import shared_pipeline
    from eventgraph.ingest import document_from_text
    from eventgraph.pipeline import ingest_into
    from eventgraph.store import Store

    documents = []
    for name, outlet, text in ARTICLES:
        document = document_from_text(text, name=name, published=date(2023, 1, 5))
        document.outlet = outlet
        documents.append(document)
    store = Store(tmp_path / "r.duckdb")
    ingest_into(store, documents, shared_pipeline())
    return store


def test_claim_tables_from_stored_claims(tmp_path: Path):
    with stored(tmp_path) as store:
        claim_rows = store.claims()
        claims = claim_frame(claim_rows)
        documents = store.documents_frame()
    table = stance_table(claims)
    rows = {(r["speaker"], r["about"]): r for r in table.to_dict("records")}
    assert rows[("ARM", "AZE")]["negative"] == 1
    assert rows[("EU", "ARM")]["positive"] == 1
    contested = contested_table(claims).to_dict("records")
    assert [(r["speaker"], r["contested_by"]) for r in contested] == [("ARM", "AZE")]
    coverage = {
        (r["speaker"], r["outlet"]): r for r in coverage_table(claim_rows, documents).to_dict("records")
    }
    assert (coverage[("ARM", "Wire A")]["carries"], coverage[("ARM", "Wire A")]["leaves out"]) == (1, 0)
    assert (coverage[("ARM", "Wire B")]["carries"], coverage[("ARM", "Wire B")]["leaves out"]) == (0, 1)
    assert coverage[("ARM", "Wire B")]["e.g. left out"] == "cutting off the gas supply (1 outlet)"
    assert coverage[("ARM", "Wire A")]["event_ids"]  # the row opens the events inside the claim


def test_the_report_has_a_claims_section(tmp_path: Path):
    from eventgraph.analysis.report import build_report, load_inputs

    with stored(tmp_path) as store:
        page, _ = build_report(load_inputs(store, "south-caucasus", None, None))
    section = page[page.index("<section id='claims'>") :]
    section = section[: section.index("</section>")]
    text = html.unescape(re.sub(r"<[^>]+>", " ", section))
    assert "Contested claims" in text
    assert "cutting off the gas supply" in text
    assert "Which outlets carry a speaker's claims, and which leave them out" in text
    assert "Wire B" in text[text.index("which leave them out") :]
