"""The PLOVER/CAMEO ontology tables in ``data/ontology``, loaded and checked once.

The tables are data an analyst extends: ``plover_types.yaml`` (types, quad classes, modes and their
scores) and ``cameo.csv`` (codes, names, Goldstein values and the PLOVER type/mode each maps to).
Loading fails with :class:`OntologyError` naming the file and the entry at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from eventgraph.datafiles import DataFileError, read_table, read_yaml

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "data" / "ontology"
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",  # quad 1: verbal cooperation
    "COOPERATE", "AID", "RETREAT",  # quad 2: material cooperation
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",  # quad 3: verbal conflict
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",  # quad 4: material conflict
)  # fmt: skip
QUAD_NAMES = {
    0: "statement",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


CAMEO_COLUMNS = ("code", "name", "goldstein", "plover_type", "plover_mode")


class OntologyError(DataFileError):
    """A table in data/ontology is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class PloverType:
    name: str
    quad_class: int
    score: float
    modes: dict[str, float]


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover_type: str | None
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class Ontology:
    types: dict[str, PloverType]
    cameo: dict[str, CameoCode]

    def quad_class(self, plover_type: str) -> int:
        return self.types[plover_type].quad_class

    def goldstein(self, code: str) -> float:
        return self.cameo[code].goldstein

    def plover_for(self, code: str) -> tuple[str | None, str | None]:
        """The (type, mode) a CAMEO code maps to."""
        entry = self.cameo[code]
        return entry.plover_type, entry.plover_mode

    def check_coding(self, plover_type: str, mode: str | None, code: str) -> str | None:
        """Why a (type, mode, CAMEO) triple is invalid, or None when it is valid."""
        if plover_type not in self.types:
            return f"unknown PLOVER type {plover_type!r} (known: {', '.join(self.types)})"
        if mode and mode not in self.types[plover_type].modes:
            known = ", ".join(self.types[plover_type].modes) or "none"
            return f"mode {mode!r} is not a mode of {plover_type} (known: {known})"
        if code not in self.cameo:
            return f"unknown CAMEO code {code!r} (add it to cameo.csv)"
        return None


@lru_cache(maxsize=4)
def load_ontology(directory: Path = ONTOLOGY_DIR) -> Ontology:
    """Both tables, validated against each other."""
    types = _load_types(directory / "plover_types.yaml")
    cameo = _load_cameo(directory / "cameo.csv", types)
    return Ontology(types=types, cameo=cameo)


def _load_types(path: Path) -> dict[str, PloverType]:
    raw = read_yaml(path, OntologyError)
    types: dict[str, PloverType] = {}
    for name, entry in raw.items():
        where = f"{path.name}: {name}"
        if name not in PLOVER_TYPES:
            raise OntologyError(f"{where}: not one of the 16 PLOVER types")
        if not isinstance(entry, dict) or set(entry) != {"quad", "score", "modes"}:
            raise OntologyError(f"{where}: needs exactly the keys quad, score, modes")
        if entry["quad"] not in (1, 2, 3, 4):
            raise OntologyError(f"{where}: quad must be 1-4, got {entry['quad']!r}")
        modes = entry["modes"] or {}
        if not isinstance(modes, dict) or not all(isinstance(v, int | float) for v in modes.values()):
            raise OntologyError(f"{where}: modes must map a mode name to its score")
        types[name] = PloverType(name, int(entry["quad"]), float(entry["score"]), dict(modes))
    missing = [t for t in PLOVER_TYPES if t not in types]
    if missing:
        raise OntologyError(f"{path.name}: missing PLOVER types {', '.join(missing)}")
    return types


def _load_cameo(path: Path, types: dict[str, PloverType]) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    for where, row in read_table(path, CAMEO_COLUMNS, OntologyError):
        entry = _cameo_row(row, f"{path.name} {where}", types)
        if entry.code in codes:
            raise OntologyError(f"{path.name}: CAMEO code {entry.code} listed twice")
        codes[entry.code] = entry
    for entry in codes.values():
        if entry.root not in codes:
            raise OntologyError(f"{path.name}: code {entry.code} has no root {entry.root} listed")
    return codes


def _cameo_row(row: dict[str, str], where: str, types: dict[str, PloverType]) -> CameoCode:
    code = (row.get("code") or "").strip()
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise OntologyError(f"{where}: code must be 2-4 digits, got {code!r}")
    try:
        goldstein = float(row.get("goldstein") or "")
    except ValueError as exc:
        raise OntologyError(f"{where} ({code}): goldstein is not a number") from exc
    if not -10.0 <= goldstein <= 10.0:
        raise OntologyError(f"{where} ({code}): goldstein {goldstein} outside -10..10")
    plover_type = (row.get("plover_type") or "").strip() or None
    mode = (row.get("plover_mode") or "").strip() or None
    if plover_type is None and not code.startswith("01"):
        raise OntologyError(f"{where} ({code}): only CAMEO 01 statements may lack a PLOVER type")
    if plover_type is not None and plover_type not in types:
        raise OntologyError(f"{where} ({code}): unknown PLOVER type {plover_type!r}")
    if mode and (plover_type is None or mode not in types[plover_type].modes):
        raise OntologyError(f"{where} ({code}): mode {mode!r} is not a mode of {plover_type}")
    return CameoCode(code, (row.get("name") or "").strip(), goldstein, plover_type, mode)
