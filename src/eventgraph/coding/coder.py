"""The event coder: lexicon patterns applied to a parsed sentence and its actor mentions.

For each token whose lemma triggers a pattern, the pattern's source and target roles are read off the
dependency tree (:mod:`eventgraph.coding.syntax`); every source × target pair becomes an
:class:`~eventgraph.records.Event` with PLOVER type and mode, CAMEO code, Goldstein value and quad
class, flagged negated or hypothetical (:mod:`eventgraph.coding.modality`). A pronoun subject is
resolved to the subject actor of the previous sentences of the same document; "both sides", "each other"
and "an end to the fighting" to the actors the article set up. Every participant found that way is
listed in ``Event.inferred`` (docs/actors-discourse.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations

from eventgraph.actors.discourse import load_discourse_rules
from eventgraph.coding.announcements import announcement, load_announcements
from eventgraph.coding.broad import (
    BroadIndex,
    TriggerWords,
    broad_enabled,
    load_broad_patterns,
    load_settings,
    prep_objects_hold,
)
from eventgraph.coding.lexicon import Lexicon, Pattern, load_lexicon
from eventgraph.coding.modality import is_hypothetical, is_negated, modality
from eventgraph.coding.syntax import (
    PASSIVE_SUBJECT_DEPS,
    PERSON_PRONOUNS,
    SUBJECT_DEPS,
    VERBISH,
    Argument,
    SentenceGraph,
    unique_by,
)
from eventgraph.records import (
    ActorRef,
    Document,
    Event,
    Inference,
    Mention,
    Sentence,
    event_id_for,
    inferred_participants,
)

NOUN_TRIGGER_POS = frozenset({"NOUN"})  # not PROPN: "the Second Karabakh War" is a name
CONTEXT_REACH = 2  # a pronoun may refer to the subject actor of up to this many sentences back
PAIR_REACH = 12  # "both sides" may refer to the pair the article set up this many sentences back
CAUSE_PREPOSITIONS = ("in", "by", "from")  # "killed in/by/from <someone's> shelling"
PLACE_PREPOSITIONS = ("in", "at", "across", "throughout", "inside")  # "protests in Ecuador"
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
PERSON_INFERENCES = frozenset({"surname", "name", "title"})  # how an article's person is named again
DEED_REACH = 30  # "condemned the offensive": the last offensive coded up to this many sentences back


@dataclass(slots=True)
class _Context:
    """What earlier sentences of a document leave for later ones: the last subject actor (for "He
    accused the West …") and the last pair of actors named together (for "both sides")."""

    doc_id: str
    subject: ActorRef | None = None
    subject_index: int = -1
    subject_person: bool = False  # the subject was named as a person (for "he", not "it")
    pair: tuple[ActorRef, ActorRef] | None = None
    pair_index: int = -1
    deeds: dict[str, tuple[ActorRef, int]] = field(default_factory=dict)  # type -> (doer, sentence)
    victims: dict[str, ActorRef | None] = field(default_factory=dict)  # type -> that deed's target
    accusers: dict[str, tuple[ActorRef, int]] = field(default_factory=dict)  # accused id -> accuser, sentence
    fight: tuple[tuple[ActorRef, ActorRef], int] | None = None  # the last fighting's sides, sentence
    war: tuple[tuple[ActorRef, ActorRef], int] | None = None  # the last assault's sides, sentence


class Coder:
    """Codes events from sentences. Load once with :meth:`load`; :meth:`code` is called per sentence."""

    def __init__(self, lexicon: Lexicon, broad: dict[str, list[Pattern]] | None = None):
        self.lexicon = lexicon
        self.broad = broad or {}  # verb lemma -> broad-layer patterns (coding/broad.py); empty: off
        self._broad_index = BroadIndex(self.broad)
        self.broad_resolved_only = load_settings().resolved_actors
        self.ontology = lexicon.ontology
        self.announced = load_announcements()  # what an announced act is (PLOVER): announced.yaml
        self.discourse = load_discourse_rules()  # reciprocal words, "the fighting" and its parties
        self._context: _Context | None = None
        self.problems: list[str] = []  # sentences skipped as malformed, "doc …, sentence …: why"

    @classmethod
    def load(cls, profile: str = "south-caucasus") -> Coder:
        """The coder for ``profile`` (every profile shares the lexicon for now), cached; with the broad
        verb layer unless it is switched off (``EVENTGRAPH_BROAD_VERBS``, broad/settings.yaml)."""
        return _cached_coder(profile, broad_enabled())

    def code(self, sentence: Sentence, mentions: list[Mention], document: Document) -> list[Event]:
        """Events of one sentence, in trigger order, with provenance pointing into ``document``.

        A malformed sentence (token indices that do not form a tree) is skipped and noted in
        :attr:`problems`, so one bad record never stops a batch.
        """
        problem = malformed(sentence)
        if problem:
            self.problems.append(
                f"doc {document.name or sentence.doc_id}, sentence {sentence.index}: {problem}"
            )
            return []
        context = self._context_for(sentence)
        graph = SentenceGraph(
            sentence, mentions, self.lexicon.grammar, *self._carried_over(context, sentence)
        )
        has_predicate = any(t.pos in VERBISH for t in sentence.tokens)
        events: list[Event] = []
        seen: set[tuple[str, str, str]] = set()
        consumed: set[int] = set()
        coded_at: set[int] = set()  # triggers the curated lexicon coded: the broad layer leaves them
        for token in sentence.tokens:
            if token.i in consumed:
                continue
            pos = "verb" if token.pos == "VERB" else "noun" if token.pos in NOUN_TRIGGER_POS else None
            if pos is None or (pos == "noun" and not has_predicate):
                continue
            # an attributive participle codes only as such, with its doer before a hyphen ("the Russian-
            # brokered truce"); not otherwise ("the UN recognised territory")
            attributive = pos == "verb" and token.dep == "amod"
            candidates = [
                p for p in self.lexicon.candidates(pos, token.lemma) if p.attributive == attributive
            ]
            coded = self._first_coded(candidates, graph, token.i, document, consumed, one_sided=False)
            carried = (
                graph.light_verb(token.i) is not None
                or graph.occurs(token.i)  # "Azerbaijani shelling resumed"
                or _carried_by_verb(graph, token.i, candidates)
                or _attack_doing_harm(graph, token.i, candidates)  # "a Russian strike damaged …"
            )
            if not coded and (pos == "verb" or carried):
                # "Russian troops shelled the city", "launched air strikes on the enclave": an event whose
                # target names no actor keeps its source
                coded = self._first_coded(candidates, graph, token.i, document, consumed, one_sided=True)
            if coded:
                coded_at.add(token.i)
            for event in coded:
                key = (event.source.id or event.source.text, _target_key(event), event.type)
                if key not in seen:
                    seen.add(key)
                    events.append(event)
            events += self._announcements(coded, graph, token.i, seen)
        for event in self._broad_events(graph, document, coded_at | consumed):
            key = (event.source.id or event.source.text, _target_key(event), event.type)
            if key not in seen:
                seen.add(key)
                events.append(event)
        self._remember(graph, context)
        self._remember_deeds(events, context)
        self._remember_fighting(graph, context)
        return _unique_ids(_without_redundant_one_sided(events))

    def _announcements(
        self, coded: list[Event], graph: SentenceGraph, trigger: int, seen: set[tuple[str, str, str]]
    ) -> list[Event]:
        """The asserted AGREE, CONCEDE, THREATEN or REJECT an announced act stands for (PLOVER), beside the
        act itself, which stays hypothetical; not where the sentence codes that event already."""
        found = []
        for event in coded:
            announced = announcement(event, graph, trigger, self.announced, self.ontology)
            if announced is None:
                continue
            key = (announced.source.id or announced.source.text, _target_key(announced), announced.type)
            if key not in seen:
                seen.add(key)
                found.append(announced)
        return found

    def _broad_events(self, graph: SentenceGraph, document: Document, taken: set[int]) -> list[Event]:
        """Events of the broad verb layer on verbs the curated lexicon left: neither the verb nor a word
        it governs ("launched [an offensive]") was coded, and the actors are ones the catalogue knows."""
        if not self.broad:
            return []
        events: list[Event] = []
        for token in graph.tokens:
            if token.pos != "VERB" or token.dep == "amod" or token.i in taken:
                continue
            lemma = token.lemma.lower()
            if lemma not in self.broad or taken.intersection(graph.children[token.i]):
                continue
            candidates = self._broad_index.candidates(lemma, TriggerWords.read(graph, token.i))
            if not candidates:
                continue
            unused: set[int] = set()
            coded = self._first_coded(candidates, graph, token.i, document, unused, one_sided=False)
            if not coded:
                coded = self._first_coded(candidates, graph, token.i, document, unused, one_sided=True)
            events.extend(self._kept_broad(e, candidates) for e in coded)
        return [e for e in events if e is not None]

    def _kept_broad(self, event: Event, candidates: list[Pattern]) -> Event | None:
        """A broad event whose target the catalogue does not know: one-sided if its code stands alone
        ("Azerbaijan rushed troops to the border"), else dropped; likewise one with an unknown source."""
        if not self.broad_resolved_only:
            return event
        if not event.source.id:
            return None
        if event.target is None or event.target.id:
            return event
        pattern = next(p for p in candidates if p.id == event.pattern)
        if not pattern.one_sided:
            return None
        kind = f"{event.type}:{event.pattern}"
        new_id = event_id_for(event.doc_id, event.span, event.source.id, None, kind)
        return replace(event, target=None, event_id=new_id)

    # ---------------------------------------------------------------------------------- one pattern

    def _first_coded(
        self,
        candidates: list[Pattern],
        graph: SentenceGraph,
        trigger: int,
        document: Document,
        consumed: set[int],
        one_sided: bool,
    ) -> list[Event]:
        """The events of the first candidate pattern (most specific first) that codes any."""
        for pattern in candidates:
            coded = self._apply(pattern, graph, trigger, document, consumed, one_sided)
            if coded:
                return coded
        return []

    def _apply(
        self,
        pattern: Pattern,
        graph: SentenceGraph,
        trigger: int,
        document: Document,
        consumed: set[int],
        one_sided: bool = False,
    ) -> list[Event]:
        """Events of one pattern at one trigger; ``one_sided`` lets an event without a target through."""
        carried = self._constraints_hold(pattern, graph, trigger)
        if carried is False:
            return []
        sources = self._fill(pattern.source, pattern, graph, trigger, exclude=())
        if not sources:
            return []
        targets = self._fill(pattern.target, pattern, graph, trigger, exclude=sources)
        if not targets:
            targets = self._implicit_targets(pattern, graph, trigger, sources)
        pairs = self._pairs(pattern, sources, targets)
        itself = bool(targets) and self._acts_on_itself(graph, trigger)
        if not pairs and one_sided and pattern.one_sided and not itself:
            # no target, or only a thing of the source's own ("Putin defended Russia's decision")
            named = self._named_subjects(graph, trigger, sources)
            pairs = [(s, None) for s in named if not _placed_on_its_own(s, targets, graph, trigger)]
        if not pairs:
            return []
        if carried is not True and not pattern.claim_object:
            # "hosted talks": the noun is this event, not another one; but a claim rejected ("dismissed
            # Western accusations that …") stays the claim of its author, an event of its own
            consumed.add(carried)
        negated = is_negated(graph, trigger)
        kind = modality(graph, trigger)
        return [self._event(pattern, graph, trigger, s, t, document, negated, kind) for s, t in pairs]

    def _implicit_targets(
        self, pattern: Pattern, graph: SentenceGraph, trigger: int, sources: list[Argument]
    ) -> list[Argument]:
        """Targets the words imply: "X and Y accused each other" -> each of the sources (one event in
        each direction); "called for an end to the fighting" -> that fighting's parties."""
        reciprocal = self._reciprocal(graph, trigger)
        if reciprocal is not None:
            if len({s.key for s in sources}) < 2:
                return []
            here = Inference(graph.sentence.index, "reciprocal")
            return [Argument(replace(s.actor, inferred=here), reciprocal, reciprocal + 1) for s in sources]
        if pattern.type not in self.discourse.call_types:
            return []
        fighting = self._fighting_noun(graph, trigger)
        if fighting is None:
            return []
        return [graph.stand_in(a, fighting) for a in self._fighting_parties(graph)]

    def _reciprocal(self, graph: SentenceGraph, trigger: int) -> int | None:
        """The object "each other"/"one another" of the trigger, or of a preposition on it ("fired at")."""
        words = self.discourse.reciprocal_words
        objects = graph.kids(trigger, {"dobj", "obj", "dative"})
        objects += [o for p in graph.kids(trigger, "prep") for o in graph.kids(p, "pobj")]
        for o in objects:
            before = words.get(graph.lower(o))
            if before and o > 0 and graph.lower(o - 1) in before:
                return o
        return None

    def _fighting_noun(self, graph: SentenceGraph, trigger: int) -> int | None:
        """A noun for the fighting the trigger's words are about ("an end to the fighting"), not an
        indefinite one ("a war"), within the trigger's own clause."""
        nouns = self.discourse.fighting_nouns
        for token in graph.tokens:
            if token.pos != "NOUN" or not {graph.lemma(token.i), graph.lower(token.i)} & nouns:
                continue
            dets = {graph.lower(d) for d in graph.kids(token.i, "det")}
            if dets - self.lexicon.grammar.referring_determiners:
                continue
            j = token.i
            for _ in range(6):
                if graph.tokens[j].dep in ("ccomp", "relcl", "advcl") or graph.tokens[j].head == j:
                    break
                j = graph.tokens[j].head
                if j == trigger:
                    return token.i
        return None

    def _fighting_parties(self, graph: SentenceGraph) -> list[ActorRef]:
        """The sides of the last fighting the article told (an asserted assault with both sides named).
        Not merely the last pair named: "Washington and Paris pointed at Baku" names no fighting."""
        context, index = self._context, graph.sentence.index
        if context is None or context.fight is None:
            return []
        sides, told = context.fight
        if not 0 < index - told <= self.discourse.fighting_reach:
            return []
        return [_inferred(a, told, "fighting") for a in sides]

    @staticmethod
    def _acts_on_itself(graph: SentenceGraph, trigger: int) -> bool:
        """The object is the source actor itself ("Armenia criticised Armenia"): no event at all."""
        obj = graph.direct_object(trigger)
        return obj is not None and graph.names_actor(obj)

    @staticmethod
    def _named_subjects(graph: SentenceGraph, trigger: int, sources: list[Argument]) -> list[Argument]:
        """Sources a one-sided event may keep: the subject word or its modifiers name them ("Russia
        attacked"), not an actor deeper inside it ("relations between Moscow and Washington hit a low")."""
        subject = graph.child(trigger, SUBJECT_DEPS)
        if subject is None or graph.tokens[subject].pos == "PRON":
            return sources
        # the subject word, or its own modifiers: "Yemen's warring parties", "Syrian government troops";
        # through a quantifier: "thousands of Armenians protested"
        heads = {subject, graph.through_quantifier(subject)}
        named = heads | {m for h in heads for m in graph.kids(h, ("poss", "compound", "amod", "nmod"))}
        placed = {(a.start, a.end) for a in place_actors(graph, trigger)}  # "protesters rallied in Minsk"
        return [s for s in sources if any(s.start <= i < s.end for i in named) or (s.start, s.end) in placed]

    def _reports_deed(self, graph: SentenceGraph, trigger: int, types: frozenset[str]) -> bool:
        """A clause completing the trigger asserts a deed of one of ``types`` ("said Y shelled X",
        "claimed Y had launched an offensive"), neither negated nor hypothetical."""
        for clause in graph.kids(trigger, "ccomp"):
            if graph.child(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) is None:
                continue
            words = [(clause, "verb")]
            if graph.lemma(clause) in self.lexicon.grammar.light_verbs:  # "launched an offensive"
                words += [(o, "noun") for o in graph.kids(clause, {"dobj", "obj"})]
            deed = any(
                p.type in types and self._constraints_hold(p, graph, i) is not False
                for i, pos in words
                for p in self.lexicon.candidates(pos, graph.tokens[i].lemma)
            )  # "gave a deadline" is a threat, "gave assurances" is not
            if deed and not is_negated(graph, clause) and not is_hypothetical(graph, clause):
                return True
        return False

    def _constraints_hold(self, pattern: Pattern, graph: SentenceGraph, trigger: int) -> bool | int:
        """False when the pattern does not apply; the object noun it carries, if it has object_lemmas."""
        if pattern.requires and not graph.has_particle(trigger, pattern.requires):
            return False
        if pattern.prep_objects and not prep_objects_hold(pattern, graph, trigger):
            return False
        if pattern.modifiers and not graph.has_modifier(trigger, pattern.modifiers):
            return False
        if pattern.complement_modals and not graph.has_complement_modal(trigger, pattern.complement_modals):
            return False  # "said Azerbaijan should withdraw" is a demand; "said Azerbaijan withdrew" is not
        if pattern.complement_types and not self._reports_deed(graph, trigger, pattern.complement_types):
            return False  # "Baku said Armenian forces shelled …" alleges; "Baku said talks went well" not
        if pattern.subject_lemmas and not _subject_is(graph, trigger, pattern.subject_lemmas):
            return False  # "troops crossed into …", not "refugees crossed into …"
        if pattern.excluded_subjects and _subject_is(graph, trigger, pattern.excluded_subjects):
            return False  # "sanctions hit Russia's economy"
        if pattern.excluded_particles and graph.has_particle(trigger, pattern.excluded_particles):
            return False  # "asked Lavrov about the strikes"
        if pattern.clause_words and not graph.phrase_has(trigger, pattern.clause_words):
            return False  # "sent troops to the UN peacekeeping mission", not "sent troops into Ukraine"
        if pattern.finding_words and not self._findings(graph, trigger, pattern.finding_words):
            return False  # "found that X committed war crimes", not "found that talks went well"
        if pattern.carrier_verbs:
            verb = graph.clause_verb(trigger)
            if verb is None or graph.lemma(verb) not in pattern.carrier_verbs:
                return False  # "troops remained on alert", not "issued a storm alert"
        if pattern.object_modifiers:
            obj = graph.direct_object(trigger)
            if obj is None or not graph.has_modifier(graph.through_quantifier(obj), pattern.object_modifiers):
                return False  # "violated the ceasefire agreement", "ended mediation efforts"
        if pattern.transitive and graph.direct_object(trigger) is None:
            return False
        if pattern.excluded_objects:
            obj = graph.direct_object(trigger)
            if obj is not None and graph.lemma(graph.through_quantifier(obj)) in pattern.excluded_objects:
                return False
        if pattern.actor_object:
            obj = _actor_object(graph, trigger)
            if obj is None or not graph.names_actor(obj):
                return False  # "called Aliyev", not "called Aliyev's bluff" or "called Putin a criminal"
        if pattern.predicate_lemmas and not any(
            graph.lemma(p) in pattern.predicate_lemmas or graph.lower(p) in pattern.predicate_lemmas
            for p in graph.object_predicates(trigger)
        ):
            return False
        if pattern.object_lemmas:
            obj = _pattern_object(pattern, graph, trigger)
            if obj is None:
                return False
            obj = graph.through_quantifier(obj)
            return obj if graph.lemma(obj) in pattern.object_lemmas else False
        return True

    @staticmethod
    def _pairs(
        pattern: Pattern, sources: list[Argument], targets: list[Argument]
    ) -> list[tuple[Argument, Argument | None]]:
        if targets:
            return [(s, t) for s in sources for t in targets if _distinct(s, t)]
        if pattern.symmetric and len(sources) >= 2:
            return list(combinations(sources, 2))
        return []

    def _fill(
        self,
        roles: tuple[str, ...],
        pattern: Pattern,
        graph: SentenceGraph,
        trigger: int,
        exclude: list[Argument] | tuple[()],
    ) -> list[Argument]:
        """Actors of the first role that yields any (leaving out those already used as sources)."""
        used = {(a.start, a.end) for a in exclude}
        for n, role in enumerate(roles):
            found = [a for a in self._role(role, pattern, graph, trigger) if (a.start, a.end) not in used]
            if found:
                return _known_place_instead(found, roles[n + 1 :], graph, trigger, used)
        return []

    def _role(self, role: str, pattern: Pattern, graph: SentenceGraph, trigger: int) -> list[Argument]:
        if role == "subject":
            return graph.subject(trigger)
        if role == "object":
            obj = graph.direct_object(trigger)
            if obj is None and pattern.claim_object:
                obj = graph.relative_head(trigger)  # "a claim Yerevan called absurd"
            if pattern.actor_object:
                obj = _actor_object(graph, trigger)
            if obj is None:
                return []
            if pattern.claim_object:
                return self._claim_author(graph, obj, trigger)
            deed = graph.through_quantifier(obj)
            if self._is_deed_word(graph, deed):
                # "condemned Russia's invasion of Ukraine" targets the invader, never the invaded
                return self._doer_of_deed(graph, deed)
            # "the steps taken by Baku"; "criticised the statement by the WHO chief": its author
            return graph.actors_of(obj) or graph.participle_agents(obj) or self._said_by(graph, deed, trigger)
        if role == "dative":
            return [a for d in graph.kids(trigger, "dative") for a in graph.actors_of(d)]
        if role == "agent":
            return [a for o in graph.prep_objects(trigger, "by") for a in graph.actors_of(o)]
        if role == "possessor":
            return graph.possessor(trigger)
        if role == "place":
            return place_actors(graph, trigger)
        if role == "between":
            return graph.between(trigger)
        if role == "hyphen.agent":
            return graph.hyphen_agent(trigger)
        if role == "sentence.pair":  # the broker is no party: "Russia and Turkey discussed the Russian-…"
            pair = graph.sentence_pair()
            brokers = {a.key for a in graph.hyphen_agent(trigger)}
            return [] if any(a.key in brokers for a in pair) else pair
        if role in ("modified", "modified.between"):
            noun = graph.modified_noun(trigger)
            if noun is None:
                return []
            return graph.actors_named_by(noun) if role == "modified" else graph.between(noun)
        if role == "object.between":
            obj = _pattern_object(pattern, graph, trigger)
            if obj is None:
                return []
            talks = graph.through_quantifier(obj)
            return graph.between(talks) or self._earlier_parties(graph, talks)
        if role.startswith("object.prep:"):
            obj = _pattern_object(pattern, graph, trigger)
            if obj is None:
                return []
            obj = graph.through_quantifier(obj)
            return [a for o in graph.prep_objects(obj, role.split(":", 1)[1]) for a in graph.actors_of(o)]
        if role.startswith("prep:"):
            return self._prep_role(role.split(":", 1)[1], graph, trigger, pattern)
        if role.startswith("complement.prep:"):  # "agreed to supply weapons [to Armenia]"
            verbs = [c for c in graph.kids(trigger, "xcomp") if graph.child(c, SUBJECT_DEPS) is None]
            preposition = role.split(":", 1)[1]
            return [a for v in verbs for o in graph.prep_objects(v, preposition) for a in graph.actors_of(o)]
        return self._governor_role(role, pattern, graph, trigger)

    def _prep_role(
        self, preposition: str, graph: SentenceGraph, trigger: int, pattern: Pattern
    ) -> list[Argument]:
        """A preposition on the trigger, or on the light or carrier verb carrying a noun ("expressed
        concern over", "drew criticism from")."""
        holders = [trigger]
        if graph.tokens[trigger].pos in NOUN_TRIGGER_POS:
            if preposition == "by":  # "a blockade of Ukrainian ports by Russia's fleet", hung on "ports"
                holders += graph.prep_objects(trigger, "of")
            verb = graph.light_verb(trigger)
            if verb is None and pattern.carrier_verbs:
                verb = graph.clause_verb(trigger)
                verb = verb if verb is not None and graph.lemma(verb) in pattern.carrier_verbs else None
            if verb is not None:
                holders.append(verb)
        for holder in holders:
            found = [a for o in graph.prep_objects(holder, preposition) for a in graph.actors_of(o)]
            if found:
                return found
        return []

    def _governor_role(
        self, role: str, pattern: Pattern, graph: SentenceGraph, trigger: int
    ) -> list[Argument]:
        if role == "light.subject":
            verb = graph.light_verb(trigger)
            return graph.grammatical_subject(verb) if verb is not None else []
        if role == "clause.subject":
            verb = graph.clause_verb(trigger)
            return graph.subject(verb) if verb is not None else []
        if role == "complement.subject":
            return [a for c in graph.complements(trigger) for a in graph.grammatical_subject(c)]
        if role == "complement.object":  # "refused to sign the CSTO declaration"
            verbs = [c for c in graph.kids(trigger, "xcomp") if graph.child(c, SUBJECT_DEPS) is None]
            objects = [o for v in verbs if (o := graph.direct_object(v)) is not None]
            # only an actor inside a thing refused ("the CSTO declaration"): "refused to condemn Russia"
            # is a negated accusation, not a rejection of Russia
            things = [graph.through_quantifier(o) for o in objects]
            return [a for o in things if not graph.names_actor(o) for a in graph.actors_of(o)]
        if role == "cause.possessor":  # "killed in Azerbaijani shelling", "wounded by Russian fire"
            return [
                a
                for preposition in CAUSE_PREPOSITIONS
                for o in graph.prep_objects(trigger, preposition)
                for a in self._deed_owner(graph, o)
            ]
        if role == "adjunct.subject":
            verb = graph.adjunct_verb(trigger)
            return graph.subject(verb) if verb is not None else []
        if role == "carrier.subject":
            return self._carrier_subject_doer(graph, trigger)
        if role == "fight.opponent":
            return self._opponent_in_fighting(graph, trigger)
        if role == "deed.accuser":
            return self._deed_accuser(graph, trigger)
        if role == "charge.accuser":
            return self._charge_accuser(graph, trigger)
        if role == "purpose.object":
            return _purpose_objects(graph, trigger)
        if role == "object.pair":
            return self._parties_told(graph, trigger)
        if role == "content.subject":
            return _content_subject(graph, trigger)
        if role == "finding.wrongdoer":
            return self._wrongdoers(graph, trigger, pattern.finding_words)
        raise ValueError(f"unknown role {role!r}")  # the lexicon loader rejects these first

    def _findings(self, graph: SentenceGraph, trigger: int, words: frozenset[str]) -> list[int]:
        """What the trigger finds that names a wrong (one of ``words``): a clause with a subject ("found
        that X committed war crimes"), or a deed noun object over it, the clause flattened by the parser
        when "that" is left out ("determined [the attacks by X against Y constituted genocide]")."""
        found = [
            c
            for c in graph.kids(trigger, "ccomp")
            if graph.child(c, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) is not None and graph.phrase_has(c, words)
        ]
        obj = graph.direct_object(trigger)
        if obj is not None and self._is_deed_word(graph, obj) and graph.phrase_has(obj, words):
            found.append(obj)
        return found

    def _wrongdoers(self, graph: SentenceGraph, trigger: int, words: frozenset[str]) -> list[Argument]:
        """Whom a finding blames: the subject of the clause found, or the doer of the deed it names ("the
        attacks by Myanmar's military constituted genocide")."""
        doers: list[Argument] = []
        for found in self._findings(graph, trigger, words):
            if found == graph.direct_object(trigger):  # the deed noun object
                doers += self._doer_of_deed(graph, found)
                continue
            subject = graph.child(found, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
            if subject is not None and self._is_deed_word(graph, subject):
                doers += self._doer_of_deed(graph, subject)
            else:
                doers += graph.grammatical_subject(found)
        return doers

    def _doer_of_deed(self, graph: SentenceGraph, deed: int) -> list[Argument]:
        """Who did the deed a noun names: its possessor or adjective ("Russia's invasion"), the agent of
        its participle or its "by" ("the shelling of Donetsk by Ukrainian forces"), else, for a definite
        noun ("the offensive", "Saturday's attack"), the doer of the last such deed the article coded."""
        doer = (
            graph.possessor(deed)
            or graph.participle_agents(deed)
            or [a for o in graph.prep_objects(deed, "by") for a in graph.actors_of(o)]
        )
        return doer or self._earlier_doer(graph, deed)

    def _carrier_subject_doer(self, graph: SentenceGraph, trigger: int) -> list[Argument]:
        """Whom a noun event is aimed at when the verb carrying it has the culprit as subject: the actor
        itself ("Russia drew condemnation from the UN") or the doer of the deed the subject names ("the
        strikes on Odesa drew condemnation": whoever struck)."""
        verb = graph.clause_verb(trigger)
        subject = graph.child(verb, SUBJECT_DEPS) if verb is not None else None
        if subject is None:
            return []
        if graph.names_actor(subject):
            return graph.actors_of(subject)
        deed = graph.through_quantifier(subject)
        return self._doer_of_deed(graph, deed) if self._is_deed_word(graph, deed) else []

    def _parties_told(self, graph: SentenceGraph, trigger: int) -> list[Argument]:
        """The two parties of a definite deal or truce the trigger has as object ("the grain deal,
        brokered by the UN and Turkey"): the last pair the article named together, unless the trigger's
        doer is one of them (then the pair is not the deal's)."""
        obj = graph.direct_object(trigger)
        pair = graph.context_pair
        if obj is None or pair is None or not graph.refers_back(graph.through_quantifier(obj)):
            return []
        doers = {a.key for a in graph.subject(trigger)}
        if any(a.id in doers for a in pair):
            return []
        return [graph.stand_in(a, obj) for a in pair]

    def _deed_accuser(self, graph: SentenceGraph, trigger: int) -> list[Argument]:
        """Whom denying a deed answers: "Ukraine has denied the attack", the attack told before as
        Ukraine's on Russia, answers Russia, the side it was done to and that alleges it. Only a deed the
        denier is said to have done; the victim named on the noun itself ("denied the attack on Russian
        ships") comes first, and whoever last accused the denier ("Russia accused Ukraine of …") last."""
        obj = graph.direct_object(trigger)
        if obj is None:
            return []
        deed = graph.through_quantifier(obj)
        named = [
            a for p in ("on", "against") for o in graph.prep_objects(deed, p) for a in graph.actors_of(o)
        ]
        if named:
            return named
        context, deniers = self._context, {a.key for a in graph.subject(trigger)}
        if context is None or not deniers or not graph.refers_back(deed):
            return []
        for pattern in self.lexicon.candidates("noun", graph.tokens[deed].lemma):
            remembered, victim = context.deeds.get(pattern.type), context.victims.get(pattern.type)
            if remembered is None or victim is None or remembered[0].id not in deniers:
                continue
            if 0 < graph.sentence.index - remembered[1] <= DEED_REACH:
                return [graph.stand_in(_inferred(victim, remembered[1], "deed"), deed)]
        return self._last_accuser(graph, deniers, deed)

    def _last_accuser(self, graph: SentenceGraph, deniers: set[str], at: int) -> list[Argument]:
        """Whoever the article last told accusing one of ``deniers``, up to DEED_REACH sentences back."""
        context = self._context
        if context is None:
            return []
        for denier in deniers:
            accuser = context.accusers.get(denier)
            if accuser is not None and 0 < graph.sentence.index - accuser[1] <= DEED_REACH:
                return [graph.stand_in(_inferred(accuser[0], accuser[1], "deed"), at)]
        return []

    def _charge_accuser(self, graph: SentenceGraph, trigger: int) -> list[Argument]:
        """Whom denying a charge answers: "Myanmar has denied it has committed a genocide", a clause
        denied with no object, answers whoever the article last told accusing Myanmar."""
        if graph.direct_object(trigger) is not None or not graph.kids(trigger, {"ccomp"}):
            return []
        return self._last_accuser(graph, {a.key for a in graph.subject(trigger)}, trigger)

    def _opponent_in_fighting(self, graph: SentenceGraph, trigger: int) -> list[Argument]:
        """The other side of the war the article told (its last asserted assault with both sides known),
        for a deed of one side that names no target ("Russia invaded Ukraine. … In response to Putin's
        invasion": against Ukraine). A plural ("Russia's recent wars") is not that war."""
        context = self._context
        if context is None or context.war is None or graph.tokens[trigger].tag != "NN":
            return []
        sides, told = context.war
        if not 0 < graph.sentence.index - told <= DEED_REACH:
            return []
        # a possessive or an adjective names the doer; a name compounded with the noun names where it is
        # waged ("the Ukraine invasion", "the Iraq war")
        doers = {
            a.key
            for a in graph.possessor(trigger)
            if any(graph.tokens[i].dep in ("poss", "amod") for i in range(a.start, a.end))
        }
        for side, other in (sides, sides[::-1]):
            if side.id in doers and other.id not in doers:
                return [graph.stand_in(_inferred(other, told, "fighting"), trigger)]
        return []

    def _claim_author(self, graph: SentenceGraph, obj: int, trigger: int) -> list[Argument]:
        """Rejecting a claim targets its author ("dismissed Baku's charge", "a charge Armenia dismissed")."""
        grammar = graph.grammar
        word = graph.lower(obj)
        if word in grammar.claim_pronouns and graph.tokens[obj].tag in ("PRP", "DT"):
            # "…, but Yerevan denied it": who said it; with nothing said before it in the sentence, the
            # subject of the sentences before ("Putin calls the war an operation. Kyiv calls this a pretext")
            return self._main_subject(graph, trigger) or _said_before(graph, obj, trigger)
        if word in grammar.relative_pronouns and graph.tokens[obj].tag in ("WDT", "WP"):
            antecedent = graph.antecedent(obj)
            if antecedent is None:
                return []
            if graph.lemma(antecedent) not in grammar.claim_nouns and graph.lower(obj) != "which":
                return graph.actors_of(antecedent)
            obj = antecedent
        elif graph.lemma(obj) not in grammar.claim_nouns:
            return graph.actors_of(obj)
        author = graph.possessor(obj) or [
            a for b in graph.prep_objects(obj, "by") for a in graph.actors_of(b)
        ]
        if author:
            return author
        if graph.lemma(trigger) in grammar.negating_heads:
            # "Baku said Armenian units shelled its posts, which Yerevan denied": who said so
            author = graph.reporter(obj)
            if author:
                return author
        # "Azerbaijan set up a checkpoint, which Armenia called a violation": whoever did the deed
        author = self._deed_subject(graph, obj, trigger)
        return author or self._main_subject(graph, trigger)

    @staticmethod
    def _said_by(graph: SentenceGraph, noun: int, trigger: int) -> list[Argument]:
        """The author of a claim noun named by its "by" phrase ("the comments by WHO chief Tedros"),
        which the parser may hang on the active verb instead ("criticised [the statement] [by X]")."""
        if graph.lemma(noun) not in graph.grammar.claim_nouns:
            return []
        holders = [noun] if graph.is_passive(trigger) else [noun, trigger]
        return [a for h in holders for b in graph.prep_objects(h, "by") for a in graph.actors_of(b)]

    @staticmethod
    def _deed_subject(graph: SentenceGraph, obj: int, trigger: int) -> list[Argument]:
        """The subject of the nearest verb above ``obj`` (a checkpoint set up, a move made), if any."""
        j = obj
        for _ in range(4):
            head = graph.tokens[j].head
            if head in (j, trigger):
                return []
            j = head
            if graph.is_verb(j):
                return graph.subject(j)
        return []

    @staticmethod
    def _main_subject(graph: SentenceGraph, trigger: int) -> list[Argument]:
        roots = [t.i for t in graph.tokens if t.head == t.i and t.i != trigger]
        for root in roots:
            found = graph.subject(root)
            if found:
                return found
        return []

    # ------------------------------------------------------------------------------------- records

    def _event(
        self,
        pattern: Pattern,
        graph: SentenceGraph,
        trigger: int,
        source: Argument,
        target: Argument | None,
        document: Document,
        negated: bool,
        kind: str | None,
    ) -> Event:
        tokens = graph.tokens
        covered = [trigger, source.start, source.end - 1]
        if target is not None:
            covered += [target.start, target.end - 1]
        first, last = min(covered), max(covered)
        span = (tokens[first].start, tokens[last].end)
        mode = pattern.mode if pattern.mode is not None else self.ontology.plover_for(pattern.cameo)[1]
        return Event(
            event_id=event_id_for(
                document.doc_id,
                span,
                source.actor.id,
                target.actor.id if target else None,
                f"{pattern.type}:{pattern.id}",
            ),
            doc_id=document.doc_id,
            doc_name=document.name,
            sentence_index=graph.sentence.index,
            sentence=graph.sentence.text,
            span=span,
            source=source.actor,
            target=target.actor if target else None,
            type=pattern.type,
            mode=mode,
            cameo=pattern.cameo,
            goldstein=self.ontology.goldstein(pattern.cameo),
            quad_class=self.ontology.quad_class(pattern.type),
            negated=negated,
            hypothetical=kind is not None,
            pattern=pattern.id,
            trigger=tokens[trigger].text,
            modality=kind,
            inferred=inferred_participants(source.actor, target.actor if target else None),
        )

    # ------------------------------------------------------------------------------------- context

    def _context_for(self, sentence: Sentence) -> _Context:
        if self._context is None or self._context.doc_id != sentence.doc_id:
            self._context = _Context(sentence.doc_id)
        return self._context

    @staticmethod
    def _carried_over(
        context: _Context, sentence: Sentence
    ) -> tuple[ActorRef | None, tuple[ActorRef, ActorRef] | None, bool]:
        subject = context.subject if 0 < sentence.index - context.subject_index <= CONTEXT_REACH else None
        pair = context.pair if 0 < sentence.index - context.pair_index <= PAIR_REACH else None
        if subject is not None:  # "He accused …": the actor named before, in the sentence that named it
            subject = _inferred(subject, context.subject_index, "pronoun")
        if pair is not None:
            pair = (
                _inferred(pair[0], context.pair_index, "pair"),
                _inferred(pair[1], context.pair_index, "pair"),
            )
        return subject, pair, context.subject_person

    def _deed_owner(self, graph: SentenceGraph, word: int) -> list[Argument]:
        """Whose deed a phrase names: "Azerbaijani shelling" → Azerbaijan. The small parser often reads
        "in Azerbaijani shelling" as "in Azerbaijani" plus a verb "shelling"; the words then still say it."""
        if self._is_deed_word(graph, word):
            return graph.possessor(word)
        following = word + 1
        if following < len(graph.tokens) and graph.names_actor(word) and self._is_deed_word(graph, following):
            return graph.actors_of(word)
        return []

    def _is_deed_word(self, graph: SentenceGraph, i: int) -> bool:
        """An event noun or gerund of an act of force ("shelling", "strike", "bombardment")."""
        token = graph.tokens[i]
        if token.tag not in ("NN", "NNS", "VBG"):
            return False
        mention = graph.mention_at[i]
        if mention is not None and mention.actor.id:
            return False  # "defeat Ukrainian forces": a known actor, no act of forcing
        kinds = self.lexicon.grammar.deed_types
        patterns = self.lexicon.candidates("noun", token.lemma) + self.lexicon.candidates("verb", token.lemma)
        return any(p.type.lower() in kinds for p in patterns)

    def _earlier_doer(self, graph: SentenceGraph, noun: int) -> list[Argument]:
        """Who did the deed a definite event noun refers back to: "Azerbaijan launched an offensive. …
        The EU condemned the offensive" — the doer of the last such deed coded in this document."""
        context = self._context
        if context is None or graph.tokens[noun].pos not in NOUN_TRIGGER_POS:
            return []
        if not graph.refers_back(noun):
            return []  # "condemned an attack", "condemned attacks": not one already told
        index = graph.sentence.index
        for pattern in self.lexicon.candidates("noun", graph.tokens[noun].lemma):
            remembered = context.deeds.get(pattern.type)
            if remembered is not None and 0 < index - remembered[1] <= DEED_REACH:
                return [graph.stand_in(_inferred(remembered[0], remembered[1], "deed"), noun)]
        return []

    def _earlier_parties(self, graph: SentenceGraph, noun: int) -> list[Argument]:
        """The sides of talks told before: "Mirzoyan and Bayramov met in Arlington. … Blinken hosted the
        talks" — the last pair of actors the document named together, for a definite talks noun."""
        pair = graph.context_pair
        if pair is None or not graph.refers_back(noun):
            return []
        if not any(p.type == "CONSULT" for p in self.lexicon.candidates("noun", graph.tokens[noun].lemma)):
            return []
        return [graph.stand_in(a, noun) for a in pair]

    def _remember_deeds(self, events: list[Event], context: _Context) -> None:
        """Keep the doer of each asserted deed a later "the offensive", "the blockade" may refer to."""
        kinds = self.lexicon.grammar.deed_types
        for event in events:
            if event.negated or event.hypothetical or not event.source.id:
                continue
            if event.type.lower() in kinds:
                context.deeds[event.type] = (event.source, event.sentence_index)
                context.victims[event.type] = event.target
            if event.type == "ASSAULT" and event.target is not None and event.target.id:
                context.war = ((event.source, event.target), event.sentence_index)
            if event.type == "ACCUSE" and event.target is not None and event.target.id:
                context.accusers[event.target.id] = (event.source, event.sentence_index)
            target = event.target
            if event.type in self.discourse.fighting_types and target is not None and target.id:
                context.fight = ((event.source, target), event.sentence_index)

    def _remember_fighting(self, graph: SentenceGraph, context: _Context) -> None:
        """ "Fighting erupted between Armenian and Azerbaijani forces", "the war between A and B": the two
        sides of a fighting noun's "between" make the fighting's sides, unless an event already did."""
        index = graph.sentence.index
        if context.fight is not None and context.fight[1] == index:
            return
        nouns = self.discourse.fighting_nouns
        for token in graph.tokens:
            if token.pos != "NOUN" or not {graph.lemma(token.i), graph.lower(token.i)} & nouns:
                continue
            holders = [token.i]
            if token.dep in SUBJECT_DEPS:  # "fighting erupted … between A and B"
                holders.append(token.head)
            for holder in holders:
                for side in graph.prep_objects(holder, "between"):
                    actors = list({a.actor.id: a.actor for a in graph.actors_of(side) if a.actor.id}.values())
                    if len(actors) == 2:
                        context.fight = ((actors[0], actors[1]), index)
                        return

    @staticmethod
    def _remember(graph: SentenceGraph, context: _Context) -> None:
        """Keep the main clause's subject actor and the last pair of actors for the next sentences."""
        index = graph.sentence.index
        for token in graph.tokens:
            if token.head == token.i and token.pos in VERBISH:
                subject = [a for a in graph.subject(token.i) if a.actor.id]
                if subject:
                    context.subject, context.subject_index = subject[0].actor, index
                    context.subject_person = _names_person(graph, subject[0])
                    break
        pair = graph.last_named_pair()
        if pair is not None:
            context.pair, context.pair_index = pair, index


def _names_person(graph: SentenceGraph, argument: Argument) -> bool:
    """The words name a person: a catalogue person, a PERSON entity, a person's surname or title
    recovered from earlier, or "he"/"she"."""
    actor = argument.actor
    if actor.person or graph.lower(argument.start) in PERSON_PRONOUNS:
        return True
    if actor.inferred is not None and actor.inferred.how in PERSON_INFERENCES:
        return True
    return any(
        e.label == "PERSON" and e.start < argument.end and argument.start < e.end
        for e in graph.sentence.entities
    )


def _inferred(actor: ActorRef, sentence_index: int, how: str) -> ActorRef:
    """``actor`` marked as found through ``how``; the sentence is the one that first named it, when the
    actor was itself carried over ("Pelosi" recovered from her full name, then "she")."""
    origin = actor.inferred.sentence_index if actor.inferred is not None else sentence_index
    return replace(actor, inferred=Inference(origin, how))


def _said_before(graph: SentenceGraph, pronoun: int, trigger: int) -> list[Argument]:
    """The subject actor of the sentences just before, for a claim pronoun whose sentence says nothing
    before its trigger ("Putin calls the war an operation. Kyiv calls this a pretext")."""
    actor = graph.context_actor
    if actor is None or any(graph.is_verb(t.i) for t in graph.tokens[: min(pronoun, trigger)]):
        return []  # a verb before: something was said in this sentence, not before it
    return [graph.stand_in(actor, pronoun)]


def _content_subject(graph: SentenceGraph, noun: int) -> list[Argument]:
    """Whom a claim noun is about: the subject of the clause giving its content ("accusations that it
    uses gas as a weapon", "allegations Russia was preparing to attack"), not of a relative clause."""
    for clause in graph.kids(noun, {"acl", "ccomp"}):
        marks = {graph.lower(m) for m in graph.kids(clause, "mark")}
        subject = graph.child(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        if subject is None or marks - {"that"} or graph.lower(subject) in graph.grammar.relative_pronouns:
            continue
        return graph.subject_actors(subject, 0)
    return []


def _purpose_objects(graph: SentenceGraph, trigger: int) -> list[Argument]:
    """Actors a "to"-clause of purpose acts on, on the trigger or its object: "deployed troops to help
    Kazakhstan's government restore order", "sent a mission to support Armenia" (not the doer itself)."""
    holders = [trigger, *graph.kids(trigger, {"dobj", "obj"})]
    clauses = [c for h in holders for c in graph.kids(h, {"advcl", "xcomp", "acl"}) if graph._infinitive(c)]
    found: list[Argument] = []
    for clause in clauses:
        stack = list(graph.children[clause])
        while stack:  # the clause's own words, not clauses of their own below it
            j = stack.pop()
            mention = graph.mention_at[j]
            if mention is not None and mention.actor.id:
                found.append(graph._argument(mention))
            stack.extend(
                c for c in graph.children[j] if graph.tokens[c].dep not in ("relcl", "advcl", "ccomp")
            )
    return unique_by(found, lambda a: a.key)


def _attack_doing_harm(graph: SentenceGraph, noun: int, candidates: list[Pattern]) -> bool:
    """An attack noun as the doer of a verb ("a Russian strike damaged the station", "damaged by a
    Russian missile strike"), or heading its sentence (a headline, or the small parser's reading of one):
    what it did says it happened, as an occurrence verb does."""
    if not any(p.type == "ASSAULT" for p in candidates):
        return False
    if not any(graph.mention_at[c] is not None for c in graph.kids(noun, ("poss", "amod"))):
        return False  # its doer named by a possessive or an adjective; "the Ukraine invasion" names a place
    token = graph.tokens[noun]
    if token.head == noun:
        return True
    if token.dep in SUBJECT_DEPS:
        return graph.is_verb(token.head)
    by = token.head
    return token.dep == "pobj" and graph.tokens[by].dep == "agent" and graph.is_verb(graph.tokens[by].head)


def _carried_by_verb(graph: SentenceGraph, noun: int, candidates: list[Pattern]) -> bool:
    """A noun event whose clause verb is a carrier one of its patterns names ("troops [remained] on
    alert", "[unveiled] a package of sanctions"): it may stand without a target, as under a light verb."""
    verb = graph.clause_verb(noun)
    return verb is not None and any(graph.lemma(verb) in p.carrier_verbs for p in candidates)


def _pattern_object(pattern: Pattern, graph: SentenceGraph, trigger: int) -> int | None:
    """The trigger's object; for a participle the parser hung on a word near the noun it tells of, that
    noun when it is one the pattern needs ("talks between X and Y leaders mediated by Z")."""
    obj = graph.direct_object(trigger)
    if not pattern.object_lemmas:
        return obj
    if obj is not None and graph.lemma(graph.through_quantifier(obj)) in pattern.object_lemmas:
        return obj
    return graph.misplaced_participle_noun(trigger, pattern.object_lemmas) or obj


def _subject_is(graph: SentenceGraph, trigger: int, lemmas: frozenset[str]) -> bool:
    """The trigger's surface subject (the passive subject in a passive) is one of ``lemmas``."""
    subject = graph.child(trigger, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    return subject is not None and graph.lemma(graph.through_quantifier(subject)) in lemmas


def _actor_object(graph: SentenceGraph, trigger: int) -> int | None:
    """The object of "called Aliyev": the parser labels a lone name an object predicate; with both an
    object and a predicate ("called Putin a criminal") something is said of it, so there is none."""
    obj = graph.child(trigger, {"dobj", "obj"})  # its own: "called Aliyev and urged him" is not "him"
    predicates = graph.object_predicates(trigger)
    if obj is None and len(predicates) == 1:
        return predicates[0]
    return obj if not predicates else None


def malformed(sentence: Sentence) -> str | None:
    """Why a sentence's tokens cannot be read as a dependency tree, or None."""
    size = len(sentence.tokens)
    for position, token in enumerate(sentence.tokens):
        if token.i != position:
            return f"token {position} ({token.text!r}) has index {token.i}"
        if not 0 <= token.head < size:
            return f"token {position} ({token.text!r}) points to head {token.head} outside the sentence"
    return None


def place_actors(graph: SentenceGraph, trigger: int) -> list[Argument]:
    """Known actors owning the place an event happened in: an "in"/"at" phrase on the trigger, on the
    verb asserting a noun trigger ("protests erupted in Ecuador", "held a rally in"), or on the trigger's
    object or passive subject ("a curfew in Lagos was shortened"). The state of the place stands for
    the source of an act whose doer the sentence leaves unnamed ("were detained in Moldova")."""
    holders = [trigger]
    if graph.tokens[trigger].pos in NOUN_TRIGGER_POS:
        verb = graph.light_verb(trigger)  # "held a rally in …"
        token = graph.tokens[trigger]
        if verb is None and token.dep in SUBJECT_DEPS and graph.is_verb(token.head):
            verb = token.head  # "protests erupted in …", "in Ecuador, protests have ensnared …"
        if verb is not None:
            holders.append(verb)
    holders += graph.kids(trigger, {"dobj", "obj", *PASSIVE_SUBJECT_DEPS})
    places = [
        o for h in holders for preposition in PLACE_PREPOSITIONS for o in graph.prep_objects(h, preposition)
    ]
    found = [a for o in places for a in _place_owners(graph, o)]
    return unique_by(found, lambda a: f"{a.start}:{a.end}")


def _place_owners(graph: SentenceGraph, place: int) -> list[Argument]:
    """Known actors a place phrase names, or, when it names none, the place it lies in or near ("at a
    military plant in southern Albania", "at an airport near Moscow"); "in support of Ukraine" is no
    place."""
    found = [a for a in graph.actors_of(place) if a.actor.id] if _names_a_place(graph, place) else []
    if found:
        return found
    inner = [o for p in (*PLACE_PREPOSITIONS, "near") for o in graph.prep_objects(place, p)]
    return [a for o in inner if _names_a_place(graph, o) for a in graph.actors_of(o) if a.actor.id]


def _names_a_place(graph: SentenceGraph, i: int) -> bool:
    """A country, city or region by name ("Ecuador", "western Ukraine", "a Moscow airport"), or a
    location noun of grammar.yaml ("the Kyiv region")."""
    words = [i, *graph.kids(i, ("compound", "amod"))]
    return graph.lemma(i) in graph.grammar.location_nouns or any(
        graph.tokens[w].ent_type in PLACE_ENTITIES for w in words
    )


def _placed_on_its_own(source: Argument, targets: list[Argument], graph: SentenceGraph, trigger: int) -> bool:
    """A place standing for the doer, where the one undergoing the act is of the same state, named
    elsewhere ("Navalny, imprisoned in Russia"): an act inside one state, not a one-sided event."""
    if (source.start, source.end) not in {(a.start, a.end) for a in place_actors(graph, trigger)}:
        return False
    return any(t.key == source.key and (t.start, t.end) != (source.start, source.end) for t in targets)


def _known_place_instead(
    found: list[Argument],
    later: tuple[str, ...],
    graph: SentenceGraph,
    trigger: int,
    used: set[tuple[int, int]],
) -> list[Argument]:
    """A role whose actors are all unknown ("people protested", "police detained") gives way to a later
    ``place`` role that names a known one ("in Ecuador")."""
    if "place" not in later or any(a.actor.id for a in found):
        return found
    placed = [a for a in place_actors(graph, trigger) if (a.start, a.end) not in used]
    return placed or found


def _without_redundant_one_sided(events: list[Event]) -> list[Event]:
    """ "provided Egypt with military aid": the targeted AID event says all the one-sided one does."""
    targeted = {(e.source.id or e.source.text, e.type) for e in events if e.target is not None}
    return [
        e for e in events if e.target is not None or (e.source.id or e.source.text, e.type) not in targeted
    ]


def _unique_ids(events: list[Event]) -> list[Event]:
    """One event per id: two unresolved actors of different wording share an id (it hashes actor ids)."""
    return unique_by(events, lambda e: e.event_id)


def _distinct(source: Argument, target: Argument) -> bool:
    """Two different actors, or two sectors of one state ("Georgian protesters", "the Georgian army")."""
    if source.key != target.key:
        return True
    sectors = (source.actor.sector, target.actor.sector)
    elsewhere = (source.start, source.end) != (target.start, target.end)
    return None not in sectors and sectors[0] != sectors[1] and elsewhere


def _target_key(event: Event) -> str:
    if event.target is None:
        return ""
    return event.target.id or event.target.text


@lru_cache(maxsize=4)
def _cached_coder(profile: str, broad: bool) -> Coder:
    return Coder(load_lexicon(), load_broad_patterns() if broad else None)
