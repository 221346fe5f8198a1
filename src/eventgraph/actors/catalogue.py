"""The actor catalogue: states, organisations, non-state actors, sectors, offices and profile people.

Everything is read from YAML under ``data/actors/`` and ``data/profiles/`` and validated on load, so an
analyst can extend it without touching Python; a bad entry raises :class:`CatalogueError` naming the file
and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.datafiles import DataFileError, read_table, read_yaml, split_list

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ACTORS_DIR = DATA_DIR / "actors"
PROFILES_DIR = DATA_DIR / "profiles"
WORLD_DIR = ACTORS_DIR / "world"  # converted from the PETRARCH2/Phoenix dictionaries (tools/)
CATALOGUE_FILES = ("states.yaml", "organisations.yaml", "institutions.yaml")
PEOPLE_FILE = "people.yaml"  # world figures every profile knows; a profile may redefine one by id
ACTOR_KINDS = frozenset({"state", "igo", "nonstate", "collective"})
ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
PERSON_ID = re.compile(r"^[a-z][a-z0-9-]*$")
RULER_LABELS = {"state": "GPE", "igo": "ORG", "nonstate": "ORG", "collective": "NORP"}
# Sector names that denote a population or movement rather than an institution ("Karabakh Armenians").
GROUP_LABELS = {"CVL": "NORP", "REB": "NORP", "OPP": "NORP"}


class CatalogueError(DataFileError):
    """A catalogue file is missing, unreadable, or has an invalid entry."""


@dataclass(slots=True)
class Actor:
    """A state, organisation or collective actor and the names that stand for it."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    sector_aliases: dict[str, list[str]] = field(default_factory=dict)
    country: str | None = None  # the state a non-state actor belongs to ("HAMAS" -> PSE, NKR -> AZE)
    sector: str | None = None  # primary sector of the actor as a whole (an armed group: REB)
    secondary: tuple[str, ...] = ()  # sectors every mention carries (NKR: PRE, a partially recognised entity)
    world: bool = False  # from the converted world tables, not the curated files


@dataclass(slots=True)
class Role:
    """Whom a person acts for, in which sector and office, and when (``to`` None while in office)."""

    actor: str
    sector: str | None
    office: str | None
    title: str
    start: date | None
    end: date | None
    secondary: tuple[str, ...] = ()

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    world: bool = False

    def nearest_role(self, day: date | None, prefer: Callable[[str], bool] = lambda _: True) -> Role | None:
        """The role closest in time to ``day`` (the last one ended, else the first to come), preferring
        roles whose actor ``prefer`` accepts: whom a person out of office still belongs to."""
        pool = [r for r in self.roles if prefer(r.actor)] or self.roles
        if not pool:
            return None
        if day is None:
            return max(pool, key=lambda r: r.start or date.min)
        before = [r for r in pool if r.start is None or r.start <= day]
        if before:
            return max(before, key=lambda r: (r.end or date.max, r.start or date.min))
        return min(pool, key=lambda r: r.start or date.max)

    def role_on(self, day: date | None) -> Role | None:
        """The role held on ``day``; without a date, the current (open) or else the latest role."""
        if not self.roles:
            return None
        if day is None:
            open_roles = [r for r in self.roles if r.end is None]
            pool = open_roles or self.roles
            return max(pool, key=lambda r: r.start or date.min)
        holding = [r for r in self.roles if r.holds_on(day)]
        # When terms touch (one ends the day the next starts) the later one wins.
        return max(holding, key=lambda r: r.start or date.min) if holding else None


@dataclass(slots=True)
class Office:
    id: str
    titles: list[str]
    sector: str
    actor: str | None = None
    secondary: tuple[str, ...] = ()  # "defence minister": GOV, with MIL secondary


@dataclass(slots=True)
class Sector:
    code: str
    name: str
    heads: list[str] = field(default_factory=list)
    secondary_heads: dict[str, tuple[str, ...]] = field(default_factory=dict)  # head -> secondary sectors


@dataclass(slots=True)
class Body:
    """Names of a body of an actor, from the world tables ("Scotland Yard" -> GBR COP)."""

    actor: str
    sector: str | None
    secondary: tuple[str, ...]
    names: list[str]


@dataclass(slots=True)
class ResolverSettings:
    fuzzy_min_score: float = 88.0
    fuzzy_min_tokens: int = 2
    fuzzy_min_chars: int = 8
    ruler_exclude: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    fuzzy_stopwords: frozenset[str] = frozenset()
    not_actors: tuple[str, ...] = ()
    alignment_prefixes: frozenset[str] = frozenset()
    outlet_words: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    body_words: frozenset[str] = frozenset()
    tail_modifiers: frozenset[str] = frozenset()  # "Ethiopia's federal government", "Mexican drug cartels"


@dataclass(slots=True)
class ActorCatalogue:
    """All actors, people, sectors and offices of one profile."""

    profile: str | None
    actors: dict[str, Actor]
    people: dict[str, Person]
    sectors: dict[str, Sector]
    offices: dict[str, Office]
    settings: ResolverSettings
    region_members: list[str] = field(default_factory=list)
    outside_powers: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    regions: list[Body] = field(default_factory=list)  # world places.tsv: "Lagos police" -> NGA COP
    agents: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # world agent nouns
    _office_index: dict[tuple[str, str], list[Person]] | None = None

    def country_of(self, actor_id: str | None) -> str | None:
        """The state an actor is or belongs to: its own id for a state, its ``country`` otherwise."""
        actor = self.actors.get(actor_id or "")
        if actor is None:
            return None
        return actor.id if actor.kind == "state" else actor.country

    def get(self, actor_id: str) -> Actor | None:
        return self.actors.get(actor_id)

    def person(self, person_id: str) -> Person | None:
        return self.people.get(person_id)

    def region_role(self, actor_id: str | None) -> str | None:
        """Where an actor stands in the profile: "member", "outside" (an outside power) or None."""
        if actor_id in self.region_members:
            return "member"
        if actor_id in self.outside_powers:
            return "outside"
        return None

    def holders(self, office_id: str, actor_id: str, on: date | None) -> list[Person]:
        """People who held ``office_id`` for ``actor_id`` on the date (without a date: currently)."""
        if self._office_index is None:
            index: dict[tuple[str, str], list[Person]] = {}
            for person in self.people.values():
                for key in {(r.office, r.actor) for r in person.roles if r.office}:
                    index.setdefault(key, []).append(person)  # type: ignore[arg-type]
            self._office_index = index
        found = []
        for person in self._office_index.get((office_id, actor_id), ()):
            for role in person.roles:
                if role.office != office_id or role.actor != actor_id:
                    continue
                if (on is None and role.end is None) or (on is not None and role.holds_on(on)):
                    found.append(person)
                    break
        return found

    def entity_patterns(self) -> list[dict[str, str]]:
        """Phrase patterns for spaCy's EntityRuler (placed before ``ner``), one per catalogue name.

        Labels: states GPE, organisations ORG, demonyms and populations NORP, people PERSON, profile
        places GPE. ``id`` is the actor id, the person id for people, "" for places. Only
        names with a capital letter are given (lower-case aliases are common nouns), minus the
        ``ruler_exclude`` list, since the ruler matches lower-cased text.
        """
        patterns: dict[str, dict[str, str]] = {}
        excluded = {_strip_article(name).lower() for name in self.settings.ruler_exclude}

        def add(label: str, text: str, kb_id: str) -> None:
            text = _strip_article(text)
            if not any(ch.isupper() for ch in text) or text.lower() in excluded:
                return
            # One pattern per text: the first (an actor's own names) wins over later labels.
            patterns.setdefault(text.lower(), {"label": label, "pattern": text, "id": kb_id})

        for actor in self.actors.values():
            if actor.world:
                continue  # the resolver finds world names itself; the ruler keeps to the curated ones
            label = RULER_LABELS[actor.kind]
            for name in [actor.name, *actor.aliases]:
                add(label, name, actor.id)
            for name in actor.metonyms:
                add("GPE", name, actor.id)
            for sector, names in actor.sector_aliases.items():
                for name in names:
                    add(GROUP_LABELS.get(sector, "ORG"), name, actor.id)
            for name in actor.demonyms:
                add("NORP", name, actor.id)
        for person in self.people.values():
            if person.world:
                continue
            for name in [person.name, *person.aliases]:
                add("PERSON", name, person.id)
        for place in self.places:
            add("GPE", place, "")
        return list(patterns.values())


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


# ------------------------------------------------------------------------------------------ loading


@lru_cache(maxsize=8)
def load_catalogue(profile: str | None = "south-caucasus", world: bool = True) -> ActorCatalogue:
    """Load and validate the catalogue (states, organisations, sectors) plus a profile and, with
    ``world``, the world tables converted from the Phoenix dictionaries; cached."""
    catalogue = build_catalogue(
        [ACTORS_DIR / name for name in CATALOGUE_FILES],
        sectors_file=ACTORS_DIR / "sectors.yaml",
        settings_file=ACTORS_DIR / "settings.yaml",
        people_files=[ACTORS_DIR / PEOPLE_FILE],
        profile_file=_profile_path(profile) if profile else None,
        profile=profile,
    )
    if world:
        add_world(catalogue, WORLD_DIR)
    return catalogue


# ------------------------------------------------------------------------------------ world tables


def add_world(catalogue: ActorCatalogue, folder: Path) -> None:
    """Add the world tables (``actors.tsv``, ``bodies.tsv``, ``people.tsv``, ``agents.tsv``) below the
    curated catalogue: a name the curated files or the profile already know keeps its curated meaning,
    and a world person sharing a name with a curated one is left out."""
    known = _known_names(catalogue)
    curated = {_fold_name(n): a.id for a in catalogue.actors.values() for n in [a.name, *a.aliases]}
    sectors = frozenset(catalogue.sectors)
    path = folder / "actors.tsv"
    for where, row in read_table(path, WORLD_ACTOR_COLUMNS, CatalogueError):
        actor_id = row["id"]
        if actor_id in catalogue.actors:
            continue  # a curated actor of that id wins
        if not ACTOR_ID.match(actor_id):
            raise CatalogueError(f"{path}: {where}: id {actor_id!r} must be 2-12 upper-case letters/digits")
        if row["kind"] not in ACTOR_KINDS:
            raise CatalogueError(
                f"{path}: {where}: kind must be one of {sorted(ACTOR_KINDS)}, got {row['kind']!r}"
            )
        names = [n for n in [row["name"], *split_list(row["aliases"])] if _fold_name(n) not in known]
        if not names or _fold_name(row["name"]) in known:
            continue
        sector, secondary = _world_sectors(path, where, row, sectors)
        catalogue.actors[actor_id] = Actor(
            actor_id,
            row["name"],
            row["kind"],
            names[1:] if names[0] == row["name"] else names,
            country=row["country"] or None,
            sector=sector,
            secondary=secondary,
            world=True,
        )
    path = folder / "bodies.tsv"
    for where, row in read_table(path, ("actor", "sector", "secondary", "names"), CatalogueError):
        if row["actor"] not in catalogue.actors:
            raise CatalogueError(f"{path}: {where}: actor {row['actor']!r} is not in the catalogue")
        sector, secondary = _world_sectors(path, where, row, sectors)
        # a plain alias (no sector) holding its own owner's curated name says no more than that name and
        # the words after it: "World Bank President" is the World Bank and a title
        owner = row["actor"] if sector or secondary else None
        names = [
            n
            for n in split_list(row["names"])
            if _fold_name(n) not in known and _holds_other_actor(n, owner, curated) is None
        ]
        if names:
            catalogue.bodies.append(Body(row["actor"], sector, secondary, names))
    path = folder / "people.tsv"
    for where, row in read_table(path, ("id", "name", "aliases", "roles"), CatalogueError):
        person_id = row["id"]
        names = [row["name"], *split_list(row["aliases"])]
        if person_id in catalogue.people or any(_fold_name(n) in known for n in names):
            continue
        roles = [
            _world_role(path, f"{where}: role {n + 1}", text, catalogue)
            for n, text in enumerate(split_list(row["roles"], ";"))
        ]
        catalogue.people[person_id] = Person(person_id, row["name"], names[1:], roles, world=True)
    places = folder / "places.tsv"
    # a profile's place names are places too: they do not keep a region from its state
    named = known - {_fold_name(n) for n in catalogue.places}
    if places.is_file():  # regions and cities of a state: a modifier before a sector word says whose
        for where, row in read_table(places, ("name", "state"), CatalogueError):
            if row["state"] not in catalogue.actors:
                raise CatalogueError(f"{places}: {where}: state {row['state']!r} is not in the catalogue")
            if _fold_name(row["name"]) not in named:
                catalogue.regions.append(Body(row["state"], None, (), [row["name"]]))
    for where, row in read_table(folder / "agents.tsv", ("noun", "sector", "secondary"), CatalogueError):
        sector, secondary = _world_sectors(folder / "agents.tsv", where, row, sectors)
        if sector is not None:
            catalogue.agents.setdefault(row["noun"], (sector, secondary))
    catalogue._office_index = None
    _check_actor_fields(catalogue, folder / "actors.tsv")


WORLD_ACTOR_COLUMNS = ("id", "name", "kind", "country", "sector", "secondary", "aliases")


def _fold_name(name: str) -> str:
    return _strip_article(name.replace("\u2019", "'")).lower()


def _holds_other_actor(name: str, owner: str | None, curated: dict[str, str]) -> str | None:
    """The curated actor of two words or more whose name a world body's name holds, when it is not the
    body's owner: "World Bank President" (UN in the tables) holds "World Bank", so the curated actor and
    the title resolve it; "United States Congress" stays the USA's."""
    words = _fold_name(name).split()
    for i in range(len(words)):
        for j in range(i + 2, len(words) + 1):
            actor = curated.get(" ".join(words[i:j]))
            if actor is not None and actor != owner:
                return actor
    return None


def _known_names(catalogue: ActorCatalogue) -> set[str]:
    """Every name the curated files and the profile give (folded, without a leading "the")."""
    names: set[str] = set()
    for actor in catalogue.actors.values():
        names.update(_fold_name(n) for n in [*iter_names(actor), *actor.demonyms])
    for person in catalogue.people.values():
        names.update(_fold_name(n) for n in [person.name, *person.aliases])
    names.update(_fold_name(n) for n in catalogue.places)
    names.update(_fold_name(t) for office in catalogue.offices.values() for t in office.titles)
    names.update(_fold_name(h) for sector in catalogue.sectors.values() for h in sector.heads)
    names.update(_fold_name(h) for sector in catalogue.sectors.values() for h in sector.secondary_heads)
    names.update(_fold_name(n) for n in catalogue.settings.not_actors)  # "Washington Post" stays no actor
    return names


def _world_sectors(
    path: Path, where: str, row: dict[str, str], sectors: frozenset[str]
) -> tuple[str | None, tuple[str, ...]]:
    primary = row["sector"] or None
    secondary = tuple(split_list(row["secondary"], "+"))
    for code in [primary, *secondary]:
        if code is not None and code not in sectors:
            raise CatalogueError(f"{path}: {where}: sector {code!r} is not defined in sectors.yaml")
    return primary, secondary


def _world_role(path: Path, where: str, text: str, catalogue: ActorCatalogue) -> Role:
    """``ACTOR/SECTOR/SECONDARY/FROM/TO`` (empty parts allowed)."""
    parts = text.split("/")
    if len(parts) != 5:
        raise CatalogueError(f"{path}: {where}: expected ACTOR/SECTOR/SECONDARY/FROM/TO, got {text!r}")
    actor_id, sector, secondary, start, end = parts
    if actor_id not in catalogue.actors:
        raise CatalogueError(f"{path}: {where}: actor {actor_id!r} is not in the catalogue")
    codes = [sector, *split_list(secondary, "+")] if sector else split_list(secondary, "+")
    for code in codes:
        if code not in catalogue.sectors:
            raise CatalogueError(f"{path}: {where}: sector {code!r} is not defined in sectors.yaml")
    role = Role(
        actor_id,
        sector or None,
        None,
        "",
        _date(path, where, start or None, "from"),
        _date(path, where, end or None, "to"),
        tuple(split_list(secondary, "+")),
    )
    return role


def _check_actor_fields(catalogue: ActorCatalogue, where: Path) -> None:
    for actor in catalogue.actors.values():
        if actor.country is not None and actor.country not in catalogue.actors:
            raise CatalogueError(
                f"{where}: entry {actor.id!r}: country {actor.country!r} is not in the catalogue"
            )


def _profile_path(profile: str) -> Path:
    path = PROFILES_DIR / f"{profile}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))
        raise CatalogueError(f"unknown profile {profile!r}: no {path}; known profiles: {', '.join(known)}")
    return path


def build_catalogue(
    actor_files: Iterable[Path],
    sectors_file: Path,
    settings_file: Path | None = None,
    people_files: Iterable[Path] = (),
    profile_file: Path | None = None,
    profile: str | None = None,
) -> ActorCatalogue:
    """Build a catalogue from explicit files (tests use this with temporary files)."""
    sectors, offices = _parse_sectors(sectors_file, _read_yaml(sectors_file))
    settings = (
        _parse_settings(settings_file, _read_yaml(settings_file)) if settings_file else ResolverSettings()
    )
    actors: dict[str, Actor] = {}
    extensions: list[tuple[Path, dict[str, Any]]] = []
    for path in actor_files:
        data = _read_yaml(path)
        if "actors" not in data and "extend" not in data:
            raise CatalogueError(f"{path}: needs a top-level 'actors' or 'extend' mapping")
        _add_actors(actors, path, _mapping(path, data, "actors"), sectors)
        extensions.append((path, _mapping(path, data, "extend")))
    people: dict[str, Person] = {}
    catalogue = ActorCatalogue(profile, actors, people, sectors, offices, settings)
    for path, extend in extensions:
        for actor_id, entry in extend.items():
            _extend_actor(catalogue, path, str(actor_id), entry)
    for path in people_files:
        _add_people(catalogue, path, _read_yaml(path))
    if profile_file is not None:
        _apply_profile(catalogue, profile_file, _read_yaml(profile_file))
    _check_references(catalogue, sectors_file, profile_file)
    return catalogue


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, CatalogueError)


def _mapping(path: Path, data: dict[str, Any], key: str, required: bool = False) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise CatalogueError(f"{path}: missing top-level key {key!r}")
        return {}
    if not isinstance(value, dict):
        raise CatalogueError(f"{path}: {key!r} must be a mapping, got {type(value).__name__}")
    return value


def _strings(path: Path, where: str, value: Any, field_name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogueError(
            f"{path}: {where}: {field_name!r} must be a list of non-empty strings, got {value!r}"
        )
    return [v.strip() for v in value]


def _add_actors(
    actors: dict[str, Actor], path: Path, entries: dict[str, Any], sectors: dict[str, Sector]
) -> None:
    for actor_id, entry in entries.items():
        actor_id = str(actor_id)
        where = f"entry {actor_id!r}"
        if not ACTOR_ID.match(actor_id):
            raise CatalogueError(f"{path}: {where}: id must be 2-12 upper-case letters/digits")
        if actor_id in actors:
            raise CatalogueError(f"{path}: {where}: id already defined in another catalogue file")
        if not isinstance(entry, dict):
            raise CatalogueError(f"{path}: {where}: expected a mapping, got {entry!r}")
        unknown = set(entry) - {
            "name",
            "kind",
            "aliases",
            "demonyms",
            "metonyms",
            "sectors",
            "country",
            "sector",
            "secondary",
        }
        if unknown:
            raise CatalogueError(f"{path}: {where}: unknown field(s) {', '.join(sorted(unknown))}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CatalogueError(f"{path}: {where}: 'name' is required and must be a non-empty string")
        kind = entry.get("kind")
        if kind not in ACTOR_KINDS:
            raise CatalogueError(
                f"{path}: {where}: 'kind' must be one of {sorted(ACTOR_KINDS)}, got {kind!r}"
            )
        sector_aliases = entry.get("sectors") or {}
        if not isinstance(sector_aliases, dict):
            raise CatalogueError(f"{path}: {where}: 'sectors' must map sector codes to lists of names")
        for code, names in sector_aliases.items():
            if code not in sectors:
                raise CatalogueError(f"{path}: {where}: sector {code!r} is not defined in sectors.yaml")
            _strings(path, where, names, f"sectors.{code}")
        actors[actor_id] = Actor(
            id=actor_id,
            name=name.strip(),
            kind=kind,
            aliases=_strings(path, where, entry.get("aliases"), "aliases"),
            demonyms=_strings(path, where, entry.get("demonyms"), "demonyms"),
            metonyms=_strings(path, where, entry.get("metonyms"), "metonyms"),
            sector_aliases={c: _strings(path, where, n, f"sectors.{c}") for c, n in sector_aliases.items()},
            country=_optional_str(path, where, entry.get("country"), "country"),
            sector=_sector_code(path, where, entry.get("sector"), sectors),
            secondary=tuple(
                _sector_code(path, where, code, sectors) or ""
                for code in _strings(path, where, entry.get("secondary"), "secondary")
            ),
        )


def _optional_str(path: Path, where: str, value: Any, field_name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{path}: {where}: {field_name!r} must be a non-empty string, got {value!r}")
    return value.strip()


def _sector_code(path: Path, where: str, code: Any, sectors: dict[str, Sector]) -> str | None:
    if code is None:
        return None
    if code not in sectors:
        raise CatalogueError(f"{path}: {where}: sector {code!r} is not defined in sectors.yaml")
    return str(code)


def _parse_sectors(path: Path, data: dict[str, Any]) -> tuple[dict[str, Sector], dict[str, Office]]:
    sectors: dict[str, Sector] = {}
    for code, entry in _mapping(path, data, "sectors", required=True).items():
        where = f"sector {code!r}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise CatalogueError(f"{path}: {where}: expected a mapping with a 'name'")
        sectors[code] = Sector(code, entry["name"], _strings(path, where, entry.get("heads"), "heads"))
    for code, entry in _mapping(path, data, "sectors", required=True).items():
        table = entry.get("secondary_heads") or {}
        where = f"sector {code!r}: secondary_heads"
        if not isinstance(table, dict):
            raise CatalogueError(f"{path}: {where}: expected a mapping of sector codes to head nouns")
        for other, heads in table.items():
            if other not in sectors:
                raise CatalogueError(f"{path}: {where}: sector {other!r} is not a defined sector")
            for head in _strings(path, where, heads, f"secondary_heads.{other}"):
                sectors[code].secondary_heads[head] = (*sectors[code].secondary_heads.get(head, ()), other)
    offices: dict[str, Office] = {}
    for office_id, entry in _mapping(path, data, "offices").items():
        where = f"office {office_id!r}"
        if not isinstance(entry, dict):
            raise CatalogueError(f"{path}: {where}: expected a mapping")
        titles = _strings(path, where, entry.get("titles"), "titles")
        if not titles:
            raise CatalogueError(f"{path}: {where}: needs at least one title")
        sector = entry.get("sector")
        if sector not in sectors:
            raise CatalogueError(f"{path}: {where}: sector {sector!r} is not a defined sector")
        secondary = _strings(path, where, entry.get("secondary"), "secondary")
        unknown = [code for code in secondary if code not in sectors]
        if unknown:
            raise CatalogueError(f"{path}: {where}: secondary sector {unknown[0]!r} is not a defined sector")
        offices[office_id] = Office(office_id, titles, sector, entry.get("actor"), tuple(secondary))
    return sectors, offices


def _parse_settings(path: Path, data: dict[str, Any]) -> ResolverSettings:
    fuzzy = _mapping(path, data, "fuzzy")
    try:
        score = float(fuzzy.get("min_score", 88))
        min_tokens = int(fuzzy.get("min_tokens", 2))
        min_chars = int(fuzzy.get("min_chars", 8))
    except (TypeError, ValueError):
        raise CatalogueError(f"{path}: 'fuzzy' values must be numbers, got {fuzzy!r}") from None
    if not 50 <= score <= 100:
        raise CatalogueError(f"{path}: fuzzy.min_score must be between 50 and 100, got {score}")
    return ResolverSettings(
        fuzzy_min_score=score,
        fuzzy_min_tokens=max(1, min_tokens),
        fuzzy_min_chars=max(1, min_chars),
        ruler_exclude=frozenset(_strings(path, "settings", data.get("ruler_exclude"), "ruler_exclude")),
        honorifics=frozenset(_strings(path, "settings", data.get("honorifics"), "honorifics")),
        fuzzy_stopwords=frozenset(_strings(path, "settings", data.get("fuzzy_stopwords"), "fuzzy_stopwords")),
        not_actors=tuple(_strings(path, "settings", data.get("not_actors"), "not_actors")),
        alignment_prefixes=frozenset(
            _strings(path, "settings", data.get("alignment_prefixes"), "alignment_prefixes")
        ),
        outlet_words=frozenset(_strings(path, "settings", data.get("outlet_words"), "outlet_words")),
        place_nouns=frozenset(_strings(path, "settings", data.get("place_nouns"), "place_nouns")),
        body_words=frozenset(_strings(path, "settings", data.get("body_words"), "body_words")),
        tail_modifiers=frozenset(_strings(path, "settings", data.get("tail_modifiers"), "tail_modifiers")),
    )


def _apply_profile(catalogue: ActorCatalogue, path: Path, data: dict[str, Any]) -> None:
    _add_actors(catalogue.actors, path, _mapping(path, data, "actors"), catalogue.sectors)
    for actor_id, entry in _mapping(path, data, "extend").items():
        _extend_actor(catalogue, path, str(actor_id), entry)
    _add_people(catalogue, path, data)
    region = _mapping(path, data, "region")
    catalogue.region_members = _strings(path, "region", region.get("members"), "members")
    catalogue.outside_powers = _strings(path, "region", region.get("outside_powers"), "outside_powers")
    catalogue.places = _strings(path, "places", data.get("places"), "places")


def _add_people(catalogue: ActorCatalogue, path: Path, data: dict[str, Any]) -> None:
    for person_id, entry in _mapping(path, data, "people").items():
        catalogue.people[str(person_id)] = _parse_person(path, str(person_id), entry, catalogue)


def _extend_actor(catalogue: ActorCatalogue, path: Path, actor_id: str, entry: Any) -> None:
    """Profile-specific names for an actor defined elsewhere (state media, parties, parliaments)."""
    where = f"extend {actor_id!r}"
    actor = catalogue.actors.get(actor_id)
    if actor is None:
        raise CatalogueError(f"{path}: {where}: actor {actor_id!r} is not in the catalogue")
    if not isinstance(entry, dict) or set(entry) - {"aliases", "demonyms", "metonyms", "sectors"}:
        raise CatalogueError(f"{path}: {where}: expected a mapping of aliases/demonyms/metonyms/sectors")
    actor.aliases.extend(_strings(path, where, entry.get("aliases"), "aliases"))
    actor.demonyms.extend(_strings(path, where, entry.get("demonyms"), "demonyms"))
    actor.metonyms.extend(_strings(path, where, entry.get("metonyms"), "metonyms"))
    sectors = entry.get("sectors") or {}
    if not isinstance(sectors, dict):
        raise CatalogueError(f"{path}: {where}: 'sectors' must map sector codes to lists of names")
    for code, names in sectors.items():
        if code not in catalogue.sectors:
            raise CatalogueError(f"{path}: {where}: sector {code!r} is not defined in sectors.yaml")
        actor.sector_aliases.setdefault(code, []).extend(_strings(path, where, names, f"sectors.{code}"))


def _parse_person(path: Path, person_id: str, entry: Any, catalogue: ActorCatalogue) -> Person:
    where = f"person {person_id!r}"
    if not PERSON_ID.match(person_id):
        raise CatalogueError(f"{path}: {where}: id must be lower-case words joined by '-'")
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise CatalogueError(f"{path}: {where}: expected a mapping with a 'name'")
    roles_data = entry.get("roles") or []
    if not isinstance(roles_data, list):
        raise CatalogueError(f"{path}: {where}: 'roles' must be a list")
    roles = [_parse_role(path, f"{where} role {n + 1}", r, catalogue) for n, r in enumerate(roles_data)]
    return Person(
        person_id, entry["name"].strip(), _strings(path, where, entry.get("aliases"), "aliases"), roles
    )


def _parse_role(path: Path, where: str, entry: Any, catalogue: ActorCatalogue) -> Role:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{path}: {where}: expected a mapping, got {entry!r}")
    actor_id = entry.get("actor")
    if actor_id not in catalogue.actors:
        raise CatalogueError(f"{path}: {where}: actor {actor_id!r} is not in the catalogue")
    sector = entry.get("sector")
    if sector is not None and sector not in catalogue.sectors:
        raise CatalogueError(f"{path}: {where}: sector {sector!r} is not a defined sector")
    office = entry.get("office")
    if office is not None and office not in catalogue.offices:
        raise CatalogueError(f"{path}: {where}: office {office!r} is not defined in sectors.yaml")
    start = _date(path, where, entry.get("from"), "from")
    end = _date(path, where, entry.get("to"), "to")
    if start and end and end < start:
        raise CatalogueError(f"{path}: {where}: 'to' {end} is before 'from' {start}")
    return Role(actor_id, sector, office, str(entry.get("title") or office or ""), start, end)


def _date(path: Path, where: str, value: Any, field_name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CatalogueError(
            f"{path}: {where}: {field_name!r} must be an ISO date YYYY-MM-DD, got {value!r}"
        ) from None


def _check_references(catalogue: ActorCatalogue, sectors_file: Path, profile_file: Path | None) -> None:
    for office in catalogue.offices.values():
        if office.actor is not None and office.actor not in catalogue.actors:
            raise CatalogueError(
                f"{sectors_file}: office {office.id!r}: actor {office.actor!r} is not in the catalogue"
            )
    _check_actor_fields(catalogue, profile_file or sectors_file)
    where = profile_file or sectors_file
    for actor_id in [*catalogue.region_members, *catalogue.outside_powers]:
        if actor_id not in catalogue.actors:
            raise CatalogueError(f"{where}: region: actor {actor_id!r} is not in the catalogue")


def iter_names(actor: Actor) -> Iterator[str]:
    """Every name of an actor: canonical name, aliases, metonyms and sector aliases (not demonyms)."""
    yield actor.name
    yield from actor.aliases
    yield from actor.metonyms
    for names in actor.sector_aliases.values():
        yield from names
