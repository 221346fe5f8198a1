"""Generic agents: sector nouns ("police", "insurgents", "a court") as actors without a catalogue name.

PETRARCH-style coding needs them: "Insurgents bombarded Aleppo" is an event by unknown rebels, and
"a court in Guyana" is the Guyanese judiciary. The nouns live in ``data/actors/generic.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from eventgraph.actors.catalogue import ACTORS_DIR, CatalogueError
from eventgraph.records import ActorRef, Mention, Sentence

GENERIC_FILE = ACTORS_DIR / "generic.yaml"
NOUN_POS = frozenset({"NOUN"})
# an agent is a noun phrase's head in an argument role, not a modifier ("military-ruled", "police car")
ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "obj", "pobj", "conj", "appos", "attr", "dative", "oprd", "ROOT", "poss"}
)
STATE_KINDS = frozenset({"state"})


@dataclass(frozen=True, slots=True)
class GenericAgents:
    sector_of: dict[str, str]  # lower-case noun -> sector
    country_prepositions: frozenset[str]


@lru_cache(maxsize=4)
def load_generic_agents(path: Path = GENERIC_FILE, sectors: frozenset[str] = frozenset()) -> GenericAgents:
    """The generic-agent table; errors name the file and the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError(f"{path}: cannot read generic agents: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("agents"), dict):
        raise CatalogueError(f"{path}: expected a mapping with 'agents' (sector -> nouns)")
    sector_of: dict[str, str] = {}
    for sector, nouns in data["agents"].items():
        if sectors and sector not in sectors:
            raise CatalogueError(f"{path}: agents.{sector}: sector is not defined in sectors.yaml")
        if not isinstance(nouns, list):
            raise CatalogueError(f"{path}: agents.{sector}: expected a list of nouns")
        for noun in nouns:
            if not isinstance(noun, str) or not noun.isalpha() or noun != noun.lower():
                raise CatalogueError(f"{path}: agents.{sector}: {noun!r} must be one lower-case word")
            if noun in sector_of:
                raise CatalogueError(f"{path}: agents.{sector}: {noun!r} is already under {sector_of[noun]}")
            sector_of[noun] = sector
    prepositions = data.get("country_prepositions") or []
    if not isinstance(prepositions, list) or not all(isinstance(p, str) for p in prepositions):
        raise CatalogueError(f"{path}: country_prepositions must be a list of words")
    return GenericAgents(sector_of, frozenset(prepositions))


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
        if taken[token.i] or token.pos not in NOUN_POS or token.dep not in ARGUMENT_DEPS:
            continue
        sector = agents.sector_of.get(token.text.lower())
        if sector is None:
            continue
        before = by_end.get(token.i)
        if before is not None and before.end - before.start <= 3:
            replaced.add(id(before))
            start, start_char = before.start, before.start_char
            actor = before.actor
            text = sentence.text[start_char - sentence.start : token.end - sentence.start]
            ref = ActorRef(
                actor.id, actor.name if actor.id else text, text, sector, actor.variant, actor.score
            )
        else:
            start, start_char = token.i, token.start
            country = _country_after(sentence, token.i, mentions, agents, kinds)
            name = country.name if country else token.text
            ref = ActorRef(country.id if country else None, name, token.text, sector)
        found.append(Mention(sentence.doc_id, sentence.index, start, token.i + 1, start_char, token.end, ref))
    kept = [m for m in mentions if id(m) not in replaced]
    return sorted(kept + found, key=lambda m: m.start)


def _country_after(
    sentence: Sentence, i: int, mentions: list[Mention], agents: GenericAgents, kinds: dict[str, str]
) -> ActorRef | None:
    """The state in "a court in Guyana", "dissidents from military-ruled Myanmar": the object of a
    country preposition hanging on the noun, when a bare state mention covers it."""
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
                if kinds.get(mention.actor.id) in STATE_KINDS and mention.actor.sector is None:
                    return mention.actor
    return None
