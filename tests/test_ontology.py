"""The PLOVER/CAMEO tables in data/ontology: complete, consistent, and strict about bad entries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventgraph.coding.ontology import ONTOLOGY_DIR, PLOVER_TYPES, OntologyError, load_ontology

QUADS = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}


@pytest.fixture(scope="module")
def ontology():
    return load_ontology()


def test_all_sixteen_plover_types_are_defined(ontology):
    assert sorted(ontology.types) == sorted(PLOVER_TYPES)
    assert len(ontology.types) == 16


@pytest.mark.parametrize("plover_type, quad", sorted(QUADS.items()))
def test_quad_class_of_each_type(ontology, plover_type, quad):
    assert ontology.quad_class(plover_type) == quad


def test_modes_come_from_the_plover_manual(ontology):
    assert set(ontology.types["CONSULT"].modes) == {"visit", "third-party", "multilateral", "phone"}
    assert "allege" in ontology.types["ACCUSE"].modes
    assert "restrict" in ontology.types["COERCE"].modes
    assert "withdraw" in ontology.types["RETREAT"].modes
    assert ontology.types["AGREE"].modes == {}


def test_every_cameo_root_is_listed(ontology):
    roots = {f"{n:02d}" for n in range(1, 21)}
    assert roots <= set(ontology.cameo)


def test_goldstein_values_span_the_scale(ontology):
    values = [c.goldstein for c in ontology.cameo.values()]
    assert min(values) == -10.0 and max(values) == 10.0
    assert ontology.goldstein("190") == -10.0
    assert ontology.goldstein("057") > ontology.goldstein("040") > 0


def test_statements_have_no_plover_type(ontology):
    assert ontology.plover_for("010") == (None, None)


@pytest.mark.parametrize(
    "code, expected",
    [
        ("112", ("ACCUSE", "allege")),
        ("111", ("ACCUSE", "disapprove")),
        ("043", ("CONSULT", "visit")),
        ("072", ("AID", None)),
        ("0874", ("RETREAT", "withdraw")),
        ("191", ("COERCE", "restrict")),
        ("163", ("SANCTION", "discontinue")),
        ("173", ("COERCE", "arrest")),
        ("194", ("ASSAULT", "heavy-weapons")),
        ("020", ("REQUEST", None)),
        ("083", ("CONCEDE", None)),
    ],
)
def test_cameo_to_plover_mapping(ontology, code, expected):
    assert ontology.plover_for(code) == expected


def test_every_mapped_code_uses_a_known_type_and_mode(ontology):
    for entry in ontology.cameo.values():
        if entry.plover_type is not None:
            assert ontology.check_coding(entry.plover_type, entry.plover_mode, entry.code) is None


def test_check_coding_explains_bad_combinations(ontology):
    assert "unknown PLOVER type" in ontology.check_coding("FIGHT", None, "190")
    assert "not a mode of AGREE" in ontology.check_coding("AGREE", "visit", "030")
    assert "unknown CAMEO code" in ontology.check_coding("ASSAULT", None, "999")


# ----------------------------------------------------------------------------------- bad tables


def _copy_tables(tmp_path: Path) -> Path:
    for name in ("plover_types.yaml", "cameo.csv"):
        shutil.copy(ONTOLOGY_DIR / name, tmp_path / name)
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "row, message",
    [
        ("190,fight again,-10.0,ASSAULT,", "listed twice"),
        ("19999,made up,-3.0,ASSAULT,", "2-4 digits"),
        ("2101,no root,-3.0,ASSAULT,", "no root 21"),
        ("1901,bad score,-12,ASSAULT,", "outside -10..10"),
        ("1902,not a number,lots,ASSAULT,", "goldstein is not a number"),
        ("1903,bad type,-9,FIGHT,", "unknown PLOVER type"),
        ("1904,bad mode,-9,ASSAULT,visit", "not a mode of ASSAULT"),
        ("199,untyped,-9,,", "only CAMEO 01"),
    ],
)
def test_bad_cameo_rows_are_named(tmp_path, row, message):
    directory = _copy_tables(tmp_path)
    _append(directory / "cameo.csv", row)
    with pytest.raises(OntologyError, match=message) as caught:
        load_ontology.__wrapped__(directory)
    assert "cameo.csv" in str(caught.value)


def test_missing_plover_type_is_named(tmp_path):
    directory = _copy_tables(tmp_path)
    text = (directory / "plover_types.yaml").read_text(encoding="utf-8")
    (directory / "plover_types.yaml").write_text(
        text.replace("AID:       {quad: 2, score: 10.0, modes: {}}\n", "")
    )
    with pytest.raises(OntologyError, match="missing PLOVER types AID"):
        load_ontology.__wrapped__(directory)


def test_bad_quad_is_named(tmp_path):
    directory = _copy_tables(tmp_path)
    _append(directory / "plover_types.yaml", "FIGHT: {quad: 5, score: 1, modes: {}}")
    with pytest.raises(OntologyError, match="plover_types.yaml: FIGHT: not one of the 16"):
        load_ontology.__wrapped__(directory)
