"""One loader for the knowledge files under ``data/`` (and an analyst's own copies): YAML and TSV/CSV,
read and checked against a small schema, with errors that say "file: entry: problem".

Every stage used to repeat the same shape (read, check it is a mapping, check each field, name the file in
the error); they now call :func:`read_yaml`, :func:`read_table` and :class:`Schema`. A malformed entry in a
user's file is a :class:`DataFileError` naming the file and the entry, never a traceback.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when the wheel has it: about ten times faster on the catalogue's files
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A knowledge file is missing, unreadable or has an invalid entry; the message names both."""


def problem(path: Path | str, where: str | None, message: str) -> DataFileError:
    """The one error shape: ``file: entry: problem`` (``file: problem`` for the file as a whole)."""
    return DataFileError(f"{path}: {where}: {message}" if where else f"{path}: {message}")


def read_yaml(path: Path, error: type[Exception] = DataFileError, top: type = dict) -> Any:
    """A YAML file whose top level is a mapping (or a list, with ``top=list``: the lexicon's patterns)."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 (safe)
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, top):
        expected = "a list" if top is list else "a mapping"
        raise error(f"{path}: expected {expected} at the top level, got {type(data).__name__}")
    return data


def read_table(
    path: Path, columns: Sequence[str], error: type[DataFileError] = DataFileError
) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a TSV (``.tsv``) or CSV file as ``(where, row)``, ``where`` being "line N".

    Lines starting with ``#`` are comments; the first other line is the header and must hold
    ``columns`` (extra columns are allowed and passed through).
    """
    delimiter = "\t" if Path(path).suffix == ".tsv" else ","
    try:
        handle = Path(path).open(encoding="utf-8", newline="")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        lines = ((n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#"))
        try:
            header_line = next(lines, None)
            if header_line is None:
                raise error(f"{path}: empty file, expected a header row with {', '.join(columns)}")
            header = next(csv.reader([header_line[1]], delimiter=delimiter))
            missing = [c for c in columns if c not in header]
            if missing:
                raise error(f"{path}: header lacks column(s) {', '.join(missing)}")
            for number, line in lines:
                if not line.strip():
                    continue
                cells = line.rstrip("\r\n").split("\t") if delimiter == "\t" else next(csv.reader([line]))
                where = f"line {number}"
                if len(cells) != len(header):
                    raise error(f"{path}: {where}: expected {len(header)} columns, got {len(cells)}")
                yield where, dict(zip(header, cells, strict=True))
        except UnicodeDecodeError:
            raise error(f"{path}: not UTF-8 text") from None


# ------------------------------------------------------------------------------------------ schema


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an entry: its type, whether it is required, allowed values, a pattern."""

    kind: str = "str"  # str | strings (list of non-empty strings) | date | number | mapping | bool | any
    required: bool = False
    choices: frozenset[str] | Callable[[], frozenset[str]] | None = None
    pattern: str | None = None
    describe: str = ""


@dataclass(slots=True)
class Schema:
    """The fields an entry may have; :meth:`check` returns the entry's values, converted."""

    fields: Mapping[str, Field]
    open: bool = False  # allow fields not listed
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def check(
        self, path: Path | str, where: str, entry: Any, error: type[DataFileError] = DataFileError
    ) -> dict:
        if not isinstance(entry, dict):
            raise error(f"{path}: {where}: expected a mapping, got {entry!r}")
        unknown = set(entry) - set(self.fields)
        if unknown and not self.open:
            raise error(f"{path}: {where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        values: dict[str, Any] = {}
        for name, spec in self.fields.items():
            value = entry.get(name)
            if value is None or value == "" or value == []:
                if spec.required:
                    raise error(f"{path}: {where}: {name!r} is required")
                values[name] = [] if spec.kind == "strings" else None
                continue
            values[name] = self._value(path, where, name, spec, value, error)
        return values

    def _value(
        self, path: Path | str, where: str, name: str, spec: Field, value: Any, error: type[DataFileError]
    ) -> Any:
        if spec.kind == "str":
            if not isinstance(value, str) or not value.strip():
                raise error(f"{path}: {where}: {name!r} must be a non-empty string, got {value!r}")
            value = value.strip()
            self._allowed(path, where, name, spec, [value], error)
            return value
        if spec.kind == "strings":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise error(f"{path}: {where}: {name!r} must be a list of non-empty strings, got {value!r}")
            values = [v.strip() for v in value]
            self._allowed(path, where, name, spec, values, error)
            return values
        if spec.kind == "date":
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value))
            except ValueError:
                raise error(
                    f"{path}: {where}: {name!r} must be an ISO date YYYY-MM-DD, got {value!r}"
                ) from None
        if spec.kind == "number":
            try:
                return float(value)
            except (TypeError, ValueError):
                raise error(f"{path}: {where}: {name!r} must be a number, got {value!r}") from None
        if spec.kind == "mapping" and not isinstance(value, dict):
            raise error(f"{path}: {where}: {name!r} must be a mapping, got {value!r}")
        if spec.kind == "bool" and not isinstance(value, bool):
            raise error(f"{path}: {where}: {name!r} must be true or false, got {value!r}")
        return value

    def _allowed(
        self,
        path: Path | str,
        where: str,
        name: str,
        spec: Field,
        values: list[str],
        error: type[DataFileError],
    ) -> None:
        choices = spec.choices() if callable(spec.choices) else spec.choices
        for value in values:
            if choices is not None and value not in choices:
                shown = ", ".join(sorted(choices)) if len(choices) <= 30 else f"{len(choices)} known values"
                what = spec.describe or f"one of {shown}"
                raise error(f"{path}: {where}: {name!r} must be {what}, got {value!r}")
            if spec.pattern is not None:
                compiled = self._patterns.setdefault(spec.pattern, re.compile(spec.pattern))
                if not compiled.match(value):
                    what = f"be {spec.describe}" if spec.describe else f"match {spec.pattern}"
                    raise error(f"{path}: {where}: {name!r} must {what}, got {value!r}")


def split_list(value: str, separator: str = "|") -> list[str]:
    """A list packed into one table cell ("a|b|c"); empty cell -> []."""
    if not value:
        return []
    parts = value.split(separator)
    padded = f"{separator} " in value or f" {separator}" in value or value.strip() != value
    return parts if all(parts) and not padded else [p.strip() for p in parts if p.strip()]
