"""The actor catalogue: states, organisations, non-state actors, sectors, offices and profile people.

Everything is read from YAML under ``data/actors/`` and ``data/profiles/`` and validated on load, so an
analyst can extend it without touching Python; a bad entry raises :class:`CatalogueError` naming the file
and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ACTORS_DIR = DATA_DIR / "actors"
PROFILES_DIR = DATA_DIR / "profiles"
CATALOGUE_FILES = ("states.yaml", "organisations.yaml", "institutions.yaml")
PEOPLE_FILE = "people.yaml"  # world figures every profile knows; a profile may redefine one by id
ACTOR_KINDS = frozenset({"state", "igo", "nonstate", "collective"})
ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
PERSON_ID = re.compile(r"^[a-z][a-z0-9-]*$")
RULER_LABELS = {"state": "GPE", "igo": "ORG", "nonstate": "ORG", "collective": "NORP"}
# Sector names that denote a population or movement rather than an institution ("Karabakh Armenians").
GROUP_LABELS = {"CVL": "NORP", "REB": "NORP", "OPP": "NORP"}


class CatalogueError(ValueError):
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


@dataclass(slots=True)
class Role:
    """Whom a person acts for, in which sector and office, and when (``to`` None while in office)."""

    actor: str
    sector: str | None
    office: str | None
    title: str
    start: date | None
    end: date | None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

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


@dataclass(slots=True)
class Sector:
    code: str
    name: str
    heads: list[str] = field(default_factory=list)


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
        found = []
        for person in self.people.values():
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
            for name in [person.name, *person.aliases]:
                add("PERSON", name, person.id)
        for place in self.places:
            add("GPE", place, "")
        return list(patterns.values())


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


# ------------------------------------------------------------------------------------------ loading


@lru_cache(maxsize=8)
def load_catalogue(profile: str | None = "south-caucasus") -> ActorCatalogue:
    """Load and validate the catalogue (states, organisations, sectors) plus a profile; cached."""
    return build_catalogue(
        [ACTORS_DIR / name for name in CATALOGUE_FILES],
        sectors_file=ACTORS_DIR / "sectors.yaml",
        settings_file=ACTORS_DIR / "settings.yaml",
        people_files=[ACTORS_DIR / PEOPLE_FILE],
        profile_file=_profile_path(profile) if profile else None,
        profile=profile,
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
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping at the top level, got {type(data).__name__}")
    return data


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
        unknown = set(entry) - {"name", "kind", "aliases", "demonyms", "metonyms", "sectors"}
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
        )


def _parse_sectors(path: Path, data: dict[str, Any]) -> tuple[dict[str, Sector], dict[str, Office]]:
    sectors: dict[str, Sector] = {}
    for code, entry in _mapping(path, data, "sectors", required=True).items():
        where = f"sector {code!r}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise CatalogueError(f"{path}: {where}: expected a mapping with a 'name'")
        sectors[code] = Sector(code, entry["name"], _strings(path, where, entry.get("heads"), "heads"))
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
        offices[office_id] = Office(office_id, titles, sector, entry.get("actor"))
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
