"""Analysis on constructed event sets written to a real store, where series, shifts and roles are known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from eventgraph.analysis import (
    AnalysisError,
    actor_graph,
    detect_shifts,
    disagreements_frame,
    dyad_series,
    find_disagreements,
    load_region,
    mediation_share,
    mediations,
    name_variants,
    network_weights,
    outlet_overlap,
    outlet_profiles,
    outlet_slant,
    prepare_events,
    series_to_arrow,
    support_relations,
    undated_count,
)
from eventgraph.analysis.config import ShiftSettings, load_detail_words, load_settings
from eventgraph.analysis.disagreements import happenings, link_score, similar_names, split_name
from eventgraph.analysis.frames import first_day, period_label
from eventgraph.records import (
    ActorRef,
    DateRef,
    Document,
    Event,
    PlaceRef,
    ProcessedDocument,
    Sentence,
    content_hash,
    event_id_for,
)
from eventgraph.store import Store

# Goldstein and quad class per PLOVER type, as the coder assigns them (CAMEO root values).
CODING = {
    "CONSULT": ("043", 2.8, 1),
    "AGREE": ("057", 8.0, 1),
    "SUPPORT": ("051", 3.4, 1),
    "AID": ("070", 7.0, 2),
    "COOPERATE": ("061", 6.4, 2),
    "REQUEST": ("020", 3.0, 3),
    "ACCUSE": ("112", -2.0, 3),
    "THREATEN": ("130", -4.4, 3),
    "ASSAULT": ("190", -10.0, 4),
}
NAMES = {
    "ARM": "Armenia",
    "AZE": "Azerbaijan",
    "RUS": "Russia",
    "USA": "United States",
    "EU": "European Union",
}


@dataclass
class Spec:
    """One constructed event: its sentence is the evidence; ``when`` is an ISO date value or None."""

    source: str
    kind: str
    target: str
    when: str | None
    sentence: str = ""
    precision: str = "day"
    negated: bool = False
    hypothetical: bool = False
    place: str | None = None
    cameo: str | None = None
    mode: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    cluster: str | None = None


def document(name: str, specs: list[Spec], outlet: str | None = "Test Wire") -> ProcessedDocument:
    """A processed document with one sentence per spec and one event spanning each sentence."""
    sentences_text = [
        s.sentence
        or f"{NAMES.get(s.source, s.source)} {s.kind.lower()}s {NAMES.get(s.target, s.target)} ({i})."
        for i, s in enumerate(specs)
    ]
    text = " ".join(sentences_text) + f" [{name}]"
    doc = Document(
        content_hash(text), name, text, text, title=name, outlet=outlet, published=date(2023, 6, 1)
    )
    sentences, events, cursor = [], [], 0
    for i, (spec, sentence) in enumerate(zip(specs, sentences_text, strict=True)):
        start, end = cursor, cursor + len(sentence)
        cursor = end + 1
        sentences.append(Sentence(doc.doc_id, i, start, end, sentence))
        events.append(_event(doc, spec, i, sentence, (start, end)))
    return ProcessedDocument(document=doc, sentences=sentences, events=events)


def _event(doc: Document, spec: Spec, index: int, sentence: str, span: tuple[int, int]) -> Event:
    cameo, goldstein, quad = CODING[spec.kind]
    src = ActorRef(spec.source or None, NAMES.get(spec.source, spec.source), spec.source_text or spec.source)
    tgt = (
        ActorRef(spec.target or None, NAMES.get(spec.target, spec.target), spec.target_text or spec.target)
        if spec.target or spec.target_text
        else None
    )
    return Event(
        event_id=event_id_for(doc.doc_id, span, spec.source, spec.target or spec.target_text, spec.kind),
        doc_id=doc.doc_id,
        doc_name=doc.name,
        sentence_index=index,
        sentence=sentence,
        span=span,
        source=src,
        target=tgt,
        type=spec.kind,
        mode=spec.mode,
        cameo=spec.cameo or cameo,
        goldstein=goldstein,
        quad_class=quad,
        negated=spec.negated,
        hypothetical=spec.hypothetical,
        date=DateRef(spec.when, spec.precision) if spec.when else None,
        place=PlaceRef(spec.place) if spec.place else None,
    )


def frames(tmp_path: Path, docs: list[ProcessedDocument]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write the documents to a fresh store and read back (events frame, documents frame)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    with Store(tmp_path / "analysis.duckdb") as store:
        store.write(docs)
        return store.events_frame(), store.documents_frame()


def events_of(tmp_path: Path, *specs: Spec) -> pd.DataFrame:
    return frames(tmp_path, [document("a.txt", list(specs))])[0]


def ids_where(events: pd.DataFrame, **match: object) -> set[str]:
    mask = pd.Series(True, index=events.index)
    for col, value in match.items():
        mask &= events[col] == value
    return set(events[mask]["event_id"])


# ------------------------------------------------------------------------------------------ dates


def test_first_day_of_dates_months_years_and_intervals() -> None:
    assert first_day("2023-05-07") == "2023-05-07"
    assert first_day("2023-04-30/2023-05-06") == "2023-04-30"
    assert first_day("2023-05") == "2023-05-01"
    assert first_day("2023") == "2023-01-01"
    assert first_day(None) is None
    assert first_day("last week") is None


def test_period_labels() -> None:
    day = pd.Timestamp("2023-05-10")
    assert period_label(day, "month") == "2023-05"
    assert period_label(day, "quarter") == "2023Q2"
    assert period_label(day, "year") == "2023"
    assert period_label(day, "week") == "2023-05-08"  # the Monday


def test_unknown_period_is_a_clear_error(tmp_path: Path) -> None:
    events = events_of(tmp_path, Spec("ARM", "ACCUSE", "RUS", "2023-01-05"))
    with pytest.raises(AnalysisError, match="period 'fortnight'"):
        dyad_series(events, "ARM", "RUS", period="fortnight")


def test_a_frame_without_event_columns_is_refused() -> None:
    with pytest.raises(AnalysisError, match="goldstein"):
        prepare_events(pd.DataFrame({"event_id": ["x"]}))


# ----------------------------------------------------------------------------------------- series


@pytest.fixture(scope="module")
def arm_rus(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """ARM→RUS: cooperation in January, nothing in February, conflict in March; plus noise around it."""
    return events_of(
        tmp_path_factory.mktemp("arm_rus"),
        Spec("ARM", "CONSULT", "RUS", "2023-01-10"),
        Spec("ARM", "AGREE", "RUS", "2023-01"),
        Spec("ARM", "ACCUSE", "RUS", "2023-03-02/2023-03-08", precision="week"),
        Spec("ARM", "ASSAULT", "RUS", "2023-03-20"),
        Spec("ARM", "ACCUSE", "RUS", "2023-03-21", negated=True),
        Spec("ARM", "ACCUSE", "RUS", "2023-03-22", hypothetical=True),
        Spec("ARM", "ACCUSE", "RUS", None),
        Spec("RUS", "THREATEN", "ARM", "2023-02-14"),
        Spec("ARM", "CONSULT", "AZE", "2023-02-14"),
    )


def test_dyad_series_counts_by_month_type_and_quad(arm_rus: pd.DataFrame) -> None:
    series = dyad_series(arm_rus, "ARM", "RUS", period="month")
    assert series["period"].tolist() == ["2023-01", "2023-02", "2023-03"]
    assert series["events"].tolist() == [2, 0, 2]
    assert series["verbal_cooperation"].tolist() == [2, 0, 0]
    assert series["verbal_conflict"].tolist() == [0, 0, 1]
    assert series["material_conflict"].tolist() == [0, 0, 1]
    assert series["CONSULT"].tolist() == [1, 0, 0]
    assert series["ACCUSE"].tolist() == [0, 0, 1]
    assert series["net_cooperation"].tolist() == [2, 0, -2]


def test_dyad_series_goldstein_sum_and_mean(arm_rus: pd.DataFrame) -> None:
    series = dyad_series(arm_rus, "arm", "rus")
    assert series["goldstein_sum"].tolist() == pytest.approx([10.8, 0.0, -12.0])
    assert series["goldstein_mean"].iloc[0] == pytest.approx(5.4)
    assert pd.isna(series["goldstein_mean"].iloc[1])


def test_dyad_series_rows_point_to_their_events(arm_rus: pd.DataFrame) -> None:
    series = dyad_series(arm_rus, "ARM", "RUS")
    january = ids_where(arm_rus, type="CONSULT", target_id="RUS") | ids_where(arm_rus, type="AGREE")
    assert set(series["event_ids"].iloc[0]) == january
    assert series["event_ids"].iloc[1] == []


def test_negated_hypothetical_and_undated_events_are_left_out(arm_rus: pd.DataFrame) -> None:
    series = dyad_series(arm_rus, "ARM", "RUS")
    assert series["ACCUSE"].sum() == 1
    assert undated_count(arm_rus, "ARM", "RUS") == 1
    with_modal = dyad_series(arm_rus, "ARM", "RUS", asserted_only=False)
    assert with_modal["ACCUSE"].sum() == 3


def test_undirected_series_counts_both_directions(arm_rus: pd.DataFrame) -> None:
    directed = dyad_series(arm_rus, "ARM", "RUS")
    both = dyad_series(arm_rus, "ARM", "RUS", directed=False)
    assert both["events"].tolist() == [2, 1, 2]
    assert both["THREATEN"].tolist() == [0, 1, 0]
    assert "THREATEN" not in directed.columns


def test_quarterly_series_sums_the_months(arm_rus: pd.DataFrame) -> None:
    series = dyad_series(arm_rus, "ARM", "RUS", period="quarter")
    assert series["period"].tolist() == ["2023Q1"]
    assert series["events"].tolist() == [4]


def test_weekly_series_starts_on_mondays(arm_rus: pd.DataFrame) -> None:
    series = dyad_series(arm_rus, "ARM", "RUS", period="week")
    # "2023-01" counts from Sunday 1 January, in the week that began on Monday 26 December
    assert series["period"].iloc[0] == "2022-12-26"
    assert series["period"].iloc[2] == "2023-01-09"
    assert series["events"].sum() == 4


def test_event_clusters_count_once(tmp_path: Path) -> None:
    story = [Spec("ARM", "ACCUSE", "RUS", "2023-03-02"), Spec("ARM", "ASSAULT", "RUS", "2023-03-09")]
    events, _ = frames(
        tmp_path, [document("a.txt", story), document("reprint.txt", story, outlet="Reprints")]
    )
    assert dyad_series(events, "ARM", "RUS")["events"].tolist() == [4]
    events["cluster_id"] = events["type"]  # each reprinted pair of events is one happening
    series = dyad_series(events, "ARM", "RUS")
    assert series["events"].tolist() == [2]
    assert len(series["event_ids"].iloc[0]) == 4


def test_series_converts_to_arrow(arm_rus: pd.DataFrame) -> None:
    table = series_to_arrow(dyad_series(arm_rus, "ARM", "RUS"))
    assert table.num_rows == 3
    assert table.column("events").to_pylist() == [2, 0, 2]


def test_a_dyad_without_events_gives_an_empty_series(arm_rus: pd.DataFrame) -> None:
    assert dyad_series(arm_rus, "USA", "IRN").empty


# ----------------------------------------------------------------------------------------- shifts


def monthly(kinds: list[str], source: str = "ARM", target: str = "RUS") -> list[Spec]:
    return [Spec(source, kind, target, f"2023-{m:02d}-15") for m, kind in enumerate(kinds, start=1)]


def test_shift_from_cooperation_to_conflict_is_stated(tmp_path: Path) -> None:
    events = events_of(tmp_path, *monthly(["AGREE", "AGREE", "AGREE", "ASSAULT", "ASSAULT", "ASSAULT"]))
    shifts = detect_shifts(dyad_series(events, "ARM", "RUS"), "ARM→RUS")
    assert [s.statement for s in shifts] == ["ARM→RUS: from net cooperation to net conflict around 2023-04"]
    assert set(shifts[0].events_before) == ids_where(events, type="AGREE")
    assert set(shifts[0].events_after) == ids_where(events, type="ASSAULT")
    assert shifts[0].before_mean == pytest.approx(8.0)
    assert shifts[0].after_mean == pytest.approx(-10.0)


def test_shift_back_to_cooperation(tmp_path: Path) -> None:
    kinds = ["ACCUSE", "ASSAULT", "ASSAULT", "COOPERATE", "AGREE", "COOPERATE", "AGREE"]
    events = events_of(tmp_path, *monthly(kinds, "AZE", "ARM"))
    shifts = detect_shifts(dyad_series(events, "AZE", "ARM"), "AZE→ARM")
    assert [(s.before, s.after, s.period) for s in shifts] == [("net conflict", "net cooperation", "2023-04")]


def test_steady_relations_have_no_shift(tmp_path: Path) -> None:
    events = events_of(tmp_path, *monthly(["CONSULT"] * 6))
    assert detect_shifts(dyad_series(events, "ARM", "RUS"), "ARM→RUS") == []


def test_a_series_too_short_for_two_segments_has_no_shift(tmp_path: Path) -> None:
    events = events_of(tmp_path, *monthly(["AGREE", "ASSAULT", "ASSAULT"]))
    assert detect_shifts(dyad_series(events, "ARM", "RUS"), "ARM→RUS") == []


def test_a_high_penalty_hides_the_shift(tmp_path: Path) -> None:
    events = events_of(tmp_path, *monthly(["AGREE", "AGREE", "AGREE", "ASSAULT", "ASSAULT", "ASSAULT"]))
    strict = ShiftSettings(model="l2", penalty=100.0, min_size=2, min_change=1.0)
    assert detect_shifts(dyad_series(events, "ARM", "RUS"), "ARM→RUS", strict) == []


def test_a_shift_states_its_support_and_rests_on_enough_events(tmp_path: Path) -> None:
    # Five to six agreements a month, then five to six assaults: well carried on both sides.
    specs = [
        Spec("ARM", kind, "RUS", f"2023-{m:02d}-{d:02d}")
        for m, kind in enumerate(["AGREE"] * 3 + ["ASSAULT"] * 3, start=1)
        for d in range(1, 6 + m % 2)
    ]
    shifts = detect_shifts(dyad_series(events_of(tmp_path, *specs), "ARM", "RUS"), "ARM→RUS")
    assert [s.period for s in shifts] == ["2023-04"]
    shift = shifts[0]
    assert (shift.n_before, shift.n_after) == (17, 16)
    assert shift.change == pytest.approx(shift.after_mean - shift.before_mean, abs=0.01)
    assert shift.interval[0] <= shift.change <= shift.interval[1] < 0
    assert shift.supported
    assert shift.support.startswith("17 event clusters before, 16 after; change -")
    assert "under-supported" not in shift.support


def test_a_shift_on_few_events_is_marked_under_supported(tmp_path: Path) -> None:
    events = events_of(tmp_path, *monthly(["AGREE", "AGREE", "AGREE", "ASSAULT", "ASSAULT", "ASSAULT"]))
    shift = detect_shifts(dyad_series(events, "ARM", "RUS"), "ARM→RUS")[0]
    assert (shift.n_before, shift.n_after, shift.supported) == (3, 3, False)
    assert shift.support.endswith("under-supported: fewer than 5 event clusters on a side")
    lenient = ShiftSettings(model="l2", penalty=2.0, min_size=2, min_change=1.0, min_events=3)
    assert detect_shifts(dyad_series(events, "ARM", "RUS"), "ARM→RUS", lenient)[0].supported


def test_a_noisy_change_whose_interval_includes_zero_is_under_supported(tmp_path: Path) -> None:
    kinds = ["AGREE", "ASSAULT", "AGREE", "AGREE", "ASSAULT", "ASSAULT", "AGREE", "ASSAULT"]
    days = [(m, k, d) for m, k in enumerate(kinds, 1) for d in (1, 2, 3)]
    specs = [Spec("ARM", k, "RUS", f"2023-{m:02d}-{d:02d}") for m, k, d in days]
    series = dyad_series(events_of(tmp_path, *specs), "ARM", "RUS")
    loose = ShiftSettings(model="l2", penalty=0.1, min_size=2, min_change=1.0, min_events=3)
    shifts = detect_shifts(series, "ARM→RUS", loose)
    assert shifts, "a low penalty finds change points in noise"
    for shift in shifts:
        low, high = shift.interval
        assert shift.supported == (low > 0 or high < 0)
    assert not all(s.supported for s in shifts)


# ---------------------------------------------------------------------------------------- roles


@pytest.fixture(scope="module")
def peace_process(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """ARM and AZE at war in 2022; in 2023Q2 the USA and the EU talk to both, Russia to Armenia only."""
    return events_of(
        tmp_path_factory.mktemp("peace"),
        Spec("AZE", "ASSAULT", "ARM", "2022-09-13"),
        Spec("USA", "CONSULT", "ARM", "2023-05-01", mode="third-party"),
        Spec("USA", "CONSULT", "AZE", "2023-05-01", mode="third-party"),
        Spec("EU", "CONSULT", "ARM", "2023-05-14"),
        Spec("AZE", "CONSULT", "EU", "2023-05-14"),
        Spec("RUS", "CONSULT", "ARM", "2023-05-25"),
        Spec("RUS", "CONSULT", "AZE", "2023-08-25"),
        Spec("GEO", "CONSULT", "ARM", "2023-06-01"),
        Spec("GEO", "CONSULT", "AZE", "2023-06-02"),
        Spec("USA", "CONSULT", "ARM", "2023-06-03", hypothetical=True),
        Spec("TUR", "SUPPORT", "AZE", "2022-09-20"),
        Spec("TUR", "AID", "AZE", "2022-09-21", cameo="072"),
        Spec("RUS", "AID", "ARM", "2022-09-22", negated=True),
        Spec("USA", "COOPERATE", "ARM", "2023-09-11"),
    )


def test_mediators_consult_both_sides_of_a_conflict_dyad(peace_process: pd.DataFrame) -> None:
    table = mediations(peace_process, period="quarter")
    found = {(r["period"], r["mediator"], r["side_a"], r["side_b"]) for r in table.to_dict("records")}
    assert found == {
        ("2023Q2", "EU", "ARM", "AZE"),
        ("2023Q2", "USA", "ARM", "AZE"),
        ("2023Q2", "GEO", "ARM", "AZE"),
    }


def test_consulting_one_side_or_in_different_periods_is_no_mediation(peace_process: pd.DataFrame) -> None:
    table = mediations(peace_process, period="quarter")
    assert "RUS" not in set(table["mediator"])


def test_mediation_rows_carry_groups_flags_and_evidence(peace_process: pd.DataFrame) -> None:
    table = mediations(peace_process).set_index("mediator")
    assert table.loc["USA", "group"] == "outside power"
    assert table.loc["GEO", "group"] == "member"
    assert bool(table.loc["USA", "explicit"]) and not bool(table.loc["EU", "explicit"])
    usa_talks = ids_where(peace_process, source_id="USA", type="CONSULT", hypothetical=False)
    assert set(table.loc["USA", "event_ids"]) == usa_talks


def test_a_conflict_forgotten_after_its_memory_makes_no_mediation(peace_process: pd.DataFrame) -> None:
    settings = load_settings().mediation
    short = type(settings)(settings.consult_types, settings.mediate_modes, settings.conflict_quads, 2)
    assert mediations(peace_process, settings=short).empty


def test_share_of_mediation_by_outside_power_per_quarter(peace_process: pd.DataFrame) -> None:
    shares = mediation_share(peace_process, period="quarter")
    assert set(shares["mediator"]) == {"USA", "EU"}
    assert shares["share"].tolist() == pytest.approx([1 / 3, 1 / 3])
    every = mediation_share(peace_process, outside_only=False)
    assert every["share"].sum() == pytest.approx(1.0)


def test_who_supports_and_who_arms_whom(peace_process: pd.DataFrame) -> None:
    table = support_relations(peace_process)
    found = {(r["supporter"], r["supported"], r["relation"]) for r in table.to_dict("records")}
    assert found == {("TUR", "AZE", "support"), ("TUR", "AZE", "arms"), ("USA", "ARM", "support")}
    assert "RUS" not in set(table["supporter"])  # "Russia did not help Armenia" is no support


# ---------------------------------------------------------------------------------------- network


def test_network_degree_and_strength_per_quarter(peace_process: pd.DataFrame) -> None:
    weights = network_weights(peace_process, period="quarter")
    q2 = weights[weights["period"] == "2023Q2"].set_index("actor")
    assert q2.loc["ARM", "degree"] == 4  # USA, EU, RUS, GEO
    assert q2.loc["ARM", "strength"] == 4
    assert q2.loc["AZE", "strength"] == 3  # USA, EU, GEO
    assert q2.loc["EU", "in_events"] == 1 and q2.loc["EU", "out_events"] == 1
    assert q2.loc["USA", "group"] == "outside power"
    assert "TUR" not in q2.index


def test_actor_graph_edges_carry_their_events(peace_process: pd.DataFrame) -> None:
    graph = actor_graph(prepare_events(peace_process))
    assert graph["TUR"]["AZE"]["events"] == 2
    assert set(graph["TUR"]["AZE"]["event_ids"]) == ids_where(peace_process, source_id="TUR")
    assert not graph.has_edge("RUS", "ARM") or graph["RUS"]["ARM"]["events"] == 1


def test_region_comes_from_the_profile() -> None:
    region = load_region("south-caucasus")
    assert {"ARM", "AZE"} <= region.members
    assert {"RUS", "USA", "EU", "TUR", "IRN"} <= region.outside_powers
    assert region.group("RUS") == "outside power" and region.group("XXX") == "other"


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(AnalysisError, match="unknown profile 'atlantis'"):
        load_region("atlantis")


# ---------------------------------------------------------------------------------------- sources


@pytest.fixture(scope="module")
def two_outlets(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    wire = document(
        "wire.txt",
        [
            Spec("AZE", "ASSAULT", "ARM", "2023-09-19"),
            Spec("USA", "ACCUSE", "AZE", "2023-09-20"),
            Spec("RUS", "CONSULT", "ARM", "2023-05-25"),
        ],
        outlet="Wire",
    )
    courier = document(
        "courier.txt",
        [Spec("AZE", "ASSAULT", "ARM", "2023-09-19"), Spec("TUR", "SUPPORT", "AZE", "2023-09-20")],
        outlet="Courier",
    )
    blog = document("blog.txt", [Spec("EU", "CONSULT", "ARM", "2023-05-14")], outlet=None)
    return frames(tmp_path_factory.mktemp("outlets"), [wire, courier, blog])


def test_outlet_profiles_list_what_each_outlet_reports(
    two_outlets: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    table = outlet_profiles(*two_outlets).set_index("outlet")
    assert table.loc["Wire", "events"] == 3 and table.loc["Courier", "events"] == 2
    assert table.loc["Wire", "actors"] == "ARM (2), AZE (2), RUS (1), USA (1)"
    assert table.loc["Courier", "types"] == "ASSAULT (1), SUPPORT (1)"
    assert "(blog.txt)" in table.index  # no outlet metadata: the document stands alone


def test_outlet_slant_is_mean_goldstein_by_target(two_outlets: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    slant = outlet_slant(*two_outlets).set_index(["outlet", "target"])
    assert slant.loc[("Wire", "ARM"), "goldstein_mean"] == pytest.approx((-10.0 + 2.8) / 2)
    assert slant.loc[("Courier", "AZE"), "goldstein_mean"] == pytest.approx(3.4)


def test_outlet_overlap_counts_shared_reports(two_outlets: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    overlap = outlet_overlap(*two_outlets)
    row = overlap.iloc[0]
    assert (row["outlet_a"], row["outlet_b"], row["shared"]) == ("Courier", "Wire", 1)
    assert row["jaccard"] == pytest.approx(1 / 4)
    assert len(row["event_ids"]) == 2
    assert len(overlap) == 1


# ----------------------------------------------------------------------------------- disagreements

MOSCOW_A = (
    "Recent talks between Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilhom Aliyev "
    "in Moscow on May 24, under the auspices of the European Union, brought 85 soldiers home."
)
MOSCOW_B = (
    "Nikol Pashinyan and Ilham Aliyev met in Moscow on Thursday at a summit of the Eurasian Economic Union, "
    "which freed 100 soldiers."
)


@pytest.fixture(scope="module")
def moscow(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two outlets tell one meeting differently: date, organisation, a name's spelling, a count."""
    first = Spec(
        "ARM", "CONSULT", "AZE", "2023-05-24", MOSCOW_A, place="Moscow",
        source_text="Armenian Prime Minister Nikol Pashinyan",
        target_text="Azerbaijani President Ilhom Aliyev",
    )  # fmt: skip
    second = Spec(
        "ARM", "CONSULT", "AZE", "2023-05-25", MOSCOW_B, place="Moscow",
        source_text="Nikol Pashinyan", target_text="Ilham Aliyev",
    )  # fmt: skip
    brussels = Spec(
        "ARM", "CONSULT", "AZE", "2023-05-14", "Armenia and Azerbaijan met in Brussels.", place="Brussels"
    )
    return frames(
        tmp_path_factory.mktemp("moscow"),
        [
            document("002.txt", [first], outlet="Eurasia Daily"),
            document("12.txt", [second], outlet="Caspian Courier"),
            document("11.txt", [brussels], outlet="Brussels Wire"),
        ],
    )


def details(found: list) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    return {d.detail: [(v.value, tuple(v.outlets)) for v in d.versions] for d in found}


def test_date_disagreement_names_each_outlet(moscow: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    found = details(find_disagreements(*moscow))
    assert found["date"] == [("2023-05-24", ("Eurasia Daily",)), ("2023-05-25", ("Caspian Courier",))]


def test_organisation_disagreement(moscow: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    found = details(find_disagreements(*moscow))
    assert found["organisation"] == [
        ("European Union", ("Eurasia Daily",)),
        ("Eurasian Economic Union", ("Caspian Courier",)),
    ]


def test_name_spelling_disagreement(moscow: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    found = details(find_disagreements(*moscow))
    assert found["actor name"] == [
        ("Ilhom Aliyev", ("Eurasia Daily",)),
        ("Ilham Aliyev", ("Caspian Courier",)),
    ]


def test_count_disagreement(moscow: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    found = details(find_disagreements(*moscow))
    assert found["count (soldier)"] == [("85", ("Eurasia Daily",)), ("100", ("Caspian Courier",))]


def test_a_meeting_ten_days_earlier_elsewhere_is_another_happening(moscow) -> None:  # type: ignore[no-untyped-def]
    found = find_disagreements(*moscow)
    assert "place" not in details(found)
    assert all("Brussels Wire" not in v.outlets for d in found for v in d.versions)


def test_place_disagreement_on_the_same_day(tmp_path: Path) -> None:
    specs = [
        (
            "a.txt",
            "Wire",
            Spec("ARM", "CONSULT", "AZE", "2023-05-14", "They met in Brussels.", place="Brussels"),
        ),
        (
            "b.txt",
            "Courier",
            Spec("ARM", "CONSULT", "AZE", "2023-05-14", "They met in Geneva.", place="Geneva"),
        ),
    ]
    events, docs = frames(tmp_path, [document(n, [s], outlet=o) for n, o, s in specs])
    assert details(find_disagreements(events, docs))["place"] == [
        ("Brussels", ("Wire",)),
        ("Geneva", ("Courier",)),
    ]


def test_agreeing_documents_give_no_disagreement(tmp_path: Path) -> None:
    story = [Spec("ARM", "CONSULT", "AZE", "2023-05-14", "They met in Brussels.", place="Brussels")]
    events, docs = frames(tmp_path, [document("a.txt", story, "Wire"), document("b.txt", story, "Courier")])
    assert find_disagreements(events, docs) == []


def test_disagreements_frame_lists_versions_and_evidence(moscow: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    table = disagreements_frame(find_disagreements(*moscow))
    date_row = table[table["detail"] == "date"].iloc[0]
    assert "2023-05-24 — Eurasia Daily" in date_row["versions"]
    assert len(date_row["event_ids"]) == 2


def test_name_variants_across_the_corpus_and_against_the_catalogue(moscow) -> None:  # type: ignore[no-untyped-def]
    events, docs = moscow
    across = name_variants(events, docs)
    assert [v.value for v in across[0].versions] == ["Ilhom Aliyev", "Ilham Aliyev"]
    first_doc = docs[docs["name"] == "002.txt"]["doc_id"].iloc[0]
    mentions = pd.DataFrame(
        [{"doc_id": first_doc, "actor_id": "AZE", "text": "Ilhom Aliyev", "variant": "Ilham Aliyev"}]
    )
    catalogue = name_variants(events.iloc[0:0], docs, mentions)
    assert [(v.value, v.outlets) for v in catalogue[0].versions] == [
        ("Ilhom Aliyev", ["Eurasia Daily"]),
        ("Ilham Aliyev", ["actor catalogue"]),
    ]


def test_split_name_separates_role_and_name() -> None:
    words = load_detail_words()
    assert split_name("Azerbaijani President Ilhom Aliyev", words) == ("President", "Ilhom Aliyev")
    assert split_name("Armenian Prime Minister Nikol Pashinyan", words) == (
        "Prime Minister",
        "Nikol Pashinyan",
    )
    assert split_name("US Secretary of State Antony Blinken", words) == (
        "Secretary of State",
        "Antony Blinken",
    )
    assert split_name("the Kremlin", words) == ("", "Kremlin")
    assert split_name("his Armenian counterpart", words) == ("", "")


def test_similar_names_are_spellings_of_one_name() -> None:
    assert similar_names("Ilhom Aliyev", "Ilham Aliyev", 80)
    assert not similar_names("Ilham Aliyev", "Heydar Aliyev", 80)
    assert not similar_names("Ilham Aliyev", "Ilham Aliyev", 80)
    assert not similar_names("Nikol Pashinyan", "Ararat Mirzoyan", 80)


def test_link_score_needs_a_shared_actor_and_close_dates() -> None:
    settings = load_settings().disagreements
    base = {"source_id": "ARM", "target_id": "AZE", "type": "CONSULT", "quad_class": 1, "place_name": None}
    day = {"date_value": "2023-05-24", "date_precision": "day"}
    assert link_score({**base, **day}, {**base, **day}, settings) == 6
    later = {"date_value": "2023-06-24", "date_precision": "day"}
    assert link_score({**base, **day}, {**base, **later}, settings) is None
    other = {**base, "source_id": "USA", "target_id": "IRN"}
    assert link_score({**base, **day}, {**other, **day}, settings) is None
    undated = {"date_value": None, "date_precision": None}
    assert link_score({**base, **day}, {**base, **undated}, settings) == 3  # below the link score
    assert link_score({**base, **undated}, {**base, **undated}, settings) is None  # nothing ties them in time
    month = {"date_value": "2023-05", "date_precision": "month"}
    assert link_score({**base, **day}, {**base, **month}, settings) == 3
    june = {"date_value": "2023-06", "date_precision": "month"}
    assert link_score({**base, **day}, {**base, **june}, settings) is None


def test_an_undated_report_links_through_rare_shared_names(tmp_path: Path) -> None:
    undated = Spec(
        "ARM",
        "CONSULT",
        "AZE",
        None,
        "Pashinyan met Aliyev at the Higher Eurasian Economic Council, not an EU body.",
    )
    dated = Spec(
        "RUS", "CONSULT", "AZE", "2023-05-25", "Putin met Aliyev at the Eurasian Economic Union summit."
    )
    other = Spec("RUS", "CONSULT", "AZE", "2023-05-25", "Putin met Aliyev at a summit of the CIS.")
    events, docs = frames(tmp_path, [document("a.txt", [undated], "A"), document("b.txt", [dated], "B")])
    assert happenings(prepare_events(events)).nunique() == 1
    assert details(find_disagreements(events, docs))["organisation"] == [
        ("Eurasian Economic Union + European Union", ("A",)),
        ("Eurasian Economic Union", ("B",)),
    ]
    events, docs = frames(
        tmp_path / "other", [document("a.txt", [undated], "A"), document("c.txt", [other], "C")]
    )
    assert happenings(prepare_events(events)).nunique() == 2
    assert find_disagreements(events, docs) == []


def test_a_chain_of_close_reports_cannot_stretch_one_happening(tmp_path: Path) -> None:
    days = ["2023-05-01", "2023-05-03", "2023-05-05"]
    docs = [document(f"{d}.txt", [Spec("ARM", "CONSULT", "AZE", d)], d) for d in days]
    events, _ = frames(tmp_path, docs)
    frame = prepare_events(events)
    groups = frame.groupby(happenings(frame))["date_value"].agg(sorted).tolist()
    assert sorted(groups) == [["2023-05-01", "2023-05-03"], ["2023-05-05"]]


def test_settings_errors_name_the_file_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "settings.yaml"
    text = (Path(load_settings.__wrapped__.__defaults__[0])).read_text()  # type: ignore[attr-defined]
    bad.write_text(text.replace("penalty: 2.0", "penalty: lots"))
    with pytest.raises(AnalysisError, match=r"settings.yaml: shifts.penalty must be a number"):
        load_settings(bad)
    bad.write_text(text.replace('"ARM:RUS"', '"ARM-RUS"'))
    with pytest.raises(AnalysisError, match="report.dyads entry 'ARM-RUS'"):
        load_settings(bad)
    bad.write_text(text.replace("kind: support", "kind: sympathy"))
    with pytest.raises(AnalysisError, match=r"report.questions\[3\] kind 'sympathy'"):
        load_settings(bad)
    bad.write_text(text.replace("kind: support, actors: [TUR, AZE]", "kind: support, actors: [TUR]"))
    with pytest.raises(AnalysisError, match="a support question needs 2 actor"):
        load_settings(bad)


def test_unresolved_and_missing_actors_are_left_out_not_fatal(tmp_path: Path) -> None:
    specs = [
        Spec("AZE", "ASSAULT", "ARM", "2022-09-13"),
        Spec("USA", "CONSULT", "", "2023-05-01", target_text="the two leaders"),
        Spec("", "CONSULT", "AZE", "2023-05-01", source_text="Western diplomats"),
        Spec("USA", "CONSULT", "ARM", "2023-05-01"),
        Spec("EU", "ACCUSE", "", "2023-05-02"),
    ]
    events, docs = frames(tmp_path, [document("a.txt", specs)])
    assert events["target_id"].isna().sum() == 2 and events["source_id"].isna().sum() == 1
    assert mediations(events).empty
    assert set(network_weights(events)["actor"]) == {"AZE", "ARM", "USA"}
    assert set(outlet_slant(events, docs)["target"]) == {"ARM", "AZE"}  # no row for a missing target
    assert dyad_series(events, "USA", "ARM")["events"].tolist() == [1]
    assert find_disagreements(events, docs) == []


def test_events_of_one_cluster_are_one_happening_whatever_their_dates(tmp_path: Path) -> None:
    first = Spec("USA", "REQUEST", "ARM", "2023-05-05", "Blinken urged Armenia to sign.")
    reprint = Spec("USA", "REQUEST", "ARM", "2023-05-16", "Blinken urged Armenia to sign.")
    events, docs = frames(
        tmp_path, [document("a.txt", [first], "Wire"), document("b.txt", [reprint], "Desk")]
    )
    assert "date" not in details(find_disagreements(events, docs))  # eleven days apart: two happenings
    events["cluster_id"] = "one-story"
    assert details(find_disagreements(events, docs))["date"] == [
        ("2023-05-05", ("Wire",)),
        ("2023-05-16", ("Desk",)),
    ]


def test_a_report_date_bounds_the_happening_from_above() -> None:
    settings = load_settings().disagreements
    base = {"source_id": "ARM", "target_id": "AZE", "type": "CONSULT", "quad_class": 1, "place_name": None}
    reported = {**base, "date_value": "2022-09-14", "date_precision": "reported"}
    october = {**base, "date_value": "2022-10", "date_precision": "month"}
    earlier = {**base, "date_value": "2022-09-12", "date_precision": "day"}
    assert link_score(reported, october, settings) is None  # reported on 14 September: not an October meeting
    assert link_score(reported, earlier, settings) == 3  # possible, but a vague date alone does not link


def test_role_disagreement_names_the_person_and_both_titles(tmp_path: Path) -> None:
    told = [
        ("a.txt", "Wire", "Armenian Foreign Minister Ararat Mirzoyan"),
        ("b.txt", "Desk", "Armenian Prime Minister Ararat Mirzoyan"),
    ]
    docs = [
        document(n, [Spec("ARM", "CONSULT", "RUS", "2023-05-14", f"{t} met Lavrov.", source_text=t)], o)
        for n, o, t in told
    ]
    events, documents = frames(tmp_path, docs)
    found = details(find_disagreements(events, documents))
    assert found["actor role (Ararat Mirzoyan, ARM)"] == [
        ("Foreign Minister", ("Wire",)),
        ("Prime Minister", ("Desk",)),
    ]
    assert "actor name" not in found
