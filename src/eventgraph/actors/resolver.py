"""Find and resolve actor mentions in sentences: exact alias phrases first, then fuzzy names.

An actor phrase is built from catalogue pieces::

    [state/organisation/demonym] ['s] [office title | sector head noun] [person name]
    [office title] [person name]
    [person name]

"US Secretary of State Antony Blinken", "Russia's foreign ministry", "Russian peacekeepers" and
"the Kremlin" are each one mention. Alias tables are keyed by the first word, lower-cased, so a sentence
costs one dictionary look-up per token. Matching compares the folded text (lower case, straight
apostrophes); a capital letter in a catalogue alias must be a capital in the text, so "US" never
matches "us" and "the West" never matches "the west of the country".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

from rapidfuzz import fuzz, process

from eventgraph.actors.catalogue import ActorCatalogue, CatalogueError, Person, iter_names
from eventgraph.actors.generic import GENERIC_FILE, generic_mentions, load_generic_agents
from eventgraph.records import ActorRef, Mention, Sentence, Token

ACTOR, DEMONYM, PERSON, OFFICE, HEAD, BLOCK = "actor", "demonym", "person", "office", "head", "block"
REGION = "region"  # a region or city of a state: only before a sector word ("Lagos police", "Texas Sen.")
# A head noun followed by these is an act ("Russia's opposition to the plan"), not a sector.
ACT_MARKERS = frozenset({"to", "against", "for"})
POSSESSIVES = frozenset({"'s", "'"})
FORMER_WORDS = frozenset({"former", "ex", "late", "then"})
# "the then president" held the office at the time told of; the others no longer hold it
ELITE_WORDS = FORMER_WORDS - {"then"}
COORDINATORS = frozenset({"and", "or", ",", "&"})
ELECT_WORDS = ("elect", "designate")  # "President-elect": a title its bearer does not hold yet
ARMED_GROUP_SECTORS = frozenset({"REB", "PRM"})  # PLOVER MIL is state forces only
BODY_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})  # bodies of a state that own others
GROUP_ROLE_SECTORS = frozenset({"MIL", "GOV", "BUS"})  # an armed group's forces, leaders and bosses
MISSPELT_MIN = 6  # letters of the shortest word taken for a misspelt demonym
WORD_ACRONYM = 4  # letters of the shortest acronym also matched in title case ("Nato")
NAME_LINKS = frozenset({"and", "of", "for", "&", "on"})  # small words inside a body's name
# actors whose bodies ("Defense Department", "Commission") may be named without their owner
BODY_OWNERS = frozenset({"state", "igo"})
NAMED_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
WORD = re.compile(r"\w+(?:\.\w+)*\.?|'s|\S", re.UNICODE)
MANY_ALIASES = 16  # a key with more aliases than this gets a lookup by length (see _match_at)
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@lru_cache(maxsize=1 << 13)
def fold(text: str) -> str:
    """Lower case with straight apostrophes, keeping the length so offsets stay aligned (cached: the
    matcher folds every token of every sentence, and news repeats its words)."""
    straight = text.translate(APOSTROPHES)
    lowered = straight.lower()
    if len(lowered) == len(straight):
        return lowered
    # A few capitals lower-case to two characters ("İ"); keep one so offsets do not drift.
    return "".join(ch.lower() if len(ch.lower()) == 1 else "i" if ch == "İ" else ch for ch in straight)


FUZZY_MEMORY = 50_000  # names whose closest catalogue name is remembered (a few MB)


@dataclass(frozen=True, slots=True)
class Entry:
    """What an alias means: an actor (with optional sector), a demonym, a person, an office or a head noun."""

    kind: str
    ref: str | None = None  # actor id or person id
    sector: str | None = None
    offices: tuple[str, ...] = ()
    place: bool = False  # a capital or region standing for the actor ("Baku", "Karabakh")
    secondary: tuple[str, ...] = ()  # PLOVER secondary sectors ("Bundestag": GOV + LEG)


@dataclass(slots=True)
class Alias:
    text: str
    folded: str
    entries: list[Entry] = field(default_factory=list)
    capitals: tuple[int, ...] | None = None  # where the alias has a capital, found on first use

    def case_matches(self, original: str) -> bool:
        """Every capital in the alias is a capital in the text."""
        if self.capitals is None:
            self.capitals = tuple(i for i, ch in enumerate(self.text) if ch.isupper())
        return all(i >= len(original) or original[i].isupper() for i in self.capitals)


@dataclass(slots=True)
class _Tok:
    """The little the matcher needs of a token (spaCy-derived or from a plain phrase)."""

    text: str
    start: int
    end: int
    spaced: bool
    proper: bool


@dataclass(slots=True)
class _Piece:
    end: int
    alias: Alias
    entry: Entry


@dataclass(slots=True)
class _Phrase:
    start: int
    end: int
    actor: str | None = None
    sector: str | None = None
    offices: tuple[str, ...] = ()
    person: str | None = None
    secondary: tuple[str, ...] = ()
    variant: str = ""
    score: float = 1.0
    demonym_only: bool = False
    bare_actor: bool = False
    possessive_tail: bool = False
    former: bool = False
    elite: bool = False  # "former"/"ex-"/"late" before the title: one of the actor's elites now
    unknown_person: bool = False
    blocked: bool = False
    other_body: bool = False  # blocked because the words name another body ("Congress Party")


class _TokenText:
    """A token list as one folded string, with the token start/end offsets in that string."""

    def __init__(self, tokens: Sequence[_Tok]):
        parts_folded, parts_orig = [], []
        self.keys: list[str] = []
        self.matches: dict[int, list[_Piece]] = {}  # token index -> every alias match starting there
        self.starts: list[int] = []
        self.end_token: dict[int, int] = {}
        pos = 0
        for n, tok in enumerate(tokens):
            text = " " if tok.text.isspace() else tok.text
            self.starts.append(pos)
            folded = fold(text)
            self.keys.append(folded)
            parts_orig.append(text)
            parts_folded.append(folded)
            pos += len(text)
            self.end_token[pos] = n + 1
            if tok.spaced:
                parts_orig.append(" ")
                parts_folded.append(" ")
                pos += 1
        self.original = "".join(parts_orig)
        self.folded = "".join(parts_folded)


class ActorResolver:
    """Resolves phrases and finds all actor mentions in sentences, against one catalogue."""

    def __init__(self, catalogue: ActorCatalogue):
        self.catalogue = catalogue
        self.settings = catalogue.settings
        self._aliases: dict[str, Alias] = {}
        self._index: dict[str, list[Alias]] = {}
        self._by_length: dict[str, tuple[tuple[int, ...], dict[str, Alias]]] = {}  # key -> lengths, aliases
        self._region_keys: set[str] = set()  # first words of world places (see _regional_phrase)
        self._generic = load_generic_agents(sectors=frozenset(catalogue.sectors))
        for tag in self._generic.member_tags:
            if tag.actor not in catalogue.actors:
                problem = f"actor {tag.actor!r} is not in the catalogue"
                raise CatalogueError(f"{GENERIC_FILE}: member_tags: {problem}")
        self._build_index()
        self._fuzzy_names, self._fuzzy_entries = self._fuzzy_choices()
        self._fuzzy_best: dict[str, tuple[str, float, int] | None] = {}  # folded name -> its best match
        self._demonym_names = sorted(
            a.folded for a in self._aliases.values() if any(e.kind == DEMONYM for e in a.entries)
        )
        self._honorifics = {fold(h) for h in self.settings.honorifics}
        self._prefixes = {fold(p) for p in self.settings.alignment_prefixes}
        self._outlet_words = frozenset(self.settings.outlet_words)
        self._place_nouns = {fold(w) for w in self.settings.place_nouns}
        self._title_words = {fold(t.split()[-1]) for o in catalogue.offices.values() for t in o.titles}
        self._title_sectors: dict[str, str] = {}
        for office in catalogue.offices.values():
            for title in office.titles:
                self._title_sectors.setdefault(fold(title.split()[-1]), office.sector)
        self._stopwords = {fold(w) for w in self.settings.fuzzy_stopwords}
        self._kinds = {actor.id: actor.kind for actor in catalogue.actors.values()}
        self._body_words = frozenset(self.settings.body_words)
        self._tail_modifiers = {fold(w) for w in self.settings.tail_modifiers}
        self._state_words = {
            a.id: re.compile(
                r"\b(?:"
                + "|".join(re.escape(fold(n)) for n in [a.name, *a.aliases, *a.demonyms, *a.metonyms])
                + r")\b"
            )
            for a in catalogue.actors.values()
            if a.kind in BODY_OWNERS
        }

    # ----------------------------------------------------------------------------- alias tables

    def _build_index(self) -> None:
        cat = self.catalogue
        preferred = set(cat.region_members) | set(cat.outside_powers)
        ordinary = {fold(w) for w in [*self._generic.sector_of, *cat.agents, *self.settings.ruler_exclude]}
        for actor in sorted(cat.actors.values(), key=lambda a: a.id not in preferred):
            for name in [actor.name, *actor.aliases]:
                self._add(name, Entry(ACTOR, actor.id))
                if actor.kind != "state" and _word_acronym(name) and fold(name) not in ordinary:
                    self._add(name.title(), Entry(ACTOR, actor.id))  # "Nato", "Ecowas", "Opec"
            for name in actor.metonyms:
                self._add(name, Entry(ACTOR, actor.id, place=True))
            for sector, names in actor.sector_aliases.items():
                for name in names:
                    self._add(name, Entry(ACTOR, actor.id, sector))
                    if _is_proper_title(name):  # "the UN General Assembly" beats "the UN" + "General"
                        self._add("the " + name, Entry(ACTOR, actor.id, sector))
            for name in actor.demonyms:
                self._add(name, Entry(DEMONYM, actor.id))
                if name.endswith(("an", "i")) and name[0].isupper():
                    self._add(name + "s", Entry(ACTOR, actor.id, "CVL"))  # "Armenians": the people
        for person in cat.people.values():
            for name in [person.name, *person.aliases]:
                self._add(name, Entry(PERSON, person.id))
        for body in cat.bodies:  # world tables: below every curated name
            for name in body.names:
                self._add(name, Entry(ACTOR, body.actor, body.sector, secondary=body.secondary))
        for region in cat.regions:  # world places: below every curated name and body
            for name in region.names:
                self._add(name, Entry(REGION, region.actor, place=True))
                self._region_keys.update(_index_keys(fold(name)))
        for office in cat.offices.values():
            for title in office.titles:
                for form in _title_forms(title):
                    entry = Entry(
                        OFFICE, office.actor, office.sector, (office.id,), secondary=office.secondary
                    )
                    self._add(form, entry)
        for sector in cat.sectors.values():
            for head in sector.heads:
                self._add(head, Entry(HEAD, None, sector.code))
            for head, secondary in sector.secondary_heads.items():
                self._add(head, Entry(HEAD, None, sector.code, secondary=secondary))
        # world agent nouns ("defense department"); a word of a curated title or head keeps its meaning
        # there ("deputy" is a deputy minister, not a sheriff's deputy), and a curated generic agent keeps
        # its sector ("terrorists" are rebels, REB, not Phoenix's unidentified armed forces)
        curated = [h for s in cat.sectors.values() for h in [*s.heads, *s.secondary_heads]] + [
            t for o in cat.offices.values() for t in o.titles
        ]
        curated += list(self._generic.sector_of)
        curated_words = {w for phrase in curated for w in fold(phrase).split()}
        curated_heads = {fold(h) for h in curated}
        for noun, (sector, secondary) in cat.agents.items():
            if noun in curated_heads or (" " not in noun and noun in curated_words):
                continue
            self._add(noun, Entry(HEAD, None, sector, secondary=secondary))
        for name in self.settings.not_actors:
            self._add(name, Entry(BLOCK))
        for key, aliases in self._index.items():
            aliases.sort(key=lambda a: len(a.folded), reverse=True)
            if len(aliases) > MANY_ALIASES:
                # "the", "minister" start hundreds of aliases: look each length up once, not every alias
                self._by_length[key] = (
                    tuple(sorted({len(a.folded) for a in aliases}, reverse=True)),
                    {a.folded: a for a in aliases},
                )

    def _add(self, name: str, entry: Entry) -> None:
        for form in _article_forms(name):
            folded = fold(form)
            alias = self._aliases.get(folded)
            if alias is None:
                alias = self._aliases[folded] = Alias(form, folded)
                for key in _index_keys(folded):
                    self._index.setdefault(key, []).append(alias)
            elif _capitals(form) < _capitals(alias.text):
                alias.text = form  # the laxest capitalisation wins, so a lower-case head matches any case
                alias.capitals = None
            if _merges(alias.entries, entry):
                alias.entries.append(entry)

    def _fuzzy_choices(self) -> tuple[list[str], list[tuple[str, Entry]]]:
        """Multi-word capitalised names of people and organisations, the only fuzzy targets."""
        names: list[str] = []
        entries: list[tuple[str, Entry]] = []
        for person in self.catalogue.people.values():
            if person.world:
                continue  # the world tables list their own variant spellings
            for name in [person.name, *person.aliases]:
                names.append(fold(name))
                entries.append((name, Entry(PERSON, person.id)))
        for actor in self.catalogue.actors.values():
            if actor.kind == "state" or actor.world:
                continue
            for name in iter_names(actor):
                names.append(fold(name))
                entries.append((name, Entry(ACTOR, actor.id, _sector_of(actor, name))))
        min_tokens = self.settings.fuzzy_min_tokens
        kept = [
            (n, e)
            for n, e in zip(names, entries, strict=True)
            if len(n.split()) >= min_tokens and any(c.isupper() for c in e[0])
        ]
        return [n for n, _ in kept], [e for _, e in kept]

    # ------------------------------------------------------------------------------- public API

    def resolve(self, text: str, on: date | None = None) -> ActorRef | None:
        """The actor a phrase names ("Russia's foreign ministry" → RUS GOV), or None if none is known.

        When the phrase holds several actors, the longest mention wins.
        """
        on = as_day(on)
        tokens = _plain_tokens(text)
        if not tokens:
            return None
        words = _TokenText(tokens)
        found = self._select(tokens, self._exact_phrases(tokens, words))
        self._extend_to_named_bodies(tokens, found, words)
        phrases = [p for p in found if not p.blocked]
        # "EU Reporter" is blocked (settings.yaml not_actors): no named body either
        blocked = [p for p in found if p.blocked and not p.other_body]
        body_sector = None if blocked else self._named_body_sector(tokens)
        if phrases:
            best = max(phrases, key=lambda p: (p.end - p.start, -p.start))
            ref = self._actor_ref(best, text[tokens[best.start].start : tokens[best.end - 1].end], on)
            if body_sector and ref.sector is None and best.bare_actor and best.end < len(tokens):
                # "Kenya's Orange Democratic Movement", "the Indian National Congress Party": the state's
                ref = replace(ref, text=text.strip(), sector=body_sector)
            elif ref.sector is None and best.bare_actor:
                ref = self._agent_of_state(tokens, best, ref, text)
            return self.finish(ref)
        tagged = self._tagged_phrase(text, tokens) or self._agent_in_region(tokens, words, text)
        if tagged is not None:
            return tagged
        words = [t for t in tokens if t.text not in POSSESSIVES]
        fuzzy = self._fuzzy(" ".join(t.text for t in words), len(words))
        if fuzzy is None:
            if body_sector:  # an unknown named body: "the Conservative Party" is a party of no known state
                return ActorRef(None, text.strip(), text.strip(), body_sector)
            return None if found else self._generic_ref(tokens, text.strip())
        name, entry, score = fuzzy
        return self.finish(self._entry_ref(entry, text.strip(), on, variant=name, score=score))

    def _agent_of_state(self, tokens: Sequence[_Tok], state: _Phrase, ref: ActorRef, text: str) -> ActorRef:
        """An agent noun or sector head, a country preposition and a state ("rebels in Sierra Leone",
        "the ruling party in Tanzania", "a court in Guyana"): the state's actor in the noun's sector, as
        the sentence pass reads it (generic.yaml ``country_prepositions``)."""
        at = state.start - 1
        if at < 1 or state.end != len(tokens) or self._kinds.get(ref.id or "") != "state":
            return ref
        if fold(tokens[at].text) not in self._generic.country_prepositions:
            return ref
        agent = self._generic_ref(tokens[:at], text)
        if agent is None or agent.sector is None:
            return ref
        return replace(ref, text=text.strip(), sector=agent.sector, secondary=agent.secondary)

    def _agent_in_region(self, tokens: Sequence[_Tok], words: _TokenText, text: str) -> ActorRef | None:
        """An agent noun, a country preposition and a region or city of a state ending the phrase ("police
        in Lagos", "the governor of Kandahar"): that state in the noun's sector, as for a state's name."""
        for at in range(1, len(tokens) - 1):
            if fold(tokens[at].text) not in self._generic.country_prepositions:
                continue
            regions = self._pieces(tokens, words, at + 1, frozenset({REGION}))
            if not regions or regions[0].end != len(tokens):
                continue
            agent = self._generic_ref(tokens[:at], text)
            if agent is not None and agent.sector is not None:
                state = self.catalogue.actors[regions[0].entry.ref or ""]
                ref = ActorRef(state.id, state.name, text.strip(), agent.sector, secondary=agent.secondary)
                return self.finish(ref)
        return None

    def _tagged_phrase(self, text: str, tokens: Sequence[_Tok]) -> ActorRef | None:
        """A phrase naming an unknown person with a member tag ("Sen. Jane Doe, R-Texas"): the name is
        the capitalised run before the tag."""
        if not self._generic.member_tags:
            return None
        for k in range(1, len(tokens)):
            if tokens[k].text in (",", "(") and tokens[k - 1].proper:
                start = k - 1
                while start > 0 and tokens[start - 1].proper and tokens[start - 1].text[-1:] != ".":
                    start -= 1
                name = text[tokens[start].start : tokens[k - 1].end]
                ref = self._member_tag_ref(ActorRef(None, name, name), text, tokens[k - 1].end)
                if ref is not None:
                    return self.finish(replace(ref, text=text.strip()))
        return None

    def _generic_ref(self, tokens: Sequence[_Tok], text: str) -> ActorRef | None:
        """A phrase ending in an agent noun and naming no actor ("police", "the opposition leader"): its
        sector, with no id or country (the article, not the phrase, would say whose)."""
        words = _TokenText(tokens)
        for i in range(len(tokens)):
            for piece in self._pieces(tokens, words, i, frozenset({HEAD, OFFICE})):
                if piece.end == len(tokens):
                    return ActorRef(None, text, text, piece.entry.sector, secondary=piece.entry.secondary)
        sector = self._generic.sector_of.get(tokens[-1].text.lower())
        return ActorRef(None, text, text, sector) if sector else None

    def _named_body_sector(self, tokens: Sequence[_Tok]) -> str | None:
        """The sector a capitalised name gives by its last word ("… Party" PTY, "… Police" COP), when the
        phrase ends in one (generic.yaml: agent nouns and ``named_bodies``)."""
        last = tokens[-1].text if tokens else ""
        if len(tokens) < 2 or not tokens[-2].text[:1].isupper():
            return None
        if not last[:1].isupper() and last not in self._generic.named_bodies:
            return None  # "the Law and Justice party": a body word after a capitalised name may be lower case
        if fold(last) in self._title_words:
            return None  # "Prime Minister" is a title, not a body
        return self._generic.body_sector(last.lower())

    def mentions(self, sentence: Sentence, on: date | None = None) -> list[Mention]:
        """All actor mentions in a sentence, longest first, without overlaps, in text order.

        Unresolvable named entities (PERSON/ORG/GPE/NORP) are kept with ``actor.id`` None.
        """
        on = as_day(on)
        tokens = [
            _Tok(t.text, t.start, t.end, bool(t.whitespace), _is_proper(t.pos, t.text))
            for t in sentence.tokens
        ]
        if not tokens:
            return []
        in_entity = [False] * len(tokens)
        for ent in sentence.entities:
            if ent.label in NAMED_ENTITY_LABELS:
                for i in range(ent.start, min(ent.end, len(tokens))):
                    in_entity[i] = True
        for tok, flag in zip(tokens, in_entity, strict=True):
            tok.proper = tok.proper or (flag and tok.text[:1].isupper())
        words = _TokenText(tokens)  # one folded text and match cache for every pass over the sentence
        phrases = self._select(tokens, self._exact_phrases(tokens, words))
        self._inherit_coordinated_sectors(tokens, phrases)
        self._extend_to_named_bodies(tokens, phrases, words)
        mentions = [self._mention(sentence, tokens, p, on) for p in phrases if not p.blocked]
        taken = [False] * len(tokens)
        for p in phrases:
            if p.other_body:
                continue  # left to the named entity ("the Congress Party" ORG) and its last word
            for i in range(p.start, p.end):
                taken[i] = True
        mentions.extend(self._fuzzy_mentions(sentence, tokens, taken, on))
        mentions.extend(_unresolved_entities(sentence, taken))
        for m in mentions:
            for i in range(m.start, m.end):
                taken[i] = True
        mentions = generic_mentions(sentence, mentions, taken, self._generic, self._kinds)
        finished = []
        for mention in self._with_apposition_roles(sentence, mentions):
            actor = self.finish(mention.actor)
            finished.append(mention if actor is mention.actor else replace(mention, actor=actor))
        return finished

    # ------------------------------------------------------------------------------- member tags
    # Read in phrases on their own (``resolve``), not yet in sentences: there "Sen. X (R-Ark.) appeared to
    # accuse Y … for opposing Finland and Sweden joining NATO" made the coder's parse-error event USA
    # COOPERATE NATO (corpus dev gold, one false positive).

    def _member_tag_ref(self, actor: ActorRef, text: str, at: int) -> ActorRef | None:
        """``actor`` as a member of the body a tag right after position ``at`` of ``text`` names."""
        if not actor.text[-1:].isalpha() or not actor.text[:1].isupper():
            return None  # a name ends just before the tag
        for tag in self._generic.member_tags:
            if tag.pattern.match(text, at):
                state = self.catalogue.actors[tag.actor]
                return ActorRef(state.id, state.name, actor.text, tag.sector, actor.variant, actor.score)
        return None

    # ------------------------------------------------------------------------------- appositions

    def _with_apposition_roles(self, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
        """An unknown person acts for the actor an apposition names: "Yang Jiechi, the State Councillor
        of China" -> CHN GOV; "Jeffrey Kupfer, US Deputy Secretary of Energy" -> USA GOV.

        Catalogue people keep their dated roles (out of office, a title here does not bring them back);
        "former"/"ex-"/"late" before the role noun make the person one of the actor's elites
        (``former_sector`` in generic.yaml): a former official no longer speaks for the state.
        """
        persons = {e.start for e in sentence.entities if e.label == "PERSON"}
        persons |= {m.start for m in mentions if self._world_person(m.actor)}  # NER may call them ORG
        if not persons:
            return mentions
        tokens = sentence.tokens
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        children: dict[int, list[int]] = {}
        for token in tokens:
            if token.head != token.i and 0 <= token.head < len(tokens):
                children.setdefault(token.head, []).append(token.i)
        resolved = []
        for mention in mentions:
            actor = mention.actor
            role = None
            if mention.start in persons and (not (actor.id or actor.sector) or self._world_person(actor)):
                role = self._apposition_role(tokens, children, at, mention)
            if role is None:
                resolved.append(mention)
                continue
            ref = ActorRef(
                role.id, role.name, actor.text, role.sector, role.variant, role.score, actor.person
            )
            resolved.append(replace(mention, actor=ref))
        return resolved

    def _apposition_role(
        self, tokens: list[Token], children: dict[int, list[int]], at: dict[int, Mention], person: Mention
    ) -> ActorRef | None:
        # the role after the name ("Y, Russia's envoy") or the name after the role ("the head of X, Y,")
        heads = [
            k
            for i in range(person.start, person.end)
            for k in children.get(i, ())
            if tokens[k].dep == "appos" and k >= person.end
        ]
        heads += [
            tokens[i].head
            for i in range(person.start, person.end)
            if tokens[i].dep == "appos" and tokens[i].head < person.start
        ]
        for head in heads:
            sector = self._role_noun_sector(tokens[head].text)
            if sector is None and head < person.start:
                # "the head of the Russian contingent, Andrei Volkov,": the parser hangs the name on the
                # "of" object; the role noun is the one above it
                head = _of_governor(tokens, head)
                sector = self._role_noun_sector(tokens[head].text) if head is not None else None
            if sector is None or head is None:
                continue
            gap = range(person.end, head) if head > person.start else range(head + 1, person.start)
            between = {fold(tokens[k].text) for k in gap}
            modifiers = {fold(tokens[k].text) for k in children.get(head, ())}
            elite = bool((between | modifiers) & ELITE_WORDS)
            if elite:
                sector = self._generic.former_sector
                if sector is None:
                    return None
            elif person.actor.person is not None and not self._world_person(person.actor):
                return None  # a curated person out of office: a current title here is not trusted
            for body in self._role_bodies(tokens, children, at, head, person):
                actor = body.actor
                own_sector = sector if elite else actor.sector or sector
                return ActorRef(actor.id, actor.name, actor.text, own_sector, actor.variant)
        return None

    def _world_person(self, actor: ActorRef) -> bool:
        """A person from the world tables, whose roles end about 2016: a title in the text is fresher."""
        person = self.catalogue.people.get(actor.person or "")
        return person is not None and person.world

    def _role_noun_sector(self, word: str) -> str | None:
        noun = word.lower()
        world = self.catalogue.agents.get(noun)  # the world agent nouns: "economist", "correspondent"
        return (
            self._generic.role_sector(noun)
            or self._title_sectors.get(fold(noun))
            or (world[0] if world else None)
        )

    def _role_bodies(
        self,
        tokens: list[Token],
        children: dict[int, list[int]],
        at: dict[int, Mention],
        head: int,
        person: Mention,
    ) -> list[Mention]:
        """Actors named on a role noun: the mention holding it ("Russia's envoy"), its modifiers ("a USCIS
        spokeswoman") or its "of" object ("the State Councillor of China"), in that order; last, whom it
        serves ("an aide to Putin", "a spokesman for the Taliban")."""
        places = [head]
        places += [c for c in children.get(head, ()) if tokens[c].dep in ("compound", "amod", "poss", "nmod")]
        places += self._prep_objects(tokens, children, head, "of")
        found = []
        for k in places:
            body = at.get(k)
            if body is not None and body is not person and body.actor.id and body.actor.person is None:
                found.append(body)
        noun = tokens[head].text.lower()
        for preposition, nouns in self._generic.role_prepositions.items():
            if noun in nouns:
                served = [at.get(k) for k in self._prep_objects(tokens, children, head, preposition)]
                found += [m for m in served if m is not None and m is not person and m.actor.id]
        return found

    @staticmethod
    def _prep_objects(tokens: list[Token], children: dict[int, list[int]], head: int, word: str) -> list[int]:
        return [
            o
            for prep in children.get(head, ())
            if tokens[prep].dep == "prep" and tokens[prep].text.lower() == word
            for o in children.get(prep, ())
            if tokens[o].dep == "pobj"
        ]

    # --------------------------------------------------------------------------- exact phrases

    def _pieces(
        self, tokens: Sequence[_Tok], text: _TokenText, i: int, kinds: frozenset[str]
    ) -> list[_Piece]:
        """Alias matches starting at token ``i`` whose meaning is one of ``kinds``, longest first."""
        if i >= len(tokens):
            return []
        found = text.matches.get(i)
        if found is None:
            found = text.matches[i] = self._match_at(text, i)
        return [piece for piece in found if piece.entry.kind in kinds]

    def _match_at(self, text: _TokenText, i: int) -> list[_Piece]:
        """Every alias indexed under token ``i``'s key that the text spells from there, longest first."""
        key = text.keys[i]
        keyed = self._by_length.get(key)
        if keyed is None:
            return self._scan_at(text, i, self._index.get(key, ()))
        lengths, aliases = keyed
        pos = text.starts[i]
        found = []
        for length in lengths:
            end_pos = pos + length
            end = text.end_token.get(end_pos)
            alias = aliases.get(text.folded[pos:end_pos]) if end is not None else None
            if alias is None or not alias.case_matches(text.original[pos:end_pos]):
                continue
            found.extend(_Piece(end, alias, e) for e in alias.entries)
        return found

    @staticmethod
    def _scan_at(text: _TokenText, i: int, candidates: Sequence[Alias]) -> list[_Piece]:
        """The same for a key few aliases start with: each one tried in turn."""
        pos = text.starts[i]
        found = []
        for alias in candidates:
            end_pos = pos + len(alias.folded)
            end = text.end_token.get(end_pos)
            if end is None or not text.folded.startswith(alias.folded, pos):
                continue
            if alias.case_matches(text.original[pos:end_pos]):
                found.extend(_Piece(end, alias, e) for e in alias.entries)
        return found

    def _exact_phrases(self, tokens: Sequence[_Tok], text: _TokenText) -> list[_Phrase]:
        phrases = []
        aligned_end = -1
        for i, tok in enumerate(tokens):
            if tok.text.isspace():
                continue
            phrase = self._phrase_at(tokens, text, i)
            if phrase is None:
                continue
            if i >= 2 and text.keys[i - 1] == "-" and text.keys[i - 2] in self._prefixes:
                aligned_end = phrase.end  # "pro-Russian separatists", "anti-Azerbaijani bias"
                phrase.blocked = True
            elif i == aligned_end:
                phrase.blocked = True  # "pro-Russian separatist forces" are not Karabakh's either
            phrase.former = _after_former(text.keys, i)
            phrase.elite = phrase.former and _word_before(text.keys, i) in ELITE_WORDS
            phrases.append(phrase)
        return phrases

    def _phrase_at(self, tokens: Sequence[_Tok], text: _TokenText, i: int) -> _Phrase | None:
        if text.keys[i] not in self._index:
            if i + 1 < len(tokens) and text.keys[i + 1] in self._index:
                return self._misspelt_demonym(tokens, text, i)  # "Ukranian Prime Minister"
            return None  # most tokens: one dictionary miss
        cores = self._pieces(tokens, text, i, frozenset({ACTOR, DEMONYM, BLOCK}))
        if cores and cores[0].entry.kind == BLOCK:
            return _Phrase(i, cores[0].end, blocked=True)
        if not cores and text.keys[i] in self._region_keys:
            regional = self._regional_phrase(tokens, text, i)
            if regional is not None:
                return regional
        offices = self._pieces(tokens, text, i, frozenset({OFFICE}))
        if cores and not (offices and offices[0].end > cores[0].end):
            if cores[0].entry.sector not in (None, "PTY") and _names_an_outlet(
                tokens, cores[0].end, self._body_words
            ):
                # "Congress Party": not the US Congress, but another body the NER or its last word may name
                return _Phrase(i, cores[0].end + 1, blocked=True, other_body=True)
            phrase = self._actor_phrase(tokens, text, i, cores[0])
            if phrase.bare_actor and _names_an_outlet(tokens, phrase.end, self._outlet_words):
                phrase.blocked = True  # "Baku Observer", "Yerevan Ledger": a newspaper, not the state
            elif phrase.bare_actor and cores[0].entry.place and self._before_place_noun(text, phrase.end):
                phrase.blocked = True  # "the Karabakh conflict", "the Moscow summit": a place, not an actor
            return phrase
        if offices:
            return self._office_phrase(tokens, text, i, offices)
        for piece in self._pieces(tokens, text, i, frozenset({PERSON})):
            if self._standalone_person_ok(tokens, i, piece.end):
                return _Phrase(i, piece.end, person=piece.entry.ref, variant=piece.alias.text)
        return None

    def _regional_phrase(self, tokens: Sequence[_Tok], text: _TokenText, i: int) -> _Phrase | None:
        """A region or city of a state (world ``places.tsv``) before a sector head or office title: the
        state's body ("Lagos police" NGA COP, "Donetsk separatists" UKR REB, "Texas Sen. X" USA LEG).
        Alone it names no actor: "in Lagos" is a place, left to the places stage."""
        regions = self._pieces(tokens, text, i, frozenset({REGION}))
        if not regions:
            return None
        piece = regions[0]
        after = text.keys[piece.end] if piece.end < len(tokens) else ""
        if after not in self._index and after not in POSSESSIVES and after not in self._tail_modifiers:
            return None  # no sector word can follow: most mentions of a city end here, cheaply
        core = _Piece(piece.end, piece.alias, replace(piece.entry, kind=ACTOR))
        phrase = self._actor_phrase(tokens, text, i, core)
        if phrase.end < len(tokens) and text.keys[phrase.end] in POSSESSIVES:
            return None  # "the Donetsk People's Republic": a name goes on, no body of the state
        return None if phrase.bare_actor or phrase.sector is None else phrase

    def _misspelt_demonym(self, tokens: Sequence[_Tok], text: _TokenText, i: int) -> _Phrase | None:
        """A misspelt demonym right before an office title ("Ukranian Prime Minister X"): the title says a
        nationality stands there, so a close spelling of one is taken (fuzzy, same first letter)."""
        word = tokens[i].text
        if len(word) < MISSPELT_MIN or not word.isalpha() or not word[0].isupper():
            return None
        if not self._pieces(tokens, text, i + 1, frozenset({OFFICE})):
            return None
        best = process.extractOne(
            fold(word), self._demonym_names, scorer=fuzz.ratio, score_cutoff=self.settings.fuzzy_min_score
        )
        if best is None or best[0][0] != fold(word)[0]:
            return None
        name, score, index = best
        alias = self._aliases[name]
        entry = next(e for e in alias.entries if e.kind == DEMONYM)
        phrase = self._actor_phrase(tokens, text, i, _Piece(i + 1, alias, entry))
        phrase.score, phrase.variant = round(score / 100.0, 3), alias.text
        return phrase

    def _actor_phrase(self, tokens: Sequence[_Tok], text: _TokenText, i: int, core: _Piece) -> _Phrase:
        entry = core.entry
        phrase = _Phrase(
            i,
            core.end,
            actor=entry.ref,
            sector=entry.sector,
            variant=core.alias.text,
            secondary=entry.secondary,
        )
        j = core.end
        possessive = j < len(tokens) and entry.kind == ACTOR and text.keys[j] in POSSESSIVES
        if possessive:
            j += 1
        tails = [
            t
            for t in self._pieces(tokens, text, j, frozenset({OFFICE, HEAD}))
            if self._is_role_noun(tokens, t)
        ]
        if not tails and entry.sector is None and self._kinds.get(entry.ref or "") in BODY_OWNERS:
            tails = self._foreign_body(tokens, text, j, entry.ref)
            if not tails and self._tail_modifier(tokens, text, j):
                # one modifier between the state and its body: "Sri Lankan Tamil rebels", "Mexican drug
                # cartels", "Ethiopia's federal government", "the Russian Orthodox Church"
                tails = [
                    t
                    for t in self._pieces(tokens, text, j + 1, frozenset({OFFICE, HEAD}))
                    if self._is_role_noun(tokens, t)
                ]
        if tails:
            tail = tails[0]
            phrase.end = j = tail.end
            # A named body keeps its own sector: "Georgian Dream leaders" stay the party.
            phrase.sector = entry.sector or tail.entry.sector
            if tail.entry.kind == ACTOR and tail.entry.sector is None:
                phrase.actor = tail.entry.ref  # "Palestinian Hamas" is Hamas
            if _names_an_outlet(tokens, j, self._body_words):  # "India's Congress Party": a party
                phrase.sector = self._generic.body_sector(tokens[j].text.lower())
                phrase.end = j = j + 1
                phrase.offices = ()
            phrase.secondary = entry.secondary if entry.sector else tail.entry.secondary
            phrase.offices = tuple(o for t in tails if t.end == tail.end for o in t.entry.offices)
            phrase.possessive_tail = possessive
            j = self._possessed_body(tokens, text, phrase, j)
            if not phrase.offices:  # a body, then the title of one of its people: "AU Commission chairman"
                titles = [
                    t
                    for t in self._pieces(tokens, text, j, frozenset({OFFICE}))
                    if self._is_role_noun(tokens, t)
                ]
                if titles:
                    phrase.end = j = titles[0].end
                    phrase.offices = tuple(o for t in titles if t.end == j for o in t.entry.offices)
            if phrase.offices and text.keys[j : j + 2] in (["-", w] for w in ELECT_WORDS):
                # "President-elect X", "Prime Minister-designate X": not the holder of the day
                phrase.end = j = j + 2
                phrase.former = True
        else:
            phrase.bare_actor = True
        role_word = False
        body = tails or entry.sector is not None
        if body and not phrase.offices and self._role_word_before_name(tokens, j):
            # a body, then the role noun of one of its people and the name: "CIA Director X", "the
            # party's leader X" -> the body's actor and sector (the name says who, the body for whom)
            phrase.end = j = j + 1
            phrase.bare_actor = False
            role_word = True
        if not tails and any(e.kind == DEMONYM and e.ref == entry.ref for e in core.alias.entries):
            phrase.demonym_only = True  # "US and British activists": may share the next head noun
        if tails or j > core.end or entry.sector is not None:
            named = self._named_person(tokens, text, j, unknown_ok=bool(phrase.offices) or role_word)
            if named is None and possessive and not tails and entry.sector is not None:
                # a body's possessive before a full name: "the BBC's Fergal Keane" speaks for the BBC
                named = self._named_person(tokens, text, j, unknown_ok=True)
                if named is not None and named[1] is None and named[0] - j < 2:
                    named = None  # one capitalised word is as likely a thing ("Gazprom's Nord")
            if named is not None:
                phrase.end, phrase.person, person_variant, phrase.score = named
                phrase.unknown_person = phrase.person is None
                phrase.demonym_only = phrase.bare_actor = False
                if phrase.score < 1.0:
                    phrase.variant = person_variant
        return phrase

    def _possessed_body(self, tokens: Sequence[_Tok], text: _TokenText, phrase: _Phrase, j: int) -> int:
        """A body's possessive before another sector head of the same actor: "the Syrian government's
        forces" is SYR MIL, "Russia's foreign ministry's spokeswoman" RUS GOV. Extends ``phrase``; returns
        its new end."""
        if j + 1 >= len(tokens) or text.keys[j] not in POSSESSIVES or phrase.offices:
            return j
        if phrase.sector not in BODY_SECTORS:
            return j  # "China's People's Liberation Army": people own no forces; the name goes on
        heads = [
            t
            for t in self._pieces(tokens, text, j + 1, frozenset({OFFICE, HEAD}))
            if t.entry.ref is None and self._is_role_noun(tokens, t)
        ]
        if not heads:
            return j
        head = heads[0]
        phrase.end, phrase.sector, phrase.secondary = head.end, head.entry.sector, head.entry.secondary
        phrase.offices = tuple(o for t in heads if t.end == head.end for o in t.entry.offices)
        return head.end

    def _foreign_body(
        self, tokens: Sequence[_Tok], text: _TokenText, j: int, state: str | None
    ) -> list[_Piece]:
        """After a state's (or an IGO's) name, possessive or demonym, the name of another one's body that
        does not name its owner is the first one's body of the same kind: "Chile's Defense Department" is
        CHL's, not the Pentagon ("the Defense Department" alone is the US one); "AU Commission" is the
        AU's, not the European Commission. The state's own body joins it too ("Israel's Mossad")."""
        found = []
        for piece in self._pieces(tokens, text, j, frozenset({ACTOR})):
            other = piece.entry.ref
            group = self.catalogue.actors.get(other or "")
            if piece.entry.sector is None and group is not None and group.kind == "nonstate" and group.sector:
                if group.country == state:  # "Palestinian Hamas": the group itself
                    found.append(piece)
                elif group.country is not None:  # "the Pakistani Taliban": its branch in another state
                    found.append(_Piece(piece.end, piece.alias, replace(piece.entry, sector=group.sector)))
                continue
            if piece.entry.sector is not None and other == state:
                found.append(piece)  # "Israel's Mossad", "Germany's Bundestag": the state's own body
                continue
            if piece.entry.sector is None or self._kinds.get(other or "") not in BODY_OWNERS:
                continue
            if self._state_words[other or ""].search(piece.alias.folded):
                continue  # "the US Congress" names its own state
            found.append(piece)
        return found

    def _office_phrase(
        self, tokens: Sequence[_Tok], text: _TokenText, i: int, offices: list[_Piece]
    ) -> _Phrase | None:
        office = offices[0]
        office_ids = tuple(o for p in offices if p.end == office.end for o in p.entry.offices)
        sector = office.entry.sector
        named = self._named_person(tokens, text, office.end, unknown_ok=False)
        if named is not None:
            end, person, variant, score = named
            return _Phrase(
                i,
                end,
                sector=sector,
                offices=office_ids,
                person=person,
                variant=variant,
                score=score,
                secondary=office.entry.secondary,
            )
        if office.entry.ref is not None and tokens[i].text[:1].isupper():
            # An office only one actor has ("Secretary of State") names that actor's government.
            return _Phrase(
                i,
                office.end,
                actor=office.entry.ref,
                sector=sector,
                offices=office_ids,
                variant=office.alias.text,
                secondary=office.entry.secondary,
            )
        return None

    def _named_person(
        self, tokens: Sequence[_Tok], text: _TokenText, j: int, unknown_ok: bool
    ) -> tuple[int, str | None, str, float] | None:
        """The person named right after a title: exact alias, else a fuzzy match of the capitalised run.

        With ``unknown_ok`` an unknown name is still taken into the phrase ("Georgian Prime Minister
        Irakli Garibashvili"), so that the office holder of the day is not wrongly attached.
        """
        people = [
            p
            for p in self._pieces(tokens, text, j, frozenset({PERSON}))
            if self._standalone_person_ok(tokens, j, p.end)
        ]
        if people:
            return people[0].end, people[0].entry.ref, people[0].alias.text, 1.0
        end = j
        while end < len(tokens) and tokens[end].proper:
            end += 1
        if end == j:
            return None
        hit = self._fuzzy(" ".join(t.text for t in tokens[j:end]), end - j)
        if hit is not None and hit[1].kind == PERSON:
            return end, hit[1].ref, hit[0], hit[2]
        return (end, None, "", 1.0) if unknown_ok else None

    def _tail_modifier(self, tokens: Sequence[_Tok], text: _TokenText, j: int) -> bool:
        """A word that may stand between an actor word and its head noun: a capitalised word naming no
        actor ("Tamil", "Orthodox", "Ennahda") or one of ``tail_modifiers`` ("federal", "drug")."""
        if j + 1 >= len(tokens) or not tokens[j].text.isalpha():
            return False
        word = text.keys[j]
        if word in self._tail_modifiers:
            return True
        return tokens[j].text[:1].isupper() and not self._pieces(tokens, text, j, frozenset({ACTOR, DEMONYM}))

    def _role_word_before_name(self, tokens: Sequence[_Tok], j: int) -> bool:
        """A role noun ("director", "chief", "spokesman") at ``j`` with a capitalised name right after."""
        if j + 1 >= len(tokens) or not tokens[j + 1].proper:
            return False
        return tokens[j].text.lower() in self._generic.person_roles

    def _before_place_noun(self, text: _TokenText, end: int) -> bool:
        return end < len(text.keys) and text.keys[end] in self._place_nouns

    @staticmethod
    def _is_role_noun(tokens: Sequence[_Tok], tail: _Piece) -> bool:
        """A head noun before "to"/"against" is an act ("Russia's opposition to the plan"), not a sector."""
        return not (tail.end < len(tokens) and fold(tokens[tail.end].text) in ACT_MARKERS)

    def _standalone_person_ok(self, tokens: Sequence[_Tok], start: int, end: int) -> bool:
        """A one-word surname must not be part of a longer unknown name ("Michel Barnier").

        A title or honorific just before it is fine ("President Aliyev", "Mr Aliyev").
        """
        if end - start > 1:
            return True
        before = tokens[start - 1] if start > 0 else None
        after = tokens[end] if end < len(tokens) else None
        if after is not None and after.proper:
            return False
        if before is None or not before.proper or fold(before.text) in self._honorifics:
            return True
        return fold(before.text) in self._title_words

    @staticmethod
    def _select(tokens: Sequence[_Tok], phrases: list[_Phrase]) -> list[_Phrase]:
        """Longest phrases first, dropping any that overlap one already taken; returned in text order."""
        taken = [False] * len(tokens)
        chosen = []
        for phrase in sorted(phrases, key=lambda p: (-(p.end - p.start), p.start)):
            if any(taken[phrase.start : phrase.end]):
                continue
            for k in range(phrase.start, phrase.end):
                taken[k] = True
            chosen.append(phrase)
        return sorted(chosen, key=lambda p: p.start)

    def _extend_to_named_bodies(
        self, tokens: Sequence[_Tok], phrases: list[_Phrase], words: _TokenText
    ) -> None:
        """A state's name or demonym followed by the capitalised name of a body the catalogue does not
        know is that state's body, of the sector the name's last word gives: "the U.S. Food and Drug
        Administration" USA GOV, "the Australian Strategic Policy Institute" AUS NGO (as ``resolve`` does
        for a phrase on its own)."""
        starts = {p.start for p in phrases}
        ends = {p.end for p in phrases}
        for phrase in phrases:
            if not phrase.bare_actor or phrase.blocked or self._kinds.get(phrase.actor or "") != "state":
                continue
            if self._title_of_state(tokens, words, phrase, ends) or self._body_of_state(tokens, phrase, ends):
                continue
            end = k = phrase.end + (phrase.end < len(tokens) and tokens[phrase.end].text in POSSESSIVES)
            while k < len(tokens) and k not in starts:
                word = fold(tokens[k].text)
                if tokens[k].proper and tokens[k].text[:1].isupper():
                    k += 1
                    end = k
                elif word in NAME_LINKS and k + 1 < len(tokens) and tokens[k + 1].proper:
                    k += 1
                else:
                    break
            if end <= phrase.end or fold(tokens[end - 1].text) in self._title_words:
                continue
            sector = self._generic.body_sector(tokens[end - 1].text.lower())
            if sector is not None:
                phrase.end, phrase.sector, phrase.bare_actor = end, sector, False
                phrase.demonym_only = False

    def _title_of_state(
        self, tokens: Sequence[_Tok], words: _TokenText, phrase: _Phrase, ends: set[int]
    ) -> bool:
        """An office title or sector head, "of" and the state: "the Prime Minister of Pakistan" PAK GOV,
        "the National Assembly of Kenya" KEN LEG. Extends ``phrase`` back over the title; True if it did."""
        of = phrase.start - 1
        if of < 1 or fold(tokens[of].text) != "of":
            return False
        for start in range(max(0, of - 4), of):
            if any(e in ends for e in range(start + 1, of + 1) if e != of):
                continue  # another actor's words lie between
            for piece in self._pieces(tokens, words, start, frozenset({OFFICE, HEAD})):
                if piece.end == of:
                    phrase.start, phrase.sector, phrase.secondary = (
                        start,
                        piece.entry.sector,
                        piece.entry.secondary,
                    )
                    phrase.offices = piece.entry.offices
                    phrase.bare_actor = phrase.demonym_only = False
                    phrase.former = _after_former(words.keys, start)  # "former President of Georgia"
                    phrase.elite = phrase.former and _word_before(words.keys, start) in ELITE_WORDS
                    return True
        return False

    def _body_of_state(self, tokens: Sequence[_Tok], phrase: _Phrase, ends: set[int]) -> bool:
        """A capitalised body name, "of" and the state: "the Freedom Party of Austria" AUT PTY, "the
        Supreme Court of Pakistan" PAK JUD. Extends ``phrase`` back over the name; True if it did."""
        of = phrase.start - 1
        if of < 1 or fold(tokens[of].text) != "of" or not tokens[of - 1].proper:
            return False
        last = tokens[of - 1].text
        if fold(last) in self._title_words or (sector := self._generic.body_sector(last.lower())) is None:
            return False  # "the President of Armenia": a title, which the offices read
        start = of - 1
        while start > 0 and start not in ends:
            before = tokens[start - 1]
            linked = fold(before.text) in NAME_LINKS and start >= 2 and tokens[start - 2].proper
            if not (linked or before.proper and before.text[:1].isupper()):
                break
            start -= 1
        while fold(tokens[start].text) in NAME_LINKS:
            start += 1
        phrase.start, phrase.sector, phrase.bare_actor, phrase.demonym_only = start, sector, False, False
        return True

    @staticmethod
    def _inherit_coordinated_sectors(tokens: Sequence[_Tok], phrases: list[_Phrase]) -> None:
        """The first of two coordinated actors shares the second's head noun.

        "the Armenian and Azerbaijani Foreign Ministers", "Armenia and Azerbaijan's foreign ministers".
        """
        for k in range(len(phrases) - 2, -1, -1):
            left, right = phrases[k], phrases[k + 1]
            if right.sector is None or not (left.demonym_only or (left.bare_actor and right.possessive_tail)):
                continue
            between = [fold(t.text) for t in tokens[left.end : right.start]]
            if between and all(w in COORDINATORS for w in between):
                left.sector = right.sector
                left.offices = right.offices

    # ------------------------------------------------------------------------------ references

    def _actor_ref(self, phrase: _Phrase, text: str, on: date | None) -> ActorRef:
        cat = self.catalogue
        score = phrase.score
        person = cat.person(phrase.person) if phrase.person else None
        former = self._generic.former_sector if phrase.elite and phrase.offices and phrase.actor else None
        stale = person is not None and (person.world or (on is not None and person.role_on(on) is None))
        if stale and phrase.actor and phrase.sector and not phrase.former:
            # the world tables end about 2016, and a curated person with no role on the day lacks the one
            # the text gives: a current title in the text ("CIA Director X") is trusted
            person_id = person.id
            actor = cat.actors[phrase.actor]
            return ActorRef(
                actor.id,
                actor.name,
                text,
                phrase.sector,
                phrase.variant,
                score,
                person_id,
                secondary=phrase.secondary,
            )
        if person is not None and on is not None and person.roles and person.role_on(on) is None:
            if former:  # "former Georgian President X": one of Georgia's elites (CAMEO ELI)
                actor = cat.actors[phrase.actor]
                return ActorRef(actor.id, actor.name, text, former, phrase.variant, score, person.id)
            # Out of office on that day: speaks for no state, even under an old title, but is still one
            # of its people (PLOVER ELI), as the Phoenix dictionaries code a person between roles.
            return self._elite_ref(person, text, on, phrase.variant, score)
        if phrase.actor is None and person is not None:
            role = person.role_on(on)
            if role is None:
                return self._elite_ref(person, text, on, phrase.variant, score)
            actor = cat.actors[role.actor]
            sector = phrase.sector or role.sector
            secondary = phrase.secondary if phrase.sector else role.secondary
            return ActorRef(
                actor.id, actor.name, text, sector, phrase.variant, score, person.id, secondary=secondary
            )
        actor = cat.actors[phrase.actor] if phrase.actor else None
        if actor is None:
            return ActorRef(None, text, text, phrase.sector, phrase.variant, score)
        sector = phrase.sector
        if former:  # the person's own role that day if it is with this actor ("former President X, now
            role = person.role_on(on) if person is not None else None  # opposition leader"), else elite
            # (a world-table role may be stale: "former" in the text wins over an open-ended one)
            kept = role is not None and role.actor == actor.id and not person.world
            sector = role.sector if kept else former
        if person is None and phrase.offices and not (phrase.unknown_person or phrase.former):
            holders = {p.id: p for o in phrase.offices for p in cat.holders(o, actor.id, on)}
            if len(holders) == 1:
                person = next(iter(holders.values()))
        if person is not None and sector is None:
            role = person.role_on(on)
            sector = role.sector if role is not None and role.actor == actor.id else None
        secondary = phrase.secondary if sector == phrase.sector else ()
        return ActorRef(
            actor.id,
            actor.name,
            text,
            sector,
            phrase.variant,
            score,
            person.id if person else None,
            secondary=secondary,
        )

    def _elite_ref(self, person: Person, text: str, on: date | None, variant: str, score: float) -> ActorRef:
        """A person outside every role on the day: the state of their nearest role, sector ELI; an
        international official with no state role keeps the organisation."""
        role = person.nearest_role(on, prefer=lambda a: self.catalogue.country_of(a) is not None)
        elite = self._generic.former_sector or "ELI"
        if role is None:
            return ActorRef(None, person.name, text, elite, variant, score, person.id)
        actor = self.catalogue.actors[role.actor]
        return ActorRef(actor.id, actor.name, text, elite, variant, score, person.id)

    def finish(self, ref: ActorRef) -> ActorRef:
        """Country, default primary sector and secondary sectors of a resolved actor, from the catalogue:
        a state is its own country, a group its ``country``; an actor's own sector fills a phrase that
        names none (an armed group: REB, an IGO: IGO); its secondary sectors (NKR: PRE) are added."""
        actor = self.catalogue.actors.get(ref.id or "")
        if actor is None:
            return ref
        sector = ref.sector or actor.sector or ("IGO" if actor.kind == "igo" else None)
        if sector in GROUP_ROLE_SECTORS and actor.kind == "nonstate" and actor.sector in ARMED_GROUP_SECTORS:
            # "Houthi forces", "Hezbollah fighters", "Wagner boss X": the group, not a state's army or firm
            sector = actor.sector
        secondary = (*ref.secondary, *actor.secondary)
        if actor.kind == "igo" and sector != "IGO":
            # an IGO's body or official is the IGO first, its function second ("the European Commission"
            # IGO + GOV, "NATO troops" IGO + MIL), as the Phoenix codes put it (IGOUNOREFHCR: IGO + REF)
            secondary, sector = (sector, *secondary) if sector else secondary, "IGO"
        secondary = tuple(dict.fromkeys(c for c in secondary if c != sector))
        if sector is None and secondary:
            sector, secondary = secondary[0], secondary[1:]
        country = self.catalogue.country_of(actor.id)
        if (sector, secondary, country) == (ref.sector, ref.secondary, ref.country):
            return ref
        return replace(ref, sector=sector, secondary=secondary, country=country)

    def _entry_ref(self, entry: Entry, text: str, on: date | None, variant: str, score: float) -> ActorRef:
        if entry.kind == PERSON:
            phrase = _Phrase(0, 0, person=entry.ref, variant=variant, score=score)
        else:
            phrase = _Phrase(0, 0, actor=entry.ref, sector=entry.sector, variant=variant, score=score)
        return self._actor_ref(phrase, text, on)

    def _mention(
        self, sentence: Sentence, tokens: Sequence[_Tok], phrase: _Phrase, on: date | None
    ) -> Mention:
        start_char, end_char = tokens[phrase.start].start, tokens[phrase.end - 1].end
        text = _sentence_slice(sentence, start_char, end_char)
        ref = self._actor_ref(phrase, text, on)
        return Mention(sentence.doc_id, sentence.index, phrase.start, phrase.end, start_char, end_char, ref)

    # ----------------------------------------------------------------------- fuzzy, unresolved

    def _fuzzy(self, query: str, n_tokens: int) -> tuple[str, Entry, float] | None:
        """The catalogue name a capitalised multi-word name misspells, if it is close enough."""
        settings = self.settings
        words = query.split()
        if n_tokens < settings.fuzzy_min_tokens or len(query) < settings.fuzzy_min_chars:
            return None
        if not all(w[:1].isupper() for w in words) or fold(words[0]) in self._stopwords:
            return None
        best = self._closest_name(fold(query))
        if best is None:
            return None
        _, score, index = best
        name, entry = self._fuzzy_entries[index]
        if len(name.split()) != len(words):
            return None
        return name, entry, round(score / 100.0, 3)

    def _closest_name(self, folded: str) -> tuple[str, float, int] | None:
        """rapidfuzz's best catalogue name for ``folded``, remembered: the names that reach this step
        (people and bodies the catalogue lacks) recur from article to article."""
        if folded not in self._fuzzy_best:
            if len(self._fuzzy_best) >= FUZZY_MEMORY:
                self._fuzzy_best.clear()
            self._fuzzy_best[folded] = process.extractOne(
                folded, self._fuzzy_names, scorer=fuzz.ratio, score_cutoff=self.settings.fuzzy_min_score
            )
        return self._fuzzy_best[folded]

    def _fuzzy_mentions(
        self, sentence: Sentence, tokens: Sequence[_Tok], taken: list[bool], on: date | None
    ) -> list[Mention]:
        found = []
        for start, end in _proper_runs(tokens, taken):
            words = [t.text for t in tokens[start:end]]
            hit = self._fuzzy(" ".join(words), end - start)
            if hit is None:
                continue
            name, entry, score = hit
            start_char, end_char = tokens[start].start, tokens[end - 1].end
            ref = self._entry_ref(entry, _sentence_slice(sentence, start_char, end_char), on, name, score)
            found.append(Mention(sentence.doc_id, sentence.index, start, end, start_char, end_char, ref))
            for k in range(start, end):
                taken[k] = True
        return found


# ------------------------------------------------------------------------------------ helpers


def _of_governor(tokens: Sequence[Token], i: int) -> int | None:
    """The noun an "of" phrase hangs on, when token ``i`` is that phrase's object ("head" in "the head of
    the contingent")."""
    prep = tokens[i].head
    if tokens[i].dep != "pobj" or tokens[prep].text.lower() != "of" or tokens[prep].dep != "prep":
        return None
    return tokens[prep].head


def _article_forms(name: str) -> list[str]:
    """A proper-name alias with a leading "the" also matches without it ("Kremlin officials").

    Common-noun aliases keep their article: "the separatists" is Karabakh's, "separatists" anyone's.
    """
    if name.lower().startswith("the ") and name[4:5].isupper():
        return [name, name[4:]]
    return [name]


def _is_proper_title(name: str) -> bool:
    """A capitalised name of several words without its own article ("UN General Assembly")."""
    words = name.split()
    return len(words) > 1 and words[0][:1].isupper() and words[0].lower() != "the"


def _title_forms(title: str) -> list[str]:
    """A title and its plural ("Foreign Ministers"), unless the title ends in an "of" phrase."""
    if " of " in title or title.endswith("s") or title.isupper():
        return [title]
    plural = (
        title[:-1] + "ies" if title.endswith("y") and not title.endswith(("ay", "ey", "oy")) else title + "s"
    )
    if title.endswith(("man", "woman")):
        plural = title[:-3] + "men"
    return [title, plural]


def _index_keys(folded: str) -> set[str]:
    """Keys under which an alias is filed: its first word as spaCy or a plain split would see it."""
    keys = {folded.split()[0]}
    first = WORD.match(folded)
    if first:
        keys.add(first.group(0))
    # spaCy splits a sentence-final "U.S." into "U.S" + "."
    keys.update(key.rstrip(".") for key in list(keys) if len(key) > 2 and key.endswith("."))
    return keys


def as_day(on: date | str | None) -> date | None:
    """The article day as a ``date`` (datetimes and ISO strings are accepted from loose callers)."""
    if on is None or type(on) is date:
        return on
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, str):
        try:
            return date.fromisoformat(on[:10])
        except ValueError:
            raise ValueError(f"article date {on!r} is not an ISO date (YYYY-MM-DD)") from None
    if isinstance(on, date):
        return on
    raise TypeError(f"article date must be a date, got {type(on).__name__}")


def _names_an_outlet(tokens: Sequence[_Tok], end: int, outlet_words: frozenset[str]) -> bool:
    """An actor name followed by a capitalised press word is a publication's name."""
    return end < len(tokens) and tokens[end].text in outlet_words


def _after_former(keys: list[str], i: int) -> bool:
    """A title after "former"/"ex-"/"late" ("former Armenian President") names no current holder."""
    return _word_before(keys, i) in FORMER_WORDS


def _word_before(keys: list[str], i: int) -> str:
    """The word before token ``i``, across a hyphen ("ex-president")."""
    return keys[i - 2] if i >= 2 and keys[i - 1] == "-" else keys[i - 1] if i >= 1 else ""


def _word_acronym(name: str) -> bool:
    """An acronym read as a word, which some outlets write in title case ("NATO" as "Nato"): one word of
    at least ``WORD_ACRONYM`` capitals and a vowel; shorter ones ("IRA", "WHO") stay in capitals."""
    return len(name) >= WORD_ACRONYM and name.isalpha() and name.isupper() and any(v in name for v in "AEIOU")


def _capitals(text: str) -> int:
    return sum(ch.isupper() for ch in text)


def _merges(entries: list[Entry], entry: Entry) -> bool:
    """Keep one meaning per (kind, sector) for an alias; the first actor listed wins a shared demonym."""
    if entry in entries:
        return False
    if entry.kind == OFFICE:
        return True
    return all(not (e.kind == entry.kind and e.sector == entry.sector) for e in entries)


def _sector_of(actor, name: str) -> str | None:  # type: ignore[no-untyped-def]
    for sector, names in actor.sector_aliases.items():
        if name in names:
            return sector
    return None


def _is_proper(pos: str, text: str) -> bool:
    return pos == "PROPN" and text[:1].isupper()


def _plain_tokens(text: str) -> list[_Tok]:
    text = text.translate(APOSTROPHES)
    tokens = []
    matches = list(WORD.finditer(text))
    for n, match in enumerate(matches):
        end = match.end()
        spaced = n + 1 < len(matches) and matches[n + 1].start() > end
        word = match.group(0)
        tokens.append(_Tok(word, match.start(), end, spaced, word[:1].isupper()))
    return tokens


def _proper_runs(tokens: Sequence[_Tok], taken: list[bool]) -> list[tuple[int, int]]:
    runs = []
    i = 0
    while i < len(tokens):
        if taken[i] or not tokens[i].proper:
            i += 1
            continue
        j = i
        while j < len(tokens) and not taken[j] and tokens[j].proper:
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _unresolved_entities(sentence: Sentence, taken: list[bool]) -> list[Mention]:
    """Named entities no catalogue entry covers, kept with ``id`` None so the coder still sees them.

    Fragments the NER mislabels (no capitalised word, digits, an ordinary noun) are dropped.
    """
    kept = []
    for ent in sentence.entities:
        if ent.label not in NAMED_ENTITY_LABELS or not 0 <= ent.start < ent.end <= len(taken):
            continue  # other labels, or a malformed span from a foreign annotator
        if any(taken[ent.start : ent.end]):
            continue
        tokens = sentence.tokens[ent.start : ent.end]
        if any(ch.isdigit() for ch in ent.text) or not any(_names_something(t, ent.label) for t in tokens):
            continue
        ref = ActorRef(None, ent.text, ent.text)
        kept.append(
            Mention(sentence.doc_id, sentence.index, ent.start, ent.end, ent.start_char, ent.end_char, ref)
        )
    return kept


def _names_something(token: Token, label: str) -> bool:
    if not token.text[:1].isupper():
        return False
    return token.pos == "PROPN" or (label == "NORP" and token.pos in ("ADJ", "NOUN"))


def _sentence_slice(sentence: Sentence, start_char: int, end_char: int) -> str:
    return sentence.text[start_char - sentence.start : end_char - sentence.start]
