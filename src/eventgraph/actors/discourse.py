"""Actors followed through an article: who a surname, a title or "the bloc" stands for.

The resolver reads one sentence at a time. An article introduces a person once with role and country
("US House Speaker Nancy Pelosi", "Carlos Ruiz, Colombia's defence minister") and then says "Pelosi",
"the speaker" or "the minister"; it names the EU and then says "the bloc"; it names Nagorno-Karabakh and
then says "the enclave". :class:`ArticleActors` remembers what the article has named so far and, for each
new sentence, adds the mentions these words make (even where the NER did not see "Pelosi" as a name) and
gives an unknown person the country and sector of the title before their name. Every mention it adds
carries an :class:`~eventgraph.records.Inference` (how, and the sentence that named the actor), which
the coder passes on to the events, so an analyst can tell an inferred participant from a stated one.

The words and limits are knowledge in ``data/discourse.yaml``; the contested territories are a profile's
``contested_territories`` field. Both are checked on load.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.actors.catalogue import ACTOR_KINDS, PROFILES_DIR, ActorCatalogue, CatalogueError
from eventgraph.actors.generic import ArticleCountry, load_generic_agents
from eventgraph.actors.resolver import ELITE_WORDS, FORMER_WORDS, fold
from eventgraph.datafiles import read_yaml
from eventgraph.records import ActorRef, Inference, Mention, Sentence, Token

RULES_FILE = Path(__file__).resolve().parents[1] / "data" / "discourse.yaml"
PREMODIFIER_POS = frozenset({"PROPN", "NOUN", "ADJ", "PART"})
PREMODIFIER_REACH = 6  # tokens a title before a name may span ("US House Speaker")
ROLE_DEPS = frozenset({"compound", "amod"})
TIMES = frozenset({"DATE", "TIME"})
COUNTRY_DEPS = frozenset({"det", "poss", "amod", "compound", "nmod"})  # words on a generic noun
ANCHOR_PREPOSITIONS = frozenset({"of", "in", "from", "at"})  # a generic noun's own anchor follows these


@dataclass(frozen=True, slots=True)
class DiscourseRules:
    """The words and limits of ``data/discourse.yaml`` (see its header)."""

    person_reach: int
    title_determiners: frozenset[str]
    organisation_nouns: dict[str, frozenset[str]]
    organisation_reach: int
    body_determiners: frozenset[str]
    body_reach: int
    territory_modifiers: frozenset[str]
    territory_places: frozenset[str]
    reciprocal_words: dict[str, frozenset[str]]
    fighting_nouns: frozenset[str]
    fighting_types: frozenset[str]
    call_types: frozenset[str]
    fighting_reach: int


@lru_cache(maxsize=2)
def load_discourse_rules(path: Path = RULES_FILE) -> DiscourseRules:
    """The rules file, validated: an error names the file and the key."""
    data = read_yaml(path, CatalogueError)
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping of the keys its header lists")

    def words(key: str) -> frozenset[str]:
        return frozenset(_words(path, key, data.get(key)))

    def types(key: str) -> frozenset[str]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) and w.isupper() for w in value):
            raise CatalogueError(f"{path}: {key}: expected a list of PLOVER types (ASSAULT …), got {value!r}")
        return frozenset(value)

    def number(key: str) -> int:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise CatalogueError(f"{path}: {key}: expected a whole number of sentences, got {value!r}")
        return value

    def table(key: str, ids: bool = False) -> dict[str, frozenset[str]]:
        value = data.get(key)
        if not isinstance(value, dict) or not value:
            raise CatalogueError(f"{path}: {key}: expected a mapping of words to lists of words")
        found = {}
        for word, listed in value.items():
            if ids and isinstance(listed, list):  # actor ids (upper case) besides kinds (lower case)
                listed = [w.lower() if isinstance(w, str) and w.isupper() else w for w in listed]
            found[str(word)] = frozenset(_words(path, f"{key}: {word}", listed))
        if ids:
            found = {
                w: frozenset(v.upper() if v not in ACTOR_KINDS else v for v in f) for w, f in found.items()
            }
        return found

    known = {f.name for f in DiscourseRules.__dataclass_fields__.values()}
    unknown = sorted(set(data) - known)
    if unknown:
        raise CatalogueError(f"{path}: {unknown[0]}: unknown key (known: {', '.join(sorted(known))})")
    return DiscourseRules(
        person_reach=number("person_reach"),
        title_determiners=words("title_determiners"),
        organisation_nouns=table("organisation_nouns", ids=True),
        organisation_reach=number("organisation_reach"),
        body_determiners=words("body_determiners"),
        body_reach=number("body_reach"),
        territory_modifiers=words("territory_modifiers"),
        territory_places=words("territory_places"),
        reciprocal_words=table("reciprocal_words"),
        fighting_nouns=words("fighting_nouns"),
        fighting_types=types("fighting_types"),
        call_types=types("call_types"),
        fighting_reach=number("fighting_reach"),
    )


def load_contested_territories(catalogue: ActorCatalogue) -> dict[str, frozenset[str]]:
    """The profile's ``contested_territories``: actor id -> nouns that refer back to it; checked."""
    if not catalogue.profile:
        return {}
    path = PROFILES_DIR / f"{catalogue.profile}.yaml"
    data = read_yaml(path, CatalogueError)
    entries = data.get("contested_territories") if isinstance(data, dict) else None
    if entries is None:
        return {}
    if not isinstance(entries, dict):
        raise CatalogueError(f"{path}: contested_territories: expected a mapping of actor ids to nouns")
    territories = {}
    for actor_id, nouns in entries.items():
        if actor_id not in catalogue.actors:
            raise CatalogueError(f"{path}: contested_territories: {actor_id!r} is not a catalogue actor")
        territories[str(actor_id)] = frozenset(_words(path, f"contested_territories: {actor_id}", nouns))
    return territories


def _words(path: Path, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w and w == w.lower() for w in value):
        raise CatalogueError(f"{path}: {key}: expected a list of lower-case words, got {value!r}")
    if any(" " in w for w in value):
        raise CatalogueError(f"{path}: {key}: one word per entry, got {value!r}")
    return value


# ------------------------------------------------------------------------------------- the tracker


@dataclass(frozen=True, slots=True)
class ArticleKnowledge:
    """What the tracker needs of the catalogue, built once per profile: role nouns with their sectors,
    actor kinds and the contested territories."""

    rules: DiscourseRules
    role_sectors: dict[str, str]
    kinds: dict[str, str]
    territories: dict[str, frozenset[str]]
    honorifics: frozenset[str] = frozenset()
    former_sector: str | None = None
    article_country: ArticleCountry | None = None
    state_names: dict[str, str] = field(default_factory=dict)  # state id -> name
    alignment_prefixes: frozenset[str] = frozenset()  # "pro", "anti": "pro-Trump forces"

    @classmethod
    def of(cls, catalogue: ActorCatalogue) -> ArticleKnowledge:
        generic = load_generic_agents(sectors=frozenset(catalogue.sectors))
        roles: dict[str, str] = {}
        for office in catalogue.offices.values():
            for title in office.titles:
                roles.setdefault(fold(title.split()[-1]), office.sector)
        for noun, sector in [*generic.sector_of.items(), *generic.person_roles.items()]:
            roles.setdefault(noun, sector)
        kinds = {actor.id: actor.kind for actor in catalogue.actors.values()}
        honorifics = frozenset(fold(h).rstrip(".") for h in catalogue.settings.honorifics)
        territories = load_contested_territories(catalogue)
        rules = load_discourse_rules()
        for noun, fits in rules.organisation_nouns.items():
            unknown = sorted(f for f in fits if f not in ACTOR_KINDS and f not in catalogue.actors)
            if unknown:
                raise CatalogueError(
                    f"{RULES_FILE}: organisation_nouns: {noun}: {unknown[0]!r} is not a catalogue actor"
                )
        states = {a.id: a.name for a in catalogue.actors.values() if a.kind == "state"}
        return cls(
            rules,
            roles,
            kinds,
            territories,
            honorifics,
            generic.former_sector,
            generic.article_country,
            states,
            frozenset(fold(p) for p in catalogue.settings.alignment_prefixes),
        )


@dataclass(slots=True)
class _Known:
    """An actor the article has named: the reference and the sentence that named it."""

    actor: ActorRef
    sentence_index: int
    last_seen: int


@dataclass(slots=True)
class ArticleActors:
    """The actors one article has named so far. Feed it every sentence in order with
    :meth:`follow`; start a new one for each document."""

    knowledge: ArticleKnowledge
    names: dict[str, _Known] = field(default_factory=dict)  # folded surname or full name -> person
    titles: dict[str, _Known | None] = field(default_factory=dict)  # role noun -> person (None: two)
    title_words: dict[str, set[str]] = field(default_factory=dict)  # role noun -> every word of the title
    organisations: list[_Known] = field(default_factory=list)
    territories: dict[str, _Known] = field(default_factory=dict)  # territory id -> where named
    bodies: dict[str, _Known | None] = field(default_factory=dict)  # agent noun -> body (None: two)
    states: dict[str, list[int]] = field(default_factory=dict)  # state id -> [times named, last sentence]
    last_state: str | None = None
    sentence_states: set[str] = field(default_factory=set)  # states the current sentence names

    def follow(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """``mentions`` of ``sentence`` with titled people given their country, and with the mentions
        that surnames, titles, "the bloc" and "the enclave" make; then remember what it names."""
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        mentions = [self._owned(sentence, self._titled(sentence, m, at), at) for m in mentions]
        mentions = self._with_references(sentence, mentions)
        self._count_states(sentence, mentions)
        mentions = [self._of_article_country(sentence, m, mentions) for m in mentions]
        self._learn(sentence, mentions)
        return mentions

    # ------------------------------------------------------------------- the article's own state

    def _count_states(self, sentence: Sentence, mentions: list[Mention]) -> None:
        """How often the article has named each state so far: states, their bodies and people, stated."""
        self.sentence_states = set()
        for mention in mentions:
            actor = mention.actor
            if actor.inferred is None and actor.country in self.knowledge.state_names:
                counted = self.states.setdefault(actor.country, [0, sentence.index])
                counted[0] += 1
                counted[1] = sentence.index
                self.last_state = actor.country
                self.sentence_states.add(actor.country)

    def _aligned(self, tokens: list[Token], start: int) -> bool:
        """An alignment prefix and a hyphen before the noun: "pro-Trump forces", "anti-war activists"."""
        window = [fold(t.text) for t in tokens[max(0, start - 3) : start + 2]]
        return any(
            w == "-" and k > 0 and window[k - 1] in self.knowledge.alignment_prefixes
            for k, w in enumerate(window)
        )

    def _dominant_state(self) -> str | None:
        """The state the article has named most, ``dominance`` times as often as the next; else None."""
        rules = self.knowledge.article_country
        if rules is None or not self.states:
            return None
        ranked = sorted(self.states.items(), key=lambda kv: -kv[1][0])
        runner_up = ranked[1][1][0] if len(ranked) > 1 else 0
        return ranked[0][0] if ranked[0][1][0] >= rules.dominance * runner_up else None

    def _of_article_country(self, sentence: Sentence, mention: Mention, mentions: list[Mention]) -> Mention:
        """A generic noun with no country of its own ("the government", "police", "the country's army")
        is the article's state: after "his"/"her" the state of the person named before it; after "the
        country's" the state named last; else the article's dominant state, unless its sentence names
        another state (then whose is not plain)."""
        rules = self.knowledge.article_country
        actor = mention.actor
        if rules is None or actor.id or actor.person or actor.sector not in rules.sectors:
            return mention
        tokens = sentence.tokens
        head = tokens[mention.end - 1]
        if head.pos not in ("NOUN", "PROPN") or self._aligned(tokens, mention.start):
            return mention  # "pro-Trump forces" are no state's
        if fold(tokens[head.head].lemma) in rules.idioms.get(fold(head.lemma), ()) and head.dep == "dobj":
            return mention  # "joined forces with": no forces at all
        children = [tokens[c] for c in _children(sentence, head.i, COUNTRY_DEPS | {"prep", "advmod"})]
        if any(fold(c.text) in rules.foreign for c in children):
            return mention
        if any(c.dep == "prep" and fold(c.text) in ANCHOR_PREPOSITIONS for c in children):
            return mention  # "the mayor of the occupied city", "officials in Kherson": anchored elsewhere
        if any(c.dep in ("compound", "nmod") and c.pos in ("NOUN", "PROPN") for c in children):
            return mention  # "prison officials", "company officials": a noun names the body they serve
        owners = [c for c in children if c.dep == "poss"]
        determiners = [c for c in children if c.dep == "det"]
        owner = fold(owners[0].text) if owners else None
        if owner is not None and owner not in rules.owners | rules.person_possessives | rules.determiners:
            return mention  # "Putin's government", "the ministry's officials": someone else's
        if owner is None and determiners and not all(fold(d.text) in rules.determiners for d in determiners):
            return mention  # "a government", "some officials"
        bare_singular = head.tag not in ("NNS", "NNPS") and fold(head.text) not in rules.bare
        if owner is None and not determiners and bare_singular:
            return mention  # a bare singular is a modifier or a heading, not a body
        here, dominant = self.sentence_states, self._dominant_state()
        if owner in rules.person_possessives:
            state = _person_before(sentence, owners[0].i, mentions)  # "Akar … his government"
        elif owner in rules.owners:
            state = self.last_state if len(here) <= 1 else None  # "the country's army": the state named last
        elif here - {dominant}:
            return mention  # the sentence names another state than the article's: whose is not plain
        else:
            state = dominant
        if state is None:
            return mention
        named = self.states[state][1] if state in self.states else sentence.index
        ref = replace(
            actor,
            id=state,
            name=self.knowledge.state_names[state],
            country=state,
            inferred=Inference(named, "country"),
        )
        return replace(mention, actor=ref)

    # ------------------------------------------------------------------------ titles before a name

    def _titled(self, sentence: Sentence, mention: Mention, at: dict[int, Mention]) -> Mention:
        """An unknown person with a title before the name: "US House Speaker Nancy Pelosi" -> USA LEG,
        "Azerbaijani activist X" -> AZE OPP. The title must hold a role noun and a state or body."""
        actor = mention.actor
        if actor.id or actor.sector or not _is_person(sentence, mention):
            return mention
        run = _premodifiers(sentence.tokens, mention.start, mention.end)
        roles = [self.knowledge.role_sectors.get(fold(sentence.tokens[i].text)) for i in run]
        sectors = [s for s in roles if s is not None]
        if not sectors:
            return mention
        bodies = [
            m for m in _mentions_in(run, at) if m.actor.id and m.actor.person is None and m is not mention
        ]
        if not bodies:
            return mention
        body = bodies[-1].actor
        sector = sectors[-1]
        if {fold(sentence.tokens[i].text) for i in run} & ELITE_WORDS and self.knowledge.former_sector:
            sector = self.knowledge.former_sector  # "former Georgian President X": Georgia's elite now
        ref = replace(
            actor, id=body.id, name=body.name, sector=sector, variant=body.text, country=body.country
        )
        return replace(mention, actor=ref)

    def _owned(self, sentence: Sentence, mention: Mention, at: dict[int, Mention]) -> Mention:
        """A state's institution named by a bare alias belongs to the state whose possessive stands before
        it: "Chile's Defense Department" is Chile's, although "Defense Department" alone is the US one."""
        actor = mention.actor
        if not actor.id or actor.person or self.knowledge.kinds.get(actor.id) != "state" or mention.start < 2:
            return mention
        tokens = sentence.tokens
        marker, owner_at = tokens[mention.start - 1], mention.start - 2
        owner = at.get(owner_at)
        if marker.text not in ("'s", "’s", "'") or owner is None or owner is mention:
            return mention
        if not owner.actor.id or owner.actor.person or owner.actor.id == actor.id:
            return mention
        if self.knowledge.kinds.get(owner.actor.id) != "state" or tokens[owner_at].dep != "poss":
            return mention
        ref = replace(
            actor,
            id=owner.actor.id,
            name=owner.actor.name,
            variant=actor.variant or actor.text,
            country=owner.actor.country,  # "Chile's Defense Department": Chile's, not the US one's
        )
        return replace(mention, actor=ref)

    # ---------------------------------------------------------------------------- referring words

    def _with_references(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        found: list[Mention] = []
        claimed: set[int] = set()
        for token in sentence.tokens:
            if token.i in claimed:
                continue
            held = at.get(token.i)
            if held is not None and held.actor.id:
                continue  # the resolver knows these words
            made = (
                self._by_name(sentence, token, held)
                or self._by_title(sentence, token, at)
                or self._by_kind(sentence, token, at)
                or self._by_territory(sentence, token, at)
                or self._by_noun(sentence, token, held, at)
            )
            if made is not None:
                found.append(made)
                claimed.update(range(made.start, made.end))
        if not found:
            return mentions
        kept = [m for m in mentions if not any(m.start <= i < m.end for i in claimed)]
        kept = [_owned_by(sentence, m, found) for m in kept]
        return sorted([*kept, *found], key=lambda m: m.start)

    def _by_name(self, sentence: Sentence, token: Token, held: Mention | None) -> Mention | None:
        """ "Pelosi", or "Nancy Pelosi" again, for a person introduced with role and country."""
        if not token.text[:1].isupper() or token.pos not in ("PROPN", "NOUN", "ADJ"):
            return None
        tokens = sentence.tokens
        if held is not None:  # an unresolved name: all its words must be the person's
            start, end = held.start, held.end
        else:
            start, end = token.i, token.i + 1
            while end < len(tokens) and tokens[end].text[:1].isupper() and tokens[end].pos == "PROPN":
                end += 1
        before = tokens[start - 1] if start > 0 else None
        if before is not None and before.ent_type in ("PERSON", "") and not self._only_titles([before]):
            return None  # "Eric Trump" is not Trump ("Wednesday Trump" is)
        after = tokens[end] if end < len(tokens) else None
        if (
            after is not None
            and after.text[:1].isupper()
            and after.pos == "PROPN"
            and after.ent_type not in TIMES
        ):
            return None  # nor is "Trump Tower" ("Trump Wednesday" is)
        words = " ".join(fold(t.text) for t in tokens[start:end] if t.pos != "PART")
        known = self.names.get(words)
        if known is None and held is not None and self._only_titles(tokens[start : end - 1]):
            known = self.names.get(fold(tokens[end - 1].text))  # "Speaker Pelosi", "Mr. Bellini"
        if known is None or not self._recent(known, sentence, self.knowledge.rules.person_reach):
            return None
        how = "surname" if end - start == 1 else "name"
        return _mention(sentence, start, end, known, how)

    def _only_titles(self, tokens: list[Token]) -> bool:
        """No given name among ``tokens``: only titles, honorifics or lower-case words."""
        return all(
            not t.text[:1].isupper()
            or t.pos not in ("PROPN", "NOUN")
            or fold(t.text).rstrip(".") in self.knowledge.honorifics
            or fold(t.text) in self.knowledge.role_sectors
            for t in tokens
        )

    def _by_title(self, sentence: Sentence, token: Token, at: dict[int, Mention]) -> Mention | None:
        """ "the speaker", "the minister": the one person the article gave that title."""
        if token.tag not in ("NN", "NNP") or fold(token.text) not in self.titles:
            return None
        known = self.titles[fold(token.text)]
        if known is None or not self._recent(known, sentence, self.knowledge.rules.person_reach):
            return None
        start = self._determined(sentence, token, self.knowledge.rules.title_determiners, at)
        if start is None:
            return None
        allowed = self.title_words.get(fold(token.text), set())
        modifiers = _children(sentence, token.i, ROLE_DEPS)
        if any(fold(sentence.tokens[c].text) not in allowed for c in modifiers):
            return None  # "the defence minister" is not "the foreign minister"
        if _followed_by_name(sentence, token.i):
            return None  # "the speaker, Nancy Pelosi": the name says who
        return _mention(sentence, start, token.i + 1, known, "title")

    def _by_kind(self, sentence: Sentence, token: Token, at: dict[int, Mention]) -> Mention | None:
        """ "the bloc", "the alliance": the last organisation of a fitting kind the article named."""
        kinds = self.knowledge.rules.organisation_nouns.get(token.lemma.lower())
        if kinds is None or token.pos != "NOUN":
            return None
        start = self._determined(sentence, token, frozenset({"the"}), at)
        if start is None or _children(sentence, token.i, ROLE_DEPS | {"poss"}):
            return None
        # "talks with the US and NATO … that the alliance pull back": one named before it in the sentence
        here = [
            _Known(m.actor, sentence.index, sentence.index)
            for m in _mentions_in(list(range(start)), at)
            if m.actor.id and m.actor.inferred is None and m.actor.person is None
        ]
        organisations = [*self.organisations, *here]
        fitting = [
            k for k in organisations if {k.actor.id, self.knowledge.kinds.get(k.actor.id or "")} & kinds
        ]
        if not fitting or not self._recent(fitting[-1], sentence, self.knowledge.rules.organisation_reach):
            return None
        return _mention(sentence, start, token.i + 1, fitting[-1], "organisation")

    def _by_territory(self, sentence: Sentence, token: Token, at: dict[int, Mention]) -> Mention | None:
        """ "the enclave", "the region's push for independence": the contested territory the article
        has named, not a place ("peace in the region")."""
        rules = self.knowledge.rules
        if token.pos != "NOUN" or token.tag != "NN":
            return None
        for territory, nouns in self.knowledge.territories.items():
            known = self.territories.get(territory)
            if known is None or token.lemma.lower() not in nouns:
                continue
            start = self._determined(sentence, token, frozenset({"the"}), at)
            if start is None:
                return None
            modifiers = _children(sentence, token.i, ROLE_DEPS | {"poss", "nmod", "prep"})
            if any(fold(sentence.tokens[c].text) not in rules.territory_modifiers for c in modifiers):
                return None  # "the South Caucasus region", "the region of Syunik"
            head = sentence.tokens[token.head]
            if token.dep == "pobj" and fold(head.text) in rules.territory_places:
                return None
            return _mention(sentence, start, token.i + 1, known, "territory")
        return None

    def _by_noun(
        self, sentence: Sentence, token: Token, held: Mention | None, at: dict[int, Mention]
    ) -> Mention | None:
        """ "the peacekeepers", "the government": the one body the article named with that noun
        ("Russian peacekeepers", "the Kazakh government"), in the sector the words give."""
        if token.pos != "NOUN" or held is None or held.actor.sector is None:
            return None  # only a generic mention the resolver made without a country
        known = self.bodies.get(token.lemma.lower())
        if known is None or not self._recent(known, sentence, self.knowledge.rules.body_reach):
            return None
        start = self._determined(sentence, token, self.knowledge.rules.body_determiners, at)
        if start is None or _children(sentence, token.i, ROLE_DEPS | {"poss", "nmod"}):
            return None  # "the new government", "the country's army": words of their own
        made = _mention(sentence, start, token.i + 1, known, "noun")
        return replace(made, actor=replace(made.actor, sector=held.actor.sector))

    @staticmethod
    def _determined(
        sentence: Sentence, token: Token, determiners: frozenset[str], at: dict[int, Mention]
    ) -> int | None:
        """Where "the <noun>" starts, if the noun has one of ``determiners`` and no actor of its own."""
        dets = [
            c for c in _children(sentence, token.i, {"det"}) if fold(sentence.tokens[c].text) in determiners
        ]
        if not dets:
            return None
        start = min(dets)
        if any(at.get(i) is not None and at[i].actor.id for i in range(start, token.i)):
            return None  # "the Armenian minister": the resolver's
        return start

    @staticmethod
    def _recent(known: _Known, sentence: Sentence, reach: int) -> bool:
        return 0 <= sentence.index - known.last_seen <= reach

    # ------------------------------------------------------------------------------ remembering

    def _learn(self, sentence: Sentence, mentions: list[Mention]) -> None:
        knowledge = self.knowledge
        for mention in mentions:
            actor = mention.actor
            if not actor.id:
                continue
            origin = actor.inferred.sentence_index if actor.inferred else sentence.index
            known = _Known(replace(actor, inferred=None), origin, sentence.index)
            if actor.id in knowledge.territories:
                self.territories[actor.id] = known
            if _is_person(sentence, mention) or actor.person:
                self._learn_person(sentence, mention, known)
                continue
            if knowledge.kinds.get(actor.id) not in (None, "state") and actor.inferred is None:
                self.organisations.append(known)
            if actor.sector and actor.inferred is None:
                self._learn_body(sentence, mention, known)

    def _learn_body(self, sentence: Sentence, mention: Mention, known: _Known) -> None:
        """ "Russian peacekeepers", "the Kazakh government": the agent noun, for "the peacekeepers" later.
        Two actors named by one noun ("Armenian forces", "Azerbaijani forces") leave it to neither."""
        for token in sentence.tokens[mention.start : mention.end]:
            noun = token.lemma.lower()
            if token.pos != "NOUN" or not {noun, fold(token.text)} & self.knowledge.role_sectors.keys():
                continue
            earlier = self.bodies.get(noun, known)
            same = earlier is not None and earlier.actor.id == known.actor.id
            self.bodies[noun] = known if same else None

    def _learn_person(self, sentence: Sentence, mention: Mention, known: _Known) -> None:
        tokens = sentence.tokens
        name = [t for t in tokens[mention.start : mention.end] if t.pos == "PROPN" and t.text[:1].isupper()]
        name = _trailing_name(name)
        if name:
            self.names[" ".join(fold(t.text) for t in name)] = known
            self.names[fold(name[-1].text)] = known
        if mention.actor.inferred is not None:
            return  # titles come with the introduction
        run = _premodifiers(tokens, mention.start, mention.end)
        heads = _apposition_heads(sentence, mention)
        title = [*run, *range(mention.start, mention.end), *heads]
        words = {fold(tokens[i].text) for i in title}
        words |= {fold(tokens[c].text) for h in heads for c in _children(sentence, h, ROLE_DEPS)}
        if words & FORMER_WORDS or mention.actor.sector == self.knowledge.former_sector:
            return  # "former Ukrainian President X": "the president" is someone else now
        for i in title:
            noun = fold(tokens[i].text)
            if noun not in self.knowledge.role_sectors or tokens[i].pos not in ("NOUN", "PROPN"):
                continue
            earlier = self.titles.get(noun, known)
            # two people of one title: "the minister" says which only if they act for the same
            same = earlier is not None and (earlier.actor.id, earlier.actor.sector) == (
                known.actor.id,
                known.actor.sector,
            )
            self.titles[noun] = known if same else None
            self.title_words.setdefault(noun, set()).update(words)


def _person_before(sentence: Sentence, i: int, mentions: list[Mention]) -> str | None:
    """The state of the last person named before the possessive at token ``i``, when that person is the
    subject of a clause holding it: "Akar said that his government …", "Ruto and his government". Not
    through a relative clause ("Pashinyan refused the declaration of the summit, which his own government
    was hosting": "his" may point anywhere), nor when someone else was named after the subject ("Macron
    told Buhari that his government …"). A title names a person too ("Chile's foreign minister said …")."""
    people = [
        m
        for m in mentions
        if m.end <= i
        and m.actor.country
        and (m.actor.person or m.actor.sector or _is_person(sentence, m))  # "Chile's foreign minister"
    ]
    speaker = _reporting_subject(sentence.tokens, i)
    if not people or not any(people[-1].start <= k < people[-1].end for k in speaker):
        return None  # the last one named is not the subject: "Macron told Buhari that his government …"
    return people[-1].actor.country


def _reporting_subject(tokens: list[Token], i: int) -> set[int]:
    """The first subject before token ``i`` of a clause above it, with its apposition ("Turkey's defence
    minister, Hulusi Akar, said in a statement that his government …"); empty when the way up crosses a
    relative clause ("the summit which his own government was hosting": "his" may point anywhere)."""
    k, seen = i, set()
    while tokens[k].head != k and 0 <= tokens[k].head < len(tokens) and k not in seen:
        if tokens[k].dep == "relcl":
            return set()
        seen.add(k)
        k = tokens[k].head
        subjects = {t.i for t in tokens if t.head == k and t.dep == "nsubj" and t.i < i}
        if subjects:
            return subjects | {t.i for t in tokens if t.head in subjects and t.dep == "appos"}
    return set()


def _owned_by(sentence: Sentence, mention: Mention, found: list[Mention]) -> Mention:
    """A body named only by its sector ("authorities", "foreign ministers") whose possessor is an actor
    referred back to: "the enclave's authorities" -> NKR GOV, "the bloc's foreign ministers" -> EU GOV."""
    actor = mention.actor
    if actor.id or not actor.sector:
        return mention
    tokens = sentence.tokens
    for owner in found:
        head = owner.end - 1
        if (
            owner.end <= mention.start
            and tokens[head].dep == "poss"
            and mention.start <= tokens[head].head < mention.end
        ):
            ref = replace(owner.actor, text=actor.text, sector=actor.sector)
            return replace(mention, actor=ref)
    return mention


def _is_person(sentence: Sentence, mention: Mention) -> bool:
    """A person's name: the mention overlaps a PERSON entity."""
    return any(
        e.label == "PERSON" and e.start < mention.end and mention.start < e.end for e in sentence.entities
    )


def _trailing_name(tokens: list[Token]) -> list[Token]:
    """The person's own name at the end of a mention ("Nancy Pelosi" of "US House Speaker Nancy Pelosi")."""
    name: list[Token] = []
    for token in reversed(tokens):
        if name and token.i != name[0].i - 1:
            break
        name.insert(0, token)
    return name[-3:]


def _premodifiers(tokens: list[Token], start: int, end: int) -> list[int]:
    """The run of words before a name that hang on it: "US House Speaker" of "US House Speaker Nancy
    Pelosi" (each word's head lies to its right, within the run or the name)."""
    run: list[int] = []
    j = start - 1
    while j >= 0 and start - j <= PREMODIFIER_REACH:
        token = tokens[j]
        if token.pos not in PREMODIFIER_POS or not j < token.head < end:
            break
        run.insert(0, j)
        j -= 1
    return run


def _mentions_in(indices: list[int], at: dict[int, Mention]) -> list[Mention]:
    found: list[Mention] = []
    for i in indices:
        mention = at.get(i)
        if mention is not None and all(m is not mention for m in found):
            found.append(mention)
    return found


def _apposition_heads(sentence: Sentence, mention: Mention) -> list[int]:
    """Role nouns in apposition to a name: "X, Colombia's defence minister," / "the minister, X,"."""
    tokens = sentence.tokens
    heads = [
        t.i
        for t in tokens
        if t.dep == "appos" and mention.start <= t.head < mention.end and t.i >= mention.end
    ]
    heads += [tokens[i].head for i in range(mention.start, mention.end) if tokens[i].dep == "appos"]
    return [h for h in heads if not mention.start <= h < mention.end]


def _children(sentence: Sentence, i: int, deps: frozenset[str] | set[str]) -> list[int]:
    return [t.i for t in sentence.tokens if t.head == i and t.i != i and t.dep in deps]


def _followed_by_name(sentence: Sentence, i: int) -> bool:
    tokens = sentence.tokens
    nxt = i + 1 if i + 1 < len(tokens) and tokens[i + 1].text != "," else i + 2
    return nxt < len(tokens) and tokens[nxt].pos == "PROPN" and tokens[nxt].ent_type == "PERSON"


def _mention(sentence: Sentence, start: int, end: int, known: _Known, how: str) -> Mention:
    tokens = sentence.tokens
    start_char, end_char = tokens[start].start, tokens[end - 1].end
    words = sentence.text[start_char - sentence.start : end_char - sentence.start]
    actor = replace(
        known.actor, text=words, variant=known.actor.text, inferred=Inference(known.sentence_index, how)
    )
    known.last_seen = sentence.index
    return Mention(sentence.doc_id, sentence.index, start, end, start_char, end_char, actor)
