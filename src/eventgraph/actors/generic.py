"""Generic agents: sector nouns ("police", "insurgents", "a court") as actors without a catalogue name.

PETRARCH-style coding needs them: "Insurgents bombarded Aleppo" is an event by unknown rebels, and
"a court in Guyana" is the Guyanese judiciary. The nouns live in ``data/actors/generic.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from eventgraph.actors.catalogue import ACTORS_DIR, CatalogueError
from eventgraph.datafiles import read_yaml
from eventgraph.records import ActorRef, Mention, Sentence, Token

GENERIC_FILE = ACTORS_DIR / "generic.yaml"
NOUN_POS = frozenset({"NOUN"})
POSSESSIVES = frozenset({"'s", "'", "\u2019s", "\u2019"})
# sectors a person's or state's possessive hands on: "Assad's government", "Putin's troops"
# ("Azerbaijan's prisoners" are held by Azerbaijan, not its people)
POSSESSED_SECTORS = frozenset({"GOV", "MIL"})
# sectors of office-holders: "former" before their noun makes them elites (former_sector in generic.yaml)
OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD"})
FORMER_WORDS = frozenset({"former", "ex", "late"})
# sectors whose nouns are members of an organisation or group named after "of"/"from"
MEMBER_SECTORS = frozenset({"GOV", "MIL", "REB"})
# an agent is a noun phrase's head in an argument role, not a modifier ("military-ruled", "police car")
ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "conj", "appos", "attr", "dative", "oprd", "ROOT", "poss"}
)
STATE_KINDS = frozenset({"state"})


@dataclass(frozen=True, slots=True)
class ArticleCountry:
    """When a generic noun with no country of its own ("the government", "police", "the opposition
    leader") belongs to the state the article is about (``article_country`` in generic.yaml)."""

    sectors: frozenset[str]  # sectors of domestic actors
    determiners: frozenset[str]  # "the government", "his government"; a bare plural ("police") too
    owners: frozenset[str]  # "the country's army": the state named last
    foreign: frozenset[str]  # "foreign ministers", "Western officials": not the article's state
    dominance: int  # how many times as often as the next the dominant state must be named
    bare: frozenset[str] = frozenset()  # singular nouns that name a body without a determiner ("police")
    person_possessives: frozenset[str] = frozenset()  # "his government": the person named before it
    idioms: dict[str, frozenset[str]] = field(default_factory=dict)  # noun -> verbs: "join forces"


@dataclass(frozen=True, slots=True)
class MemberTag:
    """A tag after a person's name that makes the person a member of an actor's body (``member_tags``)."""

    actor: str
    sector: str
    pattern: re.Pattern[str]  # matched right after the name: ", R-Texas" or " (D-Calif.)"


@dataclass(frozen=True, slots=True)
class GenericAgents:
    sector_of: dict[str, str]  # lower-case noun -> sector
    country_prepositions: frozenset[str]
    person_roles: dict[str, str] = field(default_factory=dict)  # apposition head noun -> sector
    former_sector: str | None = None  # "X, a former minister of Y": Y's elites, not its government
    role_prepositions: dict[str, frozenset[str]] = field(default_factory=dict)  # "to" -> {aide, adviser}
    named_bodies: dict[str, str] = field(default_factory=dict)  # last word of a named body -> sector
    article_country: ArticleCountry | None = None  # whose a bare "the government" is (see generic.yaml)
    member_tags: tuple[MemberTag, ...] = ()  # "Sen. Jane Doe, R-Texas": a member of the US Congress

    def body_sector(self, word: str) -> str | None:
        """The sector the last word of a capitalised name gives ("Party" PTY, "Supreme Court" JUD)."""
        return self.sector_of.get(word) or self.named_bodies.get(word)

    def role_sector(self, noun: str) -> str | None:
        """The sector a noun heading an apposition to a person's name gives ("a Chinese diplomat")."""
        return self.person_roles.get(noun) or self.sector_of.get(noun)


@lru_cache(maxsize=4)
def load_generic_agents(path: Path = GENERIC_FILE, sectors: frozenset[str] = frozenset()) -> GenericAgents:
    """The generic-agent table; errors name the file and the entry."""
    data = read_yaml(path, CatalogueError)
    if not isinstance(data.get("agents"), dict):
        raise CatalogueError(f"{path}: expected a mapping with 'agents' (sector -> nouns)")
    sector_of = _noun_sectors(path, "agents", data["agents"], sectors)
    roles = data.get("person_roles") or {}
    if not isinstance(roles, dict):
        raise CatalogueError(f"{path}: person_roles must map sectors to lists of nouns")
    person_roles = _noun_sectors(path, "person_roles", roles, sectors)
    prepositions = data.get("country_prepositions") or []
    if not isinstance(prepositions, list) or not all(isinstance(p, str) for p in prepositions):
        raise CatalogueError(f"{path}: country_prepositions must be a list of words")
    former_sector = data.get("former_sector")
    if former_sector is not None and (
        not isinstance(former_sector, str) or sectors and former_sector not in sectors
    ):
        raise CatalogueError(
            f"{path}: former_sector: {former_sector!r} is not a sector defined in sectors.yaml"
        )
    bodies = data.get("named_bodies") or {}
    if not isinstance(bodies, dict):
        raise CatalogueError(f"{path}: named_bodies must map sectors to lists of nouns")
    return GenericAgents(
        sector_of,
        frozenset(prepositions),
        person_roles,
        former_sector,
        _role_prepositions(path, data),
        _noun_sectors(path, "named_bodies", bodies, sectors),
        _article_country(path, data, sectors),
        _member_tags(path, data.get("member_tags") or [], sectors),
    )


def _sector_code(path: Path, key: str, value: object, sectors: frozenset[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or sectors and value not in sectors:
        raise CatalogueError(f"{path}: {key}: {value!r} is not a sector defined in sectors.yaml")
    return value


def _member_tags(path: Path, table: object, sectors: frozenset[str]) -> tuple[MemberTag, ...]:
    """``member_tags``: [{actor, sector, tag}], each tag a regular expression read after a name."""
    if not isinstance(table, list):
        raise CatalogueError(f"{path}: member_tags: expected a list of {{actor, sector, tag}} entries")
    tags = []
    for n, entry in enumerate(table, start=1):
        where = f"{path}: member_tags: entry {n}"
        if not isinstance(entry, dict) or set(entry) != {"actor", "sector", "tag"}:
            raise CatalogueError(f"{where}: expected exactly the keys actor, sector and tag")
        sector = _sector_code(path, f"member_tags: entry {n}: sector", entry["sector"], sectors)
        try:
            pattern = re.compile(r"\s*(?:,\s*|\(\s*)(?:" + str(entry["tag"]) + r")(?![\w-])")
        except re.error as exc:
            problem = f"tag {entry['tag']!r} is not a regular expression ({exc})"
            raise CatalogueError(f"{where}: {problem}") from None
        tags.append(MemberTag(str(entry["actor"]), sector or "", pattern))
    return tuple(tags)


def _article_country(path: Path, data: dict, sectors: frozenset[str]) -> ArticleCountry | None:
    table = data.get("article_country")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise CatalogueError(f"{path}: article_country: expected a mapping")

    def words(key: str, upper: bool = False) -> frozenset[str]:
        value = table.get(key)
        if not isinstance(value, list) or not all(
            isinstance(w, str) and (w.isupper() if upper else w == w.lower()) for w in value
        ):
            kind = "sector codes" if upper else "lower-case words"
            raise CatalogueError(f"{path}: article_country.{key}: expected a list of {kind}, got {value!r}")
        return frozenset(value)

    codes = words("sectors", upper=True)
    unknown = sorted(c for c in codes if sectors and c not in sectors)
    if unknown:
        raise CatalogueError(
            f"{path}: article_country.sectors: {unknown[0]!r} is not defined in sectors.yaml"
        )
    dominance = table.get("dominance")
    if not isinstance(dominance, int) or isinstance(dominance, bool) or dominance < 1:
        raise CatalogueError(
            f"{path}: article_country.dominance: expected a whole number >= 1, got {dominance!r}"
        )
    return ArticleCountry(
        codes,
        words("determiners"),
        words("owners"),
        words("foreign"),
        dominance,
        words("bare"),
        words("person_possessives"),
        _idioms(path, table.get("idioms") or {}),
    )


def _idioms(path: Path, table: object) -> dict[str, frozenset[str]]:
    """Noun -> verbs whose object it is in an idiom, naming no actor ("join forces")."""
    if not isinstance(table, dict) or not all(
        isinstance(verbs, list) and all(isinstance(v, str) and v == v.lower() for v in verbs)
        for verbs in table.values()
    ):
        raise CatalogueError(f"{path}: article_country.idioms: expected a mapping of nouns to verbs")
    return {str(noun): frozenset(verbs) for noun, verbs in table.items()}


def _role_prepositions(path: Path, data: dict) -> dict[str, frozenset[str]]:
    table = data.get("role_prepositions") or {}
    if not isinstance(table, dict):
        raise CatalogueError(f"{path}: role_prepositions must map prepositions to lists of nouns")
    found: dict[str, frozenset[str]] = {}
    for preposition, nouns in table.items():
        if not isinstance(nouns, list) or not all(isinstance(n, str) and n == n.lower() for n in nouns):
            raise CatalogueError(
                f"{path}: role_prepositions.{preposition}: expected a list of lower-case nouns"
            )
        found[str(preposition)] = frozenset(nouns)
    return found


def _noun_sectors(path: Path, section: str, table: dict, sectors: frozenset[str]) -> dict[str, str]:
    """One section (sector -> lower-case nouns) as noun -> sector; a noun may appear once."""
    sector_of: dict[str, str] = {}
    for sector, nouns in table.items():
        if sectors and sector not in sectors:
            raise CatalogueError(f"{path}: {section}.{sector}: sector is not defined in sectors.yaml")
        if not isinstance(nouns, list):
            raise CatalogueError(f"{path}: {section}.{sector}: expected a list of nouns")
        for noun in nouns:
            if not isinstance(noun, str) or not noun.isalpha() or noun != noun.lower():
                raise CatalogueError(f"{path}: {section}.{sector}: {noun!r} must be one lower-case word")
            if noun in sector_of:
                raise CatalogueError(
                    f"{path}: {section}.{sector}: {noun!r} is already under {sector_of[noun]}"
                )
            sector_of[noun] = sector
    return sector_of


def generic_mentions(
    sentence: Sentence,
    mentions: list[Mention],
    taken: list[bool],
    agents: GenericAgents,
    kinds: dict[str, str],
) -> list[Mention]:
    """``mentions`` plus the generic agent nouns no catalogue phrase covers, in text order.

    An actor word right before the noun gives it its country ("Nigerian student" -> NGA EDU, one
    mention); else a country after it ("a court in Guyana"); else the mention has no id.
    ``kinds`` maps actor id -> kind (state, igo …).
    """
    by_end = {m.end: m for m in mentions}
    replaced: set[int] = set()
    found = []
    for token in sentence.tokens:
        if taken[token.i] or token.dep not in ARGUMENT_DEPS or not _agent_pos(token):
            continue
        sector = agents.sector_of.get(token.text.lower())
        if sector is None:
            continue
        if sector in OFFICE_SECTORS and agents.former_sector and _is_former(sentence, token.i):
            sector = agents.former_sector  # "a former minister of Armenia": one of its elites
        before = by_end.get(token.i)
        owner = _possessor(sentence, token.i, by_end) if sector in POSSESSED_SECTORS else None
        if before is not None and before.end - before.start <= 3:
            replaced.add(id(before))
            start, start_char = before.start, before.start_char
            actor = before.actor
            text = sentence.text[start_char - sentence.start : token.end - sentence.start]
            ref = ActorRef(
                actor.id, actor.name if actor.id else text, text, sector, actor.variant, actor.score
            )
        elif owner is not None:
            replaced.add(id(owner))
            start, start_char = owner.start, owner.start_char
            text = sentence.text[start_char - sentence.start : token.end - sentence.start]
            ref = ActorRef(
                owner.actor.id, owner.actor.name, text, sector, owner.actor.variant, owner.actor.score
            )
        else:
            start, start_char = token.i, token.start
            country = _country_after(sentence, token.i, sector, mentions, agents, kinds)
            name = country.name if country else token.text
            ref = ActorRef(country.id if country else None, name, token.text, sector)
        found.append(Mention(sentence.doc_id, sentence.index, start, token.i + 1, start_char, token.end, ref))
    bodies = [_named_body(sentence, m, agents, by_end, kinds) for m in mentions if id(m) not in replaced]
    owners = {id(owner) for _, owner in bodies if owner is not None}
    kept = [body for body, _ in bodies if id(body) not in owners]
    return sorted(kept + found, key=lambda m: m.start)


def _is_former(sentence: Sentence, i: int) -> bool:
    """A modifier "former", "ex-" or "late" on the noun, or just before it."""
    tokens = sentence.tokens
    words = {tokens[k].text.lower() for k in range(max(0, i - 3), i) if tokens[k].head == i}
    if i >= 1:
        words.add(tokens[i - 1].text.lower())
    if i >= 2 and tokens[i - 1].text == "-":
        words.add(tokens[i - 2].text.lower())
    return bool(words & FORMER_WORDS)


def _agent_pos(token: Token) -> bool:
    """A common noun, or a capitalised one the tagger took for a name ("the Supreme Court of Pakistan")."""
    return token.pos in NOUN_POS or (
        token.pos == "PROPN" and token.text[:1].isupper() and token.ent_type != "PERSON"
    )


def _possessor(sentence: Sentence, i: int, by_end: dict[int, Mention]) -> Mention | None:
    """The actor in "Assad's government", "Putin's troops": a resolved person, or a state word, right
    before "'s" and the noun."""
    if i < 2 or sentence.tokens[i - 1].text not in POSSESSIVES:
        return None
    owner = by_end.get(i - 1)
    if owner is None or owner.actor.id is None or owner.actor.sector is not None and not owner.actor.person:
        return None
    return owner


def _named_body(
    sentence: Sentence,
    mention: Mention,
    agents: GenericAgents,
    by_end: dict[int, Mention],
    kinds: dict[str, str],
) -> tuple[Mention, Mention | None]:
    """A named body the catalogue does not know: ending in an agent noun ("the Supreme Court", "Federal
    Police") it is an actor of that sector; after a state's possessive ("Armenia's Investigative
    Committee") it is that state's (one mention). Names of people are left alone. Returns the mention and
    the state mention it absorbed, if any."""
    actor = mention.actor
    if actor.id is not None or actor.sector is not None or actor.person is not None:
        return mention, None
    last = sentence.tokens[mention.end - 1]
    if not last.text[:1].isupper() or last.ent_type == "PERSON":
        return mention, None
    sector = agents.body_sector(last.text.lower())
    owner = _state_possessor(sentence, mention.start, by_end, kinds) if last.ent_type == "ORG" else None
    if owner is not None:
        text = sentence.text[owner.start_char - sentence.start : mention.end_char - sentence.start]
        ref = ActorRef(owner.actor.id, owner.actor.name, text, sector, owner.actor.variant, owner.actor.score)
        return replace(mention, start=owner.start, start_char=owner.start_char, actor=ref), owner
    if sector is None:
        return mention, None
    return replace(
        mention, actor=ActorRef(None, actor.name, actor.text, sector, actor.variant, actor.score)
    ), None


def _state_possessor(
    sentence: Sentence, start: int, by_end: dict[int, Mention], kinds: dict[str, str]
) -> Mention | None:
    """The bare state mention right before "'s" and token ``start`` ("Armenia's ...")."""
    if start < 2 or sentence.tokens[start - 1].text not in POSSESSIVES:
        return None
    owner = by_end.get(start - 1)
    if owner is None or owner.actor.sector is not None or owner.actor.person is not None:
        return None
    return owner if kinds.get(owner.actor.id or "") in STATE_KINDS else None


def _country_after(
    sentence: Sentence,
    i: int,
    sector: str,
    mentions: list[Mention],
    agents: GenericAgents,
    kinds: dict[str, str],
) -> ActorRef | None:
    """The state in "a court in Guyana", "dissidents from military-ruled Myanmar": the object of a
    country preposition hanging on the noun, when a bare state mention covers it; a state's government or
    forces only give a GOV or MIL noun their state ("ministers from the Georgian government", not
    "prisoners of the Azerbaijani army"); an organisation or group gives its officials, troops and
    fighters ("officials of the European Union", "fighters from Hezbollah") its id."""
    tokens = sentence.tokens
    for preposition in tokens[i + 1 : i + 2]:
        # right after the noun, hung on it or (a common misparse) on the noun's own head
        if preposition.text.lower() not in agents.country_prepositions or preposition.head not in (
            i,
            tokens[i].head,
        ):
            return None
        objects = [t.i for t in tokens if t.head == preposition.i != t.i and t.dep == "pobj"]
        for obj in objects:
            for mention in mentions:
                if not mention.start <= obj < mention.end or mention.actor.id is None:
                    continue
                if kinds.get(mention.actor.id) not in STATE_KINDS:
                    # "officials of the European Union", "fighters from Hezbollah": members of the body
                    if sector in MEMBER_SECTORS and preposition.text.lower() in ("of", "from"):
                        return mention.actor
                    continue
                if mention.actor.sector is None or sector in POSSESSED_SECTORS:
                    return mention.actor  # "ministers from the Georgian government" too
    return None
