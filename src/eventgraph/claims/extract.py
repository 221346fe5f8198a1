"""Speech acts in a coded document: who says what about whom, with which stance.

The extractor reads the pipeline's typed records — annotated sentences, the resolved actor mentions and
the coded events of one document — never spaCy objects. It looks only at sentences holding a verb of
saying (data/claims/claims.yaml), so it costs little beside the coder. Speakers are read off the parse
with the coder's own :class:`~eventgraph.coding.syntax.SentenceGraph` (subjects, pronouns, coordinated
speakers, "by" agents), or taken from the event the coder made of the verb itself ("accused X of …" is an
ACCUSE event whose source is the speaker); stance toward the actors a proposition is about comes from
that event, from the events coded inside the proposition and from evaluative words. Denials are linked
to the claims they answer in :mod:`eventgraph.claims.disputes`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from eventgraph.actors.discourse import load_discourse_rules
from eventgraph.claims.disputes import Denial, Stated
from eventgraph.claims.rules import ClaimRules, load_claim_rules
from eventgraph.coding.coder import malformed
from eventgraph.coding.lexicon import Grammar
from eventgraph.coding.syntax import SUBJECT_DEPS, Argument, SentenceGraph
from eventgraph.records import (
    ActorRef,
    Claim,
    ClaimAbout,
    Dispute,
    Document,
    Event,
    Mention,
    Sentence,
    claim_id_for,
)

OBJECT_DEPS = frozenset({"dobj", "obj"})
CLAUSE_DEPS = frozenset({"ccomp"})
LABEL_DEPS = frozenset({"oprd", "ccomp", "xcomp"})
EDGE_DEPS = frozenset({"mark", "punct", "cc"})  # trimmed off a proposition's edges ("that", commas)
PAIR_REACH = 12  # "both sides" may mean the two actors of an event this many sentences back (as the coder)
CONTEXT_REACH = 2  # a pronoun speaker may be the speaker of a claim this many sentences back
# priorities of the evidence for a stance: the verb's own event, events inside the proposition, words
FROM_VERB, FROM_EVENT, FROM_WORDS = 3, 2, 1
REFERRING_PRONOUNS = frozenset({"it", "they", "he", "she"})  # a speaker named only by a pronoun
MAIN_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# a conjoined verb of these kinds the parser hung inside another claim's proposition is a claim of its own
# ("called for free movement to be restored and urged both sides …")
OWN_CLAIM_KINDS = frozenset({"frame", "appeal", "label", "deny"})
NOUN_PHRASE_DEPS = frozenset({"pobj", "amod", "compound", "poss", "nmod", "conj", "prep"})  # within a phrase
OWN_DOER_DEPS = frozenset({"acl", "relcl", "poss", "prep"})  # a deed noun that says whose deed it is
ANSWER_DEPS = frozenset(
    {"advcl", "parataxis", "relcl", "conj", "appos", "ccomp"}
)  # where _answer looks further


@dataclass(slots=True)
class SpeechVerb:
    """A verb of saying found in a sentence: token, kind (report, frame, appeal, label, deny,
    attribution) and the verb as the claim names it ("say", "make clear")."""

    index: int
    kind: str
    verb: str
    negated: bool = False  # "did not accuse"
    noun: bool = False  # a noun carrying the claim: "Moscow's view that …"


@dataclass(slots=True)
class _Subject:
    """The actors of a sentence's main-clause subject: what "it", "they" or "its" of the next sentence
    most likely refers to (the subject is the most salient antecedent)."""

    actors: list[ActorRef]
    plural: bool  # "Armenian officials", "Japarov and Rahmon": "they", "their"
    person: bool  # "Pashinyan": "he", "she"
    noun: str = ""  # the subject's head lemma ("statement" in "That statement … was a turning point")


@dataclass(slots=True)
class _Stance:
    actor: ActorRef
    stance: int
    priority: int


class ClaimExtractor:
    """Finds claims in one document at a time. Load once (:meth:`load`); :meth:`extract` per document."""

    def __init__(
        self,
        grammar: Grammar,
        rules: ClaimRules,
        finish: Callable[[ActorRef], ActorRef] | None = None,
    ):
        # the coder's grammar, with the claim's own pair nouns ("praised both governments")
        self.grammar = replace(grammar, pair_nouns=grammar.pair_nouns | rules.pair_nouns)
        self.rules = rules
        self.finish = finish or (lambda actor: actor)  # the resolver's country/sector completion
        self.reciprocal_words = load_discourse_rules().reciprocal_words  # "each … the other"
        self._adversaries: tuple[ActorRef, ActorRef] | None = None  # of the document being read
        self._before: tuple[Sentence, list[Mention]] | None = None  # the sentence before, its mentions
        self._speaker_start = 0  # first token naming the speaker of the claim being read
        self._context_speaker: ActorRef | None = None  # the speaker of the sentences just before
        self._requests: set[str] = set()  # ids of the document's claims that ask for something
        self._labels: set[str] = set()  # … and of those that name something as something
        self._claims_named: dict[str, frozenset[str]] = {}  # claim id -> whose claims it names
        self._stated_by: dict[str, Stated] = {}  # claim id -> what its proposition states
        self._told: dict[str, tuple[Event, int]] = {}  # trigger lemma -> the last hostile deed so told
        self._last_deed: tuple[Event, int] | None = None  # the last hostile deed told, and its sentence
        self._contrasts: list[tuple[int, int]] = []  # claims of the sentence joined by "but"
        self._events_at: dict[int, list[Event]] = {}  # the sentence's events by trigger token
        self._trigger_of: dict[int, int] = {}  # id of each of the sentence's events -> its trigger token
        cues = frozenset(rules.verbs) | frozenset(rules.phrasal_verbs) | frozenset(rules.attribution_heads)
        cues |= rules.carrying_nouns
        # in lower, capitalised and upper case: a token's lemma and text are looked up as they are
        self._cue_words = cues | {w.capitalize() for w in cues} | {w.upper() for w in cues}

    @classmethod
    def load(cls, profile: str = "south-caucasus", finish: Callable[[ActorRef], ActorRef] | None = None):  # type: ignore[no-untyped-def]
        """The extractor with the coder's grammar (speech verbs, claim nouns, pronouns) of ``profile``."""
        from eventgraph.coding import Coder

        return cls(Coder.load(profile).lexicon.grammar, load_claim_rules(), finish)

    # -------------------------------------------------------------------------------------- document

    def extract(
        self,
        document: Document,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        events: Sequence[Event],
    ) -> list[Claim]:
        """The claims of one document, in text order, with their disputes linked."""
        from eventgraph.claims.disputes import (
            link_contrasts,
            link_counter_claims,
            link_disputes,
        )
        from eventgraph.pipeline import event_trigger_index

        mentions_of: dict[int, list[Mention]] = {}
        for mention in mentions:
            mentions_of.setdefault(mention.sentence_index, []).append(mention)
        events_of: dict[int, list[Event]] = {}
        for event in events:
            events_of.setdefault(event.sentence_index, []).append(event)
        claims: list[Claim] = []
        denials: list[Denial] = []
        last: tuple[ActorRef, int] | None = None  # the last speaker or doer named, and its sentence
        pair: tuple[tuple[ActorRef, ActorRef], int] | None = None  # the last two actors of one event
        hostile: tuple[tuple[ActorRef, ActorRef], int] | None = None  # … of a conflict event
        previous: Sentence | None = None
        self._requests = set()
        self._labels = set()
        self._claims_named = {}
        self._stated_by = {}
        self._told = {}
        self._last_deed = None
        contrasts: list[tuple[int, int]] = []
        sentence_texts: dict[int, str] = {}  # of the sentences with claims
        for sentence in sentences:
            before, previous = previous, sentence
            here = events_of.get(sentence.index, [])
            for event in here:  # a deed told, which "the blockade" may name again in a later claim
                if event.quad_class in (3, 4) and event.source.id and not event.negated:
                    trigger = event_trigger_index(sentence, event)
                    if trigger is not None:
                        self._told[sentence.tokens[trigger].lemma.lower()] = (event, sentence.index)
                    self._last_deed = (event, sentence.index)
            pair = _last_pair(here, sentence.index) or pair
            hostile = _last_pair([e for e in here if e.goldstein < 0], sentence.index) or hostile
            self._adversaries = hostile[0] if hostile and sentence.index - hostile[1] <= PAIR_REACH else None
            cue_tokens = self._cue_tokens(sentence)
            if not cue_tokens or malformed(sentence):  # the coder skips a malformed one too
                last = _last_doer(events_of.get(sentence.index, []), sentence.index) or last
                continue
            context = last[0] if last and sentence.index - last[1] <= CONTEXT_REACH else None
            graph = SentenceGraph(
                sentence,
                mentions_of.get(sentence.index, []),
                self.grammar,
                context_actor=context if context and context.id else None,
                context_person=bool(context and context.person),
                context_pair=pair[0] if pair and sentence.index - pair[1] <= PAIR_REACH else None,
            )
            self._context_speaker = context
            self._before = (before, mentions_of.get(before.index, [])) if before is not None else None
            self._contrasts = []
            found = self.sentence_claims(graph, document, here, denials, cue_tokens)
            contrasts += [(len(claims) + a, len(claims) + b) for a, b in self._contrasts]
            claims.extend(found)
            if found:
                last = (found[-1].speaker, sentence.index)
                sentence_texts[sentence.index] = sentence.text
            else:
                last = _last_doer(events_of.get(sentence.index, []), sentence.index) or last
        link_disputes(
            claims,
            denials,
            self.rules,
            frozenset(self._requests),
            frozenset(self._labels),
            self._stated_by,
        )
        link_contrasts(claims, contrasts)
        link_counter_claims(claims, self.rules, sentence_texts, self._claims_named)
        return claims

    def _cue_tokens(self, sentence: Sentence) -> list[int]:
        """The tokens that may be a verb of saying or an attribution ("according"): a set lookup each."""
        cues = self._cue_words
        return [t.i for t in sentence.tokens if t.lemma in cues or t.text in cues]

    # -------------------------------------------------------------------------------------- sentence

    def sentence_claims(
        self,
        graph: SentenceGraph,
        document: Document,
        events: list[Event],
        denials: list[Denial] | None = None,
        cue_tokens: list[int] | None = None,
    ) -> list[Claim]:
        """The claims of one sentence (its denials added to ``denials``); a speech verb inside another's
        reported clause is that claim's nested speech, not a claim of its own. Only ``cue_tokens`` (the
        sentence's words of claims.yaml, found if not given) can be verbs of saying or denials."""
        from eventgraph.pipeline import event_trigger_index

        at_trigger: dict[int, list[Event]] = {}
        for event in events:
            index = event_trigger_index(graph.sentence, event)
            if index is not None:
                at_trigger.setdefault(index, []).append(event)
        self._events_at = at_trigger
        self._trigger_of = {id(e): t for t, found in at_trigger.items() for e in found}
        found: list[tuple[SpeechVerb, list[int]]] = []
        for i in self._cue_tokens(graph.sentence) if cue_tokens is None else cue_tokens:
            if denials is not None:
                denials.extend(self.denials(graph, i, at_trigger.get(i, [])))
                denials.extend(self._misparsed_denial(graph, i))
            verb = self.speech_verb(graph, i) or self._carrying_noun(graph, i)
            proposition = self.proposition(graph, verb) if verb is not None else []
            if verb is not None and proposition:
                found.append((verb, proposition))
        reported = {t for verb, prop in found if verb.kind in ("report", "attribution") for t in prop}
        claims: list[Claim] = []
        first_of: dict[int, int] = {}  # verb token -> index of its first claim in ``claims``
        for verb, proposition in found:
            if verb.index in reported and verb.kind in ("report", "attribution"):
                continue  # nested speech: part of the outer claim's proposition
            made = self._claims_of(graph, document, verb, proposition, events, at_trigger)
            if verb.noun:
                self._refused(graph, verb.index, made)
            if made:
                first_of[verb.index] = len(claims)
            if verb.kind == "appeal":
                self._requests.update(c.claim_id for c in made)
            if verb.kind == "label":
                self._labels.update(c.claim_id for c in made)
            owners = self._claim_owners(graph, proposition)
            if owners:
                self._claims_named.update((c.claim_id, owners) for c in made)
            if verb.kind != "deny":
                stated = self._stated(graph, proposition)
                self._stated_by.update((c.claim_id, stated) for c in made)
            claims.extend(made)
        for verb, start in first_of.items():  # "X has claimed …, but Y have said …"
            head = graph.tokens[verb].head
            if (
                graph.tokens[verb].dep == "conj"
                and head in first_of
                and any(graph.lower(c) == "but" for c in graph.kids(head, "cc"))
            ):
                self._contrasts.append((first_of[head], start))
        return claims

    def _stated(self, graph: SentenceGraph, tokens: list[int]) -> Stated:
        """The actors and content words (lemmas of nouns, adjectives and verbs outside actor names) of
        ``tokens``: enough to recognise the same statement in another sentence."""
        actors = frozenset(
            str(self.finish(m.actor).id)
            for t in tokens
            if (m := graph.mention_at[t]) is not None and m.actor.id is not None
        )
        words = frozenset(
            graph.lemma(t)
            for t in tokens
            if graph.tokens[t].pos in ("NOUN", "ADJ", "VERB")
            and graph.mention_at[t] is None
            and graph.lemma(t) not in self.rules.common_words
        )
        return Stated(actors, words)

    def _denied_statement(self, graph: SentenceGraph, objects: list[int]) -> Stated | None:
        """What a denial says is false when its object carries a "that" clause ("denied speculation that
        the president is ill", "rejected reports that troops had crossed the border")."""
        for noun in objects:
            for clause in graph.kids(noun, ("acl", "ccomp")):
                if any(graph.lower(m) == "that" for m in graph.kids(clause, "mark")):
                    stated = self._stated(graph, self._subtree(graph, clause))
                    if stated.actors and stated.words:
                        return stated
        return None

    def _carrying_noun(self, graph: SentenceGraph, i: int) -> SpeechVerb | None:
        """A noun carrying a claim in a "that" clause, with a speaker named ("Moscow's view that …",
        "media speculation that …"; claims.yaml ``carrying_nouns``)."""
        if graph.tokens[i].pos != "NOUN" or graph.lemma(i) not in self.rules.carrying_nouns:
            return None
        if self._that_clause(graph, i) is None or not self._noun_speakers(graph, i):
            return None
        return SpeechVerb(i, "report", graph.lemma(i), noun=True)

    @staticmethod
    def _that_clause(graph: SentenceGraph, noun: int) -> int | None:
        for clause in graph.kids(noun, ("acl", "ccomp")):
            if any(graph.lower(m) == "that" for m in graph.kids(clause, "mark")):
                return clause
        return None

    def _noun_speakers(self, graph: SentenceGraph, noun: int) -> list[tuple[ActorRef, int, int]]:
        """Whose claim a carrying noun is: its possessor ("Moscow's view", "Russian allegations"), else
        a speaking noun before it ("media speculation"), of no known actor."""
        owners = _unique_arguments([a for a in graph.possessor(noun) if a.actor.id])
        if owners:
            return [(self.finish(a.actor), a.start, a.end) for a in owners]
        for c in graph.kids(noun, "compound"):
            speaking = (
                graph.lemma(c) in self.rules.unnamed_speakers or graph.lower(c) in self.rules.unnamed_speakers
            )
            if speaking and graph.mention_at[c] is None:  # "media": lemma "medium"
                words = graph.tokens[c].text
                return [(ActorRef(id=None, name=words, text=words), c, c + 1)]
        return []

    def _refused(self, graph: SentenceGraph, noun: int, made: list[Claim]) -> None:
        """A claim carried by the object of a denial ("rejected Moscow's view that …") or of a negated
        acceptance ("has not accepted Moscow's view that …"; claims.yaml ``acceptance_verbs``) is
        contested by the subject of that verb."""
        verb = graph.tokens[noun].head
        if graph.tokens[noun].dep not in OBJECT_DEPS or verb == noun:
            return
        negated = graph.child(verb, "neg") is not None
        kind = self.rules.kind(graph.lemma(verb))
        if not (
            (kind == "deny" and not negated) or (negated and graph.lemma(verb) in self.rules.acceptance_verbs)
        ):
            return
        span = (graph.tokens[verb].start, graph.tokens[verb].end)
        for argument in _unique_arguments(graph.subject(verb)):
            denier = self.finish(argument.actor)
            for claim in made:
                if denier.id is not None and denier.id != claim.speaker.id:
                    claim.contested_by.append(Dispute(denier, graph.lemma(verb), graph.sentence.index, span))

    def _claim_owners(self, graph: SentenceGraph, proposition: list[int]) -> frozenset[str]:
        """The actors whose claim a proposition names ("had not accepted Georgia's claim of …")."""
        return frozenset(
            str(self.finish(a.actor).id)
            for t in proposition
            if graph.lemma(t) in self.grammar.claim_nouns
            for a in graph.possessor(t)
            if a.actor.id
        )

    def _misparsed_denial(self, graph: SentenceGraph, i: int) -> list[Denial]:
        """ "…, a charge Baku rejects": the small parser takes "rejects" for a noun; a deny word right
        after an actor's name that follows a noun naming something said is that actor's denial of it."""
        token = graph.tokens[i]
        if token.pos == "VERB" or i < 2 or self.rules.kind(graph.lemma(i)) != "deny":
            return []
        mention = graph.mention_at[i - 1]
        if mention is None or mention.actor.id is None or mention.end != i:
            return []
        j = mention.start - 1
        if j >= 0 and graph.lower(j) == "that":
            j -= 1
        if j < 0 or graph.lemma(j) not in self.grammar.claim_nouns:
            return []
        span = (graph.tokens[mention.start].start, token.end)
        return [_denial(graph, i, self.finish(mention.actor), None, span, relative=True)]

    def speech_verb(self, graph: SentenceGraph, i: int) -> SpeechVerb | None:
        """The speech verb at token ``i``, if it is one used as such."""
        token = graph.tokens[i]
        lemma = graph.lemma(i)
        preposition = self.rules.attribution_heads.get(graph.lower(i))
        if preposition is not None:
            if any(graph.lemma(c) == preposition for c in graph.children[i]):
                return SpeechVerb(i, "attribution", "say")
            return None
        if token.pos != "VERB" or token.dep == "amod":
            return None
        completion = self.rules.phrasal_verbs.get(lemma)
        if completion is not None:
            if any(graph.lower(c) == completion for c in graph.children[i]):
                return SpeechVerb(i, "report", f"{lemma} {completion}")
            return None
        kind = self.rules.kind(lemma)
        if kind is None:
            return None
        if kind == "appeal" and lemma == "call":
            kind = self._call_kind(graph, i)
            if kind is None:
                return None
        if kind == "deny" and (
            graph.tokens[i].dep == "relcl"
            or any(graph.tokens[o].tag in ("WDT", "WP") for o in graph.kids(i, OBJECT_DEPS))
        ):
            return None  # "…, which Baku has denied": a dispute of the claim before it, no claim itself
        if kind == "deny" and any(
            graph.lemma(c) in self.rules.label_words and graph.kids(c, {"pobj", "pcomp"})
            for c in graph.kids(i, "prep")
        ):
            kind = "label"  # "dismissed the idea as counterproductive", not "rejected it as long as …"
        negated = any(graph.lower(c) in self.grammar.negation_words for c in graph.kids(i, "neg"))
        return SpeechVerb(i, kind, lemma, negated)

    def denials(self, graph: SentenceGraph, i: int, events: list[Event]) -> list[Denial]:
        """The denial at token ``i``: a deny verb ("denied the accusations", "which Baku has denied",
        "a charge Baku rejects"), or a label verb whose object is something said ("a claim Yerevan called
        absurd"). Denier and author come from the coder's REJECT event where it made one. A denial of a
        clause ("denied speculation that …") keeps what it denies, to answer later claims stating it."""
        found = self._denials(graph, i, events)
        if found and self.rules.kind(graph.lemma(i)) == "deny" and not found[0].relative:
            stated = self._denied_statement(graph, graph.kids(i, OBJECT_DEPS))
            for denial in found:
                denial.stated = stated
        return found

    def _denials(self, graph: SentenceGraph, i: int, events: list[Event]) -> list[Denial]:
        """The denials at token ``i`` (see :meth:`denials`)."""
        kind = self.rules.kind(graph.lemma(i))
        if graph.tokens[i].pos != "VERB" or kind not in ("deny", "label", "appeal"):
            return []
        objects = graph.kids(i, OBJECT_DEPS)
        head = graph.tokens[i].head
        names_said = any(graph.lemma(o) in self.grammar.claim_nouns for o in objects) or (
            graph.tokens[i].dep in ("relcl", "acl") and graph.lemma(head) in self.grammar.claim_nouns
        )
        if kind != "deny" and not names_said:
            return []  # "which Armenia called a violation" labels a deed, not something said
        token = graph.tokens[i]
        plural = any(graph.tokens[o].tag == "NNS" for o in objects)
        relative = token.dep in ("relcl", "acl") or any(graph.tokens[o].tag in ("WDT", "WP") for o in objects)
        # "Baku has pushed for the Aghdam route; the Karabakh authorities have rejected it": "it" is the
        # deed or proposal told before it in its own sentence, not a claim of the sentences before
        relative = relative or (
            any(graph.lower(o) in self.grammar.claim_pronouns for o in objects)
            and any(t < i and self.rules.kind(graph.lemma(t)) is None for t in self._events_at)
        )
        of_label = any(graph.lemma(o) in self.rules.label_nouns for o in objects)  # "rejected the term"
        rejects = [e for e in events if e.type == "REJECT" and not e.negated]
        if rejects:
            return [
                _denial(
                    graph, i, e.source, e.target.id if e.target else None, e.span, plural, relative, of_label
                )
                for e in rejects
            ]
        if graph.child(i, "neg") is not None:
            return []  # "did not deny"
        return [
            _denial(
                graph, i, self.finish(a.actor), None, (token.start, token.end), plural, relative, of_label
            )
            for a in _unique_arguments(graph.subject(i))
            if a.actor.id is not None
        ]

    def _call_kind(self, graph: SentenceGraph, i: int) -> str | None:
        """ "called for a halt", "called on Baku to" ask; "called it absurd" labels; "called Aliyev" is a
        phone call, no claim."""
        for preposition in graph.kids(i, "prep"):
            objects = graph.kids(preposition, "pobj")
            timed = any(graph.tokens[o].ent_type in ("DATE", "TIME") for o in objects)
            if graph.lemma(preposition) in self.rules.call_particles and objects and not timed:
                return "appeal"  # "called on Baku", "called for a halt"; not "called Aliyev on Monday"
        xcomp = graph.child(i, "xcomp")
        if (
            graph.child(i, OBJECT_DEPS) is not None
            and xcomp is not None
            and graph.child(xcomp, "aux") is not None
        ):
            return "appeal"  # "called Baku to comply"
        if graph.kids(i, LABEL_DEPS) or len(graph.kids(i, OBJECT_DEPS)) > 1:
            return "label"  # "called it absurd", "which Yerevan called a violation" (two objects)
        if self._requested_clauses(graph, i):
            return "appeal"  # "called for the road to be reopened"
        return None

    def _requested_clauses(self, graph: SentenceGraph, i: int) -> list[int]:
        """ "called for the road to be reopened": a clause the parser hung on the verb with "for" as its
        mark is what is asked for."""
        return [
            c
            for c in graph.kids(i, "advcl")
            if any(graph.lemma(m) in self.rules.call_particles for m in graph.kids(c, "mark"))
        ]

    # ----------------------------------------------------------------------------------- proposition

    def proposition(self, graph: SentenceGraph, verb: SpeechVerb) -> list[int]:
        """Token indices of what is claimed: the reported clause, the "of"/"for" complement of a framing
        verb, the addressee and request of an appeal, the label; trimmed of "that" and punctuation."""
        i = verb.index
        parts: list[int] = []
        if verb.noun:
            clause = self._that_clause(graph, i)
            return self._trim(graph, self._subtree(graph, clause)) if clause is not None else []
        if verb.kind == "attribution":
            head = graph.tokens[i].head
            if head == i:
                return []
            # "That buildup, according to U.S. officials, raised fears …": the parser hangs "according"
            # on the subject; what is attributed is the clause the subject belongs to
            for _ in range(3):
                if graph.is_verb(head) or graph.tokens[head].dep not in SUBJECT_DEPS | {"nsubjpass"}:
                    break
                head = graph.tokens[head].head
            left = set(self._subtree(graph, i))
            return self._trim(graph, [t for t in self._subtree(graph, head) if t not in left])
        clause = graph.kids(i, CLAUSE_DEPS)
        clause = [c for c in clause if not self._separate_clause(graph, c, i)]
        if verb.kind == "report":
            clause = [c for c in clause if not self._answer(graph, c)]
        # a complement follows its verb: "Russia on Friday accused X of …", "On the eve of the talks X
        # accused …", "X, for its part, accused …" put a time or an aside before it, not what is claimed
        preps = [
            p
            for p in graph.kids(i, "prep")
            if p > i
            and graph.lemma(p) in self.rules.complement_preps
            and not any(graph.tokens[o].ent_type in ("DATE", "TIME") for o in graph.kids(p, "pobj"))
        ]  # "accused X on Monday of …": a time, not what is claimed
        if verb.kind == "report":
            if clause:
                parts = [t for c in clause for t in self._subtree(graph, c)]
            elif graph.tokens[i].dep == "parataxis" and graph.tokens[i].head != i:
                own = set(self._subtree(graph, i))
                parts = [t for t in self._subtree(graph, graph.tokens[i].head) if t not in own]
                parts = _longest_run(parts)
            elif graph.kids(i, "xcomp"):
                parts = [t for c in graph.kids(i, "xcomp") for t in self._subtree(graph, c)]
            elif preps:
                parts = [t for p in preps for t in self._subtree(graph, p)[1:]]
            else:  # "telling media outlets that Mr Putin was ill": the parser hung the clause on the object
                parts = [
                    t
                    for o in graph.kids(i, OBJECT_DEPS)
                    for c in graph.kids(o, "relcl")
                    if any(graph.lower(m) == "that" for m in graph.kids(c, "mark"))
                    for t in self._subtree(graph, c)
                ]
        else:
            objects = graph.kids(i, OBJECT_DEPS)
            extra = graph.kids(i, LABEL_DEPS | {"xcomp"})
            if verb.kind == "frame":
                parts = [t for p in preps for t in self._subtree(graph, p)[1:]]
                if not parts or verb.verb == "blame":
                    parts += [t for o in objects for t in self._subtree(graph, o)] if not parts else []
            elif verb.kind in ("appeal", "label"):
                extra += self._requested_clauses(graph, i) if verb.kind == "appeal" else []
                parts = [t for c in objects + extra for t in self._subtree(graph, c)]
                parts += [t for p in preps for t in self._subtree(graph, p)[1:]]
                parts += [t for c in clause for t in self._subtree(graph, c)]
            else:  # deny
                parts = [t for c in objects + clause for t in self._subtree(graph, c)]
            if not parts and clause:
                parts = [t for c in clause for t in self._subtree(graph, c)]
        return self._trim(graph, sorted(set(parts)))

    def _separate_clause(self, graph: SentenceGraph, clause: int, verb: int) -> bool:
        """A clause before the verb cut off by a semicolon or colon ("X accused Y …; Dushanbe said …") is a
        sentence of its own the parser hung on the verb, not what the verb reports."""
        if clause > verb:
            return False
        end = max(self._subtree(graph, clause))
        return any(graph.tokens[t].text in (";", ":") for t in range(end, verb))

    def _subtree(self, graph: SentenceGraph, i: int) -> list[int]:
        found, stack = [], [i]
        while stack and len(found) <= self.rules.max_proposition_tokens:
            j = stack.pop()
            found.append(j)
            stack.extend(c for c in graph.children[j] if not self._answer(graph, c))
        return sorted(found)

    def _answer(self, graph: SentenceGraph, i: int) -> bool:
        """What hangs on a claim without being part of what is claimed: a denial ("…, which Azerbaijan
        denied", "a charge Baku rejects"), a speech act of its own ("…, while Ankara argued that …",
        "… and urged both sides")."""
        token = graph.tokens[i]
        dep = token.dep
        if dep not in ANSWER_DEPS:
            return False  # most tokens: one set lookup
        if dep == "appos":
            return graph.lemma(i) in self.grammar.claim_nouns
        kind = self.rules.kind(graph.lemma(i))
        if dep in ("advcl", "parataxis") and kind == "report":
            return graph.child(i, SUBJECT_DEPS) is not None  # "…, while Ankara argued that …"
        if kind in ("deny", "label") and (
            dep == "relcl"
            or (
                dep == "advcl"
                and any(graph.tokens[o].tag in ("WDT", "WP") for o in graph.kids(i, OBJECT_DEPS))
            )
        ):
            return True
        if dep == "conj" and token.pos == "VERB" and kind in OWN_CLAIM_KINDS:
            return graph.tokens[token.head].pos != "VERB" or self.rules.kind(graph.lemma(token.head)) is None
        # "a charge Baku rejects", with "rejects" taken for a noun in a list or a clause of its own
        return dep in ("conj", "ccomp") and kind == "deny" and bool(self._misparsed_denial(graph, i))

    def _trim(self, graph: SentenceGraph, tokens: list[int]) -> list[int]:
        tokens = tokens[: self.rules.max_proposition_tokens]
        while tokens and (
            graph.tokens[tokens[0]].dep in EDGE_DEPS
            and graph.tokens[tokens[0]].text not in self.rules.quote_marks
            or graph.lower(tokens[0]) == "that"
        ):
            tokens = tokens[1:]
        while tokens and (
            graph.tokens[tokens[-1]].pos == "PUNCT"
            and graph.tokens[tokens[-1]].text not in self.rules.quote_marks
            or graph.tokens[tokens[-1]].dep == "cc"  # "… to be reopened and [urged …]"
        ):
            tokens = tokens[:-1]
        return tokens

    # ---------------------------------------------------------------------------------------- claims

    def _claims_of(
        self,
        graph: SentenceGraph,
        document: Document,
        verb: SpeechVerb,
        proposition: list[int],
        events: list[Event],
        at_trigger: dict[int, list[Event]],
    ) -> list[Claim]:
        """One claim per speaker of the verb (coordinated or reciprocal speakers give several)."""
        own = [e for e in at_trigger.get(verb.index, []) if e.target is not None and e.target.id]
        inside = set(proposition)
        nested = [e for t, found in at_trigger.items() if t in inside and t != verb.index for e in found]
        claims = []
        pair = self._reciprocal_pair(graph, verb) if not own else None
        if pair is not None:  # "Each side blamed the other": one claim each way
            stance = self._addressee_stance(graph, verb, 1)
            for speaker, other in (pair, pair[::-1]):
                about = [ClaimAbout(other, stance)]
                claims.append(
                    self._claim(
                        graph,
                        document,
                        verb,
                        speaker,
                        (verb.index, verb.index + 1),
                        proposition,
                        about,
                        nested,
                    )
                )
            return claims
        speakers = self.speakers(graph, verb, own)
        for speaker, start, end in speakers:
            theirs = [e for e in own if _same(e.source, speaker)]
            if not any(_same(e.source, s) for e in own for s, _, _ in speakers):
                theirs = own  # the coder read the pronoun or the list otherwise: the deed is the speakers'
            subject = graph.child(verb.index, SUBJECT_DEPS)
            self._speaker_start = min(self._subtree(graph, subject)) if subject is not None else start
            about = self.about(graph, verb, speaker, theirs, nested, proposition)
            if subject is not None and self._is_critic(graph, subject):
                if speaker.id is None:
                    speaker = self._critics_of(speaker, about)
                if speaker.id is not None:
                    about = self._against_own(graph, speaker, theirs + nested, about)
            claims.append(
                self._claim(graph, document, verb, speaker, (start, end), proposition, about, theirs + nested)
            )
        return claims

    def _reciprocal_pair(self, graph: SentenceGraph, verb: SpeechVerb) -> tuple[ActorRef, ActorRef] | None:
        """ "Each government accused the other", "each side blamed the other": the pair the article set up
        (the reciprocal words of data/discourse.yaml), when the sentence names no speaker."""
        subject = graph.child(verb.index, SUBJECT_DEPS)
        mention = graph.mention_at[subject] if subject is not None else None
        if subject is None or (mention is not None and mention.actor.id is not None):
            return None
        determiners = {graph.lower(d) for d in graph.kids(subject, "det")}
        for obj in graph.kids(verb.index, OBJECT_DEPS):
            before = self.reciprocal_words.get(graph.lower(obj), frozenset())
            if determiners & before:
                pair = self._adversaries or graph.last_named_pair(before=verb.index)
                if pair is not None:
                    return self.finish(pair[0]), self.finish(pair[1])
        return None

    def speakers(
        self, graph: SentenceGraph, verb: SpeechVerb, own: list[Event]
    ) -> list[tuple[ActorRef, int, int]]:
        """Who says it, with the token span naming them: the sources of the verb's own events, else the
        verb's subject (pronouns, coordination and "by" agents as the coder reads them), else the words
        of a subject no catalogue actor fits ("analysts said")."""
        if verb.noun:
            return self._noun_speakers(graph, verb.index)
        i = verb.index
        special = self._referred_speakers(graph, verb)
        if special:
            return special
        found: list[tuple[ActorRef, int, int]] = []
        seen: set[str] = set()
        for event in own:
            key = event.source.id or event.source.text
            if key not in seen:
                seen.add(key)
                found.append((event.source, i, i + 1))
        if found:
            return found
        if verb.kind == "attribution":
            arguments = [
                a for c in graph.children[i] for o in graph.kids(c, "pobj") for a in graph.actors_of(o)
            ]
            named = [o for c in graph.children[i] for o in graph.kids(c, "pobj")]
        else:
            arguments = graph.subject(i)
            named = graph.kids(i, SUBJECT_DEPS)
        for argument in _unique_arguments(arguments):
            found.append((self.finish(argument.actor), argument.start, argument.end))
        if not any(actor.id for actor, _, _ in found) and named and self._may_speak(graph, named[0]):
            phrase = self._subtree(graph, named[0])[:8]
            words = " ".join(graph.tokens[t].text for t in phrase)
            speaking_for = self._speaking_for(graph, phrase, words, named[0])
            if not found or speaking_for.id:
                found = [(speaking_for, named[0], named[0] + 1)]
        return found

    def _referred_speakers(self, graph: SentenceGraph, verb: SpeechVerb) -> list[tuple[ActorRef, int, int]]:
        """Speakers the parse names only by reference: a pronoun ("It has claimed that …": the subject of
        the clause above, else of the sentence before), a possessive ("their offices said", "Its
        secretariat called for …": whom the pronoun stands for), a list described by an apposition the
        parser hung the verb on ("The United States, France and Russia, the co-chairs of the OSCE Minsk
        Group, called for …": the list, not the group), or a conjoined verb the parser cut off from its
        subject ("X called for … and urged …": the speaker of the verb before)."""
        if verb.kind == "attribution":
            return []
        i = verb.index
        subject = graph.child(i, SUBJECT_DEPS)
        if subject is None:
            return (
                self._listed_speakers(graph, i)
                or self._conjoined_speakers(graph, i)
                or self._quoted_speakers(graph, i)
                or self._fronted_speakers(graph, i)
            )
        word = graph.lower(subject)
        token = graph.tokens[subject]
        if token.pos == "PRON" and word in REFERRING_PRONOUNS:
            actors = self._pronoun_antecedents(graph, i, word)
            return [(replace(a, text=token.text), subject, subject + 1) for a in actors]
        named = [
            a
            for p in graph.kids(subject, "prep")
            if graph.lemma(p) == "include"
            for o in graph.kids(p, "pobj")
            for a in graph.actors_of(o)
            if a.actor.id
        ]
        if named:  # "other EU leaders, including German Chancellor Olaf Scholz, have dismissed …"
            return [(self.finish(a.actor), a.start, a.end) for a in _unique_arguments(named)]
        owner = graph.child(subject, "poss")
        if owner is not None and graph.mention_at[subject] is None and graph.lower(owner) in ("its", "their"):
            actors = self._possessive_antecedents(graph, owner)
            phrase = self._subtree(graph, subject)[:8]
            words = " ".join(graph.tokens[t].text for t in phrase)
            return [(replace(a, text=words), phrase[0], phrase[-1] + 1) for a in actors]
        return []

    def _pronoun_antecedents(self, graph: SentenceGraph, verb: int, word: str) -> list[ActorRef]:
        """ "what it called …" under "The ministry summoned X to protest": the subject of the nearest
        clause above the verb; at the top of the sentence, the subject of the sentence before."""
        person = word in ("he", "she")
        j = verb
        for _ in range(6):
            head = graph.tokens[j].head
            if head == j:
                break
            j = head
            if graph.tokens[j].pos in ("VERB", "AUX"):
                found = [a.actor for a in graph.subject(j) if a.actor.id]
                fitting = [a for a in found if bool(a.person) == person or word == "they"]
                if fitting:
                    return [self.finish(a) for a in fitting]
                if found:
                    return []
        before = self._subject_before()
        if (
            before is None
            or (word == "they") != before.plural
            or (word != "they" and before.person != person)
        ):
            return []
        return before.actors

    def _possessive_antecedents(self, graph: SentenceGraph, owner: int) -> list[ActorRef]:
        """ "their offices": the actors of a list named before in the sentence ("Presidents Japarov and
        Rahmon … met; afterwards their offices said"), else of the sentence before's subject; "its
        secretariat": the subject of the sentence before when it is a body, not a person."""
        if graph.lower(owner) == "their":
            listed: list[ActorRef] = []
            for j in range(owner):
                mention = graph.mention_at[j]
                if mention is None or mention.actor.id is None or graph.tokens[j].dep != "conj":
                    continue
                first = graph.mention_at[graph.tokens[j].head]
                if first is not None and first.actor.id and first is not mention:
                    listed = [first.actor, mention.actor]
            if listed:
                return [self.finish(a) for a in listed]
        before = self._subject_before()
        if before is None or before.person or (graph.lower(owner) == "their") != before.plural:
            return []
        return before.actors

    def _listed_speakers(self, graph: SentenceGraph, verb: int) -> list[tuple[ActorRef, int, int]]:
        """The list an apposition describes, when the parser hung the verb inside the apposition."""
        if graph.tokens[verb].dep != "acl":
            return []
        j = verb
        for _ in range(6):
            head = graph.tokens[j].head
            if head == j:
                return []
            if graph.tokens[j].dep == "appos":
                described = graph.actors_of(head)
                if len(described) > 1 and all(a.actor.id for a in described):
                    return [(self.finish(a.actor), a.start, a.end) for a in _unique_arguments(described)]
                return []
            j = head
        return []

    def _quoted_speakers(self, graph: SentenceGraph, verb: int) -> list[tuple[ActorRef, int, int]]:
        """ "British intelligence sources were quoted telling media outlets that …": a verb of saying
        under a passive verb speaks for the passive's subject."""
        head = graph.tokens[verb].head
        if graph.tokens[verb].dep != "xcomp" or head == verb:
            return []
        passive = graph.child(head, "nsubjpass")
        if passive is None:
            return []
        named = [(self.finish(a.actor), a.start, a.end) for a in graph.actors_of(passive) if a.actor.id]
        if named or not self._may_speak(graph, passive):
            return named
        phrase = self._subtree(graph, passive)[:8]
        words = " ".join(graph.tokens[t].text for t in phrase)
        return [(self._speaking_for(graph, phrase, words, passive), phrase[0], phrase[-1] + 1)]

    def _fronted_speakers(self, graph: SentenceGraph, verb: int) -> list[tuple[ActorRef, int, int]]:
        """ "On Friday Russia accused …": with no comma after a fronted time, the parser may read the
        subject as an object of "On" (a second one, or one the time modifies); an actor named right
        before the verb, after the time, speaks."""
        for preposition in graph.kids(verb, "prep"):
            objects = graph.kids(preposition, "pobj")
            if preposition > verb or not objects:
                continue
            mention = graph.mention_at[objects[-1]]
            if mention is None or mention.actor.id is None or mention.end > verb:
                continue
            timed = any(
                graph.tokens[t].ent_type in ("DATE", "TIME") for t in range(preposition, mention.start)
            )
            if timed and all(graph.tokens[t].dep in ("aux", "neg") for t in range(mention.end, verb)):
                return [(self.finish(mention.actor), mention.start, mention.end)]
        return []

    def _conjoined_speakers(self, graph: SentenceGraph, verb: int) -> list[tuple[ActorRef, int, int]]:
        """ "Washington has called for free movement to be restored and urged both sides …": the parser
        hung "urged" on "restored"; the nearest speech verb above it with a subject speaks."""
        if graph.tokens[verb].dep != "conj" or graph.subject(verb):
            return []
        j = verb
        for _ in range(6):
            head = graph.tokens[j].head
            if head == j:
                return []
            j = head
            if graph.tokens[j].pos == "VERB" and self.rules.kind(graph.lemma(j)) is not None:
                return [(self.finish(a.actor), a.start, a.end) for a in _unique_arguments(graph.subject(j))]
        return []

    def _subject_before(self) -> _Subject | None:
        """The main subject of the sentence before the one being read (found only when a pronoun asks)."""
        return self._main_subject(*self._before) if self._before is not None else None

    def _main_subject(self, sentence: Sentence, mentions: list[Mention]) -> _Subject | None:
        """The known actors of ``sentence``'s main-clause subject (a list gives several), and its noun."""
        tokens = sentence.tokens
        root = next((t.i for t in tokens if t.head == t.i), None)
        if root is None:
            return None
        subject = next(
            (t.i for t in tokens if t.head == root and t.dep in MAIN_SUBJECT_DEPS and t.i != root), None
        )
        if subject is None or tokens[subject].pos == "PRON":
            return None
        heads = [subject]
        for t in tokens:  # conjuncts come after their head
            if t.dep == "conj" and t.head in heads and t.i != t.head:
                heads.append(t.i)
        actors: list[ActorRef] = []
        for head in heads:
            mention = next((m for m in mentions if m.start <= head < m.end), None)
            if mention is not None and mention.actor.id and all(a.id != mention.actor.id for a in actors):
                actors.append(self.finish(mention.actor))
        plural = len(heads) > 1 or tokens[subject].tag in ("NNS", "NNPS")
        person = bool(actors) and not plural and all(a.person for a in actors)
        return _Subject(actors, plural, person, tokens[subject].lemma.lower())

    def _may_speak(self, graph: SentenceGraph, head: int) -> bool:
        """A name, or a noun for people who speak ("analysts"), not a thing ("the decree says")."""
        token = graph.tokens[head]
        return token.pos == "PROPN" or (
            token.pos == "NOUN" and graph.lemma(head) in self.rules.unnamed_speakers
        )

    def _speaking_for(self, graph: SentenceGraph, phrase: list[int], words: str, head: int) -> ActorRef:
        """A speaker no catalogue actor fits, with the state or body its phrase names: "critics in
        Yerevan", "opposition politicians in Armenia", "a spokesman for the UN secretary-general" speak
        from or for it (data/claims_gold/README.md: domestic critics are their country); critics named
        without a place who reply ("Opponents reply that …") answer the speaker just before, of their own
        country; else unknown."""
        for t in phrase:
            mention = graph.mention_at[t]
            if mention is not None and mention.actor.id is not None:
                actor = self.finish(mention.actor)
                owner = actor.country or actor.id
                return ActorRef(id=owner, name=words, text=words, country=actor.country)
        opposed = self._context_speaker
        replying = graph.lemma(graph.tokens[head].head) in self.rules.rebuttal_verbs
        if replying and self._is_critic(graph, head) and opposed is not None and opposed.id is not None:
            owner = opposed.country or opposed.id
            return ActorRef(id=owner, name=words, text=words, country=opposed.country)
        return ActorRef(id=None, name=words, text=words)

    @staticmethod
    def _critics_of(speaker: ActorRef, about: list[ClaimAbout]) -> ActorRef:
        """Critics named without a place who judge one actor ("Several opposition leaders called it a
        betrayal": Armenia's deed) are that actor's domestic critics: of its country."""
        judged = {a.actor.country or a.actor.id: a.actor for a in about if a.stance < 0 and a.actor.id}
        if len(judged) != 1:
            return speaker
        ((owner, actor),) = judged.items()
        return replace(speaker, id=owner, country=actor.country)

    def _against_own(
        self, graph: SentenceGraph, speaker: ActorRef, events: list[Event], about: list[ClaimAbout]
    ) -> list[ClaimAbout]:
        """Domestic critics speaking of their own government ("Critics in Yerevan say he is conceding
        Karabakh": he, Pashinyan, is Armenia's) judge it: their own country, named or doing a deed in
        the proposition, -1."""
        own = any(_same(e.source, speaker) for e in events)
        kept = [a for a in about if not _same(a.actor, speaker)]
        if own or len(kept) < len(about):
            kept.append(ClaimAbout(speaker, -1))
        return kept

    def _is_critic(self, graph: SentenceGraph, head: int) -> bool:
        """ "critics", "opponents", "opposition leaders": people who speak against their government."""
        critics = self.rules.critic_nouns
        words = [head, *graph.kids(head, "compound")]
        return any(graph.lemma(t) in critics or graph.lower(t) in critics for t in words)

    def about(
        self,
        graph: SentenceGraph,
        verb: SpeechVerb,
        speaker: ActorRef,
        own: list[Event],
        nested: list[Event],
        proposition: list[int],
    ) -> list[ClaimAbout]:
        """The actors the proposition is about and the speaker's stance toward each."""
        stances: dict[str, _Stance] = {}
        targets = {e.target.id or e.target.text for e in own if e.target is not None}
        for event in own:
            if event.target is not None:
                _add(
                    stances,
                    event.target,
                    self._verb_event_stance(graph, verb, event, len(targets)),
                    FROM_VERB,
                )
        addressees = self._addressees(graph, verb, speaker) if not own or verb.kind == "frame" else []
        for actor in addressees:  # with an event of the verb: its other objects ("criticised X and Y")
            _add(stances, actor, self._addressee_stance(graph, verb, len(addressees)), FROM_VERB)
        if not own and not addressees:
            for actor in self._governing_targets(graph, verb, speaker) or self._labelled_before(graph, verb):
                if not _same(actor, speaker):
                    _add(stances, actor, self._addressee_stance(graph, verb, 1), FROM_VERB)
        if verb.kind == "deny":
            for actor in self._proposers(graph, verb, speaker):
                _add(stances, actor, -1, FROM_EVENT)  # "dismissed the idea": who put it forward
        requests: dict[tuple[str, str | None], int] = {}
        for event in nested:
            if event.type == "REQUEST":
                key = (event.trigger, event.source.id)
                requests[key] = requests.get(key, 0) + 1
        for event in nested:
            if verb.kind == "deny" and event.source.id and not _same(event.source, speaker):
                _add(stances, event.source, -1, FROM_EVENT)  # rejecting what X proposed or did judges X
                continue
            if event.type == "REQUEST" and event.target is not None and event.target.id and not event.negated:
                several = requests[(event.trigger, event.source.id)] > 1  # "urged both sides to …"
                at = self._trigger_of.get(id(event))
                sign = self._demand_sign(graph, at) if at is not None else -1
                _add(stances, event.target, self.rules.appeal_pair_stance if several else sign, FROM_EVENT)
                continue
            for actor, stance in self._event_stances(event, speaker):
                _add(stances, actor, stance, FROM_EVENT)
        for actor in self._obliged(graph, verb):
            if not _same(actor, speaker):
                _add(stances, actor, -1, FROM_EVENT)
        for event in self._deeds_named_again(graph, verb, proposition, nested):
            for actor, stance in self._event_stances(event, speaker):
                _add(stances, actor, stance, FROM_EVENT)
        for actor in self._owners_of_wrongs(graph, proposition, nested):
            if not _same(actor, speaker):
                _add(stances, actor, -1, FROM_EVENT)
        words = self.word_stance(graph, proposition)
        if (
            verb.kind == "appeal"
            and not stances
            and self._adversaries is not None
            and not any(graph.mention_at[t] is not None for t in proposition)
        ):
            # "called for dialogue", "called for a halt to hostilities": on the parties of the conflict
            for actor in self._adversaries:
                _add(stances, actor, self.rules.appeal_pair_stance, FROM_VERB)
        # whom another actor's hostile deed befell is not what the claim judges ("said Azerbaijani troops
        # shelled Armenian villages" is about Azerbaijan)
        victims = {
            e.target.id
            for e in nested
            if e.quad_class in (3, 4) and e.target is not None and not _same(e.source, speaker)
        }
        seen_mentions: set[int] = set()
        for t in proposition:
            mention = graph.mention_at[t]
            if mention is None or id(mention) in seen_mentions or mention.actor.id is None:
                continue
            seen_mentions.add(id(mention))
            if mention.actor.id in victims and mention.actor.id not in stances:
                continue
            # a label's words judge what it labels, not an actor in a clause hung on it ("a violation of
            # the statement, which placed the corridor under the Russian peacekeepers")
            judged = verb.kind != "label" or not self._in_relative_clause(graph, t, verb.index)
            judged = judged and not self._place(graph, mention)
            _add(stances, self.finish(mention.actor), words if judged else 0, FROM_WORDS)
        for t in proposition:  # "the two sides", "both countries": the pair the article set up
            for actor in self._pair_of(graph, t, speaker):
                _add(stances, self.finish(actor), words, FROM_WORDS)
        itself = self._about_itself(graph, verb, speaker, proposition) if speaker.id is not None else None
        if itself is not None:
            held = stances.get(str(speaker.id))
            if held is None:
                held = stances[str(speaker.id)] = _Stance(speaker, words, FROM_WORDS)
            elif held.stance > 0 and held.priority > FROM_WORDS:
                held.stance = max(words, 0)  # its own cooperation is no praise of itself; its words may be
            # a neutral statement about itself counts when it is what the claim is about: the only actor
            # ("their forces had taken several villages") or one of the pair it names ("the sides agreed")
            alone = all(_same(s.actor, speaker) for s in stances.values() if s.actor.id is not None)
            if held.stance != 0 or alone or itself == "pair":
                return [ClaimAbout(s.actor, s.stance) for s in stances.values() if s.actor.id is not None]
        return [
            ClaimAbout(s.actor, s.stance)
            for s in stances.values()
            if s.actor.id is not None
            and not (_same(s.actor, speaker) and (s.stance >= 0 or s.priority < FROM_EVENT))
        ]

    def _about_itself(
        self, graph: SentenceGraph, verb: SpeechVerb, speaker: ActorRef, proposition: list[int]
    ) -> str | None:
        """How a proposition is about its speaker, if it is: its subject is the speaker ("self":
        "Officials in Baku said their forces had taken …", "'I was wrong,' Schäuble says", "the Kremlin
        has claimed to be pulling back Russian forces", "on its own territory") or a pair holding it
        ("pair": "their offices said the sides had agreed …"); one that merely names it is not."""
        if verb.kind not in ("report", "label", "attribution"):
            return None
        inside = set(proposition)
        for t in proposition:
            head = graph.tokens[t].head
            if head in inside and head != t:
                continue
            if verb.kind == "report" and graph.tokens[t].dep == "xcomp" and head == verb.index:
                return "self"  # "claimed to be pulling back …": the speaker is the subject
            subject = graph.child(t, SUBJECT_DEPS | {"nsubjpass"}) if graph.is_verb(t) else None
            if subject is not None:
                named = self._names_speaker(graph, subject, speaker)
                if named is not None:
                    return named
        own = any(
            graph.lower(t) in self.rules.reflexive_possessives and graph.lower(t + 1) == "own"
            for t in proposition[:-1]
        )
        return "self" if own else None

    def _names_speaker(self, graph: SentenceGraph, subject: int, speaker: ActorRef) -> str | None:
        """ "self" when the subject is the speaker ("I", "we", "its/their/our …", a name of the speaker's
        actor), "pair" when it is a pair holding the speaker ("the sides"), else None."""
        word = graph.lower(subject)
        if word in self.rules.first_person:
            return "self"
        owner = graph.child(subject, "poss")
        if owner is not None and graph.lower(owner) in self.rules.reflexive_possessives:
            return "self"
        mention = graph.mention_at[subject]
        if mention is not None and mention.actor.id is not None:
            return "self" if _same(self.finish(mention.actor), speaker) else None
        if any(_same(actor, speaker) for actor in self._pair_of(graph, subject, speaker)):
            return "pair"
        return None

    def _governing_targets(self, graph: SentenceGraph, verb: SpeechVerb, speaker: ActorRef) -> list[ActorRef]:
        """ "The ministry summoned Armenia's ambassador to protest what it called a series of unfriendly
        steps": a label inside a clause of the speaker's own deed labels what that deed is aimed at (its
        target)."""
        if verb.kind != "label":
            return []
        j = verb.index
        for _ in range(4):
            head = graph.tokens[j].head
            if head == j:
                return []
            j = head
            aimed = [
                e.target
                for e in self._events_at.get(j, [])
                if e.target is not None and e.target.id and _same(e.source, speaker)
            ]
            if aimed:
                return aimed
        return []

    def _labelled_before(self, graph: SentenceGraph, verb: SpeechVerb) -> list[ActorRef]:
        """ "That statement … was a turning point. Several opposition leaders called it a betrayal, while
        Western diplomats described it as a realistic step": a label of "it" labels the subject of the
        sentence before — an actor, what the last speaker said (a noun of something said) or the last
        hostile deed told (a general deed noun)."""
        if verb.kind != "label" or not any(
            graph.lower(o) in self.grammar.claim_pronouns and graph.mention_at[o] is None
            for o in graph.kids(verb.index, OBJECT_DEPS)
        ):
            return []
        before = self._subject_before()
        if before is None:
            return []
        if before.actors:
            return before.actors
        if before.noun in self.grammar.claim_nouns and self._context_speaker is not None:
            return [self._context_speaker] if self._context_speaker.id else []
        if before.noun in self.rules.deed_nouns and self._last_deed is not None:
            return [self._last_deed[0].source]
        return []

    def _proposers(self, graph: SentenceGraph, verb: SpeechVerb, speaker: ActorRef) -> list[ActorRef]:
        """ "Finland and Estonia have been pushing for a ban, but other leaders have dismissed the idea":
        a denial of "the idea", "the proposal" no one is named for answers who put it forward earlier in
        the sentence (the doers of its events before the verb)."""
        objects = [
            o
            for o in graph.kids(verb.index, OBJECT_DEPS)
            if graph.mention_at[o] is None
            and (
                graph.lower(o)
                in self.grammar.claim_pronouns  # "… pushed for the Aghdam route; X rejected it"
                or graph.lemma(o) in self.rules.proposal_nouns
                and graph.child(o, "poss") is None
                and any(graph.lower(d) in self.grammar.referring_determiners for d in graph.kids(o, "det"))
            )
        ]
        if not objects:
            return []
        return [
            e.source
            for t, found in self._events_at.items()
            if t < verb.index
            for e in found
            if e.source.id and not _same(e.source, speaker)
        ]

    def _deeds_named_again(
        self, graph: SentenceGraph, verb: SpeechVerb, proposition: list[int], nested: list[Event]
    ) -> list[Event]:
        """ "It has claimed that the blockade has led to a humanitarian crisis" after "Baku's months-long
        blockade": a definite noun naming a hostile deed the article told before (the same word as that
        event's trigger, within ``PAIR_REACH`` sentences) is that deed, with its doer; in reported speech,
        a definite general one ("the actions are worsening the situation", claims.yaml ``deed_nouns``) is
        the last hostile deed told in the ``CONTEXT_REACH`` sentences before."""
        found = []
        here = {e.trigger for e in nested}
        index = graph.sentence.index
        for t in proposition:
            if graph.tokens[t].pos != "NOUN" or graph.tokens[t].text in here:
                continue
            if not any(graph.lower(d) in self.grammar.referring_determiners for d in graph.kids(t, "det")):
                continue
            told = self._told.get(graph.lemma(t))
            reach = PAIR_REACH
            if (
                told is None
                and verb.kind == "report"
                and graph.lemma(t) in self.rules.deed_nouns
                and not graph.kids(t, OWN_DOER_DEPS)  # "the steps taken by Azerbaijan" name their own
            ):
                told, reach = self._last_deed, CONTEXT_REACH
            if told is not None and told[1] != index and index - told[1] <= reach:
                found.append(told[0])
        return found

    def _owners_of_wrongs(
        self, graph: SentenceGraph, proposition: list[int], nested: list[Event]
    ) -> list[ActorRef]:
        """ "Armenia wants to bring Azerbaijan's attacks on its territory before the court", "Russian
        aggression", "Azerbaijan could use force again": a hostile deed or wrong (``hostile_nouns``,
        ``negative_words``) owned by an actor, or done by it with a light verb (``deed_light_verbs``),
        judges that actor, where the coder made no event of it."""
        here = {e.trigger for e in nested}
        wrongs = self.rules.hostile_nouns | self.rules.negative_words
        found = []
        for t in proposition:
            token = graph.tokens[t]
            if token.pos != "NOUN" or token.text in here or graph.lemma(t) not in wrongs:
                continue
            owners = [a for a in graph.possessor(t) if a.actor.id]
            verb = token.head
            if not owners and token.dep in OBJECT_DEPS and graph.lemma(verb) in self.rules.deed_light_verbs:
                owners = [a for a in graph.subject(verb) if a.actor.id]  # "Azerbaijan could use force"
            found += [self.finish(a.actor) for a in owners]
        return found

    def _place(self, graph: SentenceGraph, mention: Mention) -> bool:
        """An actor named only as where something happens ("a humanitarian crisis in Nagorno-Karabakh",
        "driving Armenians from Karabakh"): a place, not someone the words judge."""
        j = mention.end - 1
        for _ in range(
            4
        ):  # up through the noun phrase: "amid … engagement in the Armenian-Azerbaijani process"
            token = graph.tokens[j]
            if token.dep == "pobj" and graph.lemma(token.head) in self.rules.place_prepositions:
                return True
            if token.head == j or graph.is_verb(token.head) or token.dep not in NOUN_PHRASE_DEPS:
                return False
            j = token.head
        return False

    @staticmethod
    def _in_relative_clause(graph: SentenceGraph, t: int, stop: int) -> bool:
        j = t
        for _ in range(12):
            if j == stop or graph.tokens[j].head == j:
                return False
            if graph.tokens[j].dep in ("relcl", "acl"):
                return True
            j = graph.tokens[j].head
        return False

    def _obliged(self, graph: SentenceGraph, verb: SpeechVerb) -> list[ActorRef]:
        """The subject of a reported clause that says it must or should act ("said Azerbaijani troops
        should return to their positions"): a demand on it, as the coder's normative patterns read it."""
        if verb.kind != "report":
            return []
        found = []
        for clause in graph.kids(verb.index, CLAUSE_DEPS):
            auxiliaries = {graph.lemma(a) for a in graph.kids(clause, "aux")}
            if auxiliaries & self.grammar.obligation_auxiliaries and graph.child(clause, "nsubj") is not None:
                found += [self.finish(a.actor) for a in graph.grammatical_subject(clause) if a.actor.id]
        return found

    def _addressees(self, graph: SentenceGraph, verb: SpeechVerb, speaker: ActorRef) -> list[ActorRef]:
        """The actors a frame, appeal, label or deny verb has as its object ("praised Baku")."""
        if verb.kind in ("report", "attribution"):
            return []
        i = verb.index
        heads = graph.kids(i, OBJECT_DEPS)
        if verb.kind == "appeal":
            heads += [
                o
                for p in graph.kids(i, "prep")
                if graph.lemma(p) in ("on", "upon")
                for o in graph.kids(p, "pobj")
            ]
        if verb.verb == "blame":
            heads += [
                o for p in graph.kids(i, "prep") if graph.lemma(p) == "on" for o in graph.kids(p, "pobj")
            ]
        heads += [c for h in heads for c in graph.kids(h, "conj")]  # "the EU's mission and US involvement"
        found = [a.actor for h in heads for a in (graph.actors_of(h) or graph.possessor(h)) if a.actor.id]
        found += [actor for h in heads for actor in self._pair_of(graph, h, speaker)]
        unique = {actor.id: actor for actor in found}
        return [self.finish(actor) for actor in unique.values()]

    def _pair_of(self, graph: SentenceGraph, noun: int, speaker: ActorRef) -> tuple[ActorRef, ...]:
        """ "both governments", "the two sides": the pair named before in the sentence (not one holding
        the speaker: "the EU and the US praised both governments"), else the article's."""
        if graph.lemma(noun) not in self.grammar.pair_nouns:
            return ()
        marked = any(graph.lower(c) in self.grammar.pair_words for c in graph.children[noun])
        definite = graph.tokens[noun].tag == "NNS" and graph.lemma(noun) in self.rules.definite_pair_nouns
        if not marked and not (definite and any(graph.lower(d) == "the" for d in graph.kids(noun, "det"))):
            return ()
        # a pair named before the speaker ("Japarov and Rahmon met; their offices said the sides …"), not
        # the speakers themselves ("the EU and the US praised both governments")
        named = graph.last_named_pair(before=min(noun, self._speaker_start))
        if named is not None:
            return tuple(named)
        return tuple(self._adversaries or graph.context_pair or ())

    def _addressee_stance(self, graph: SentenceGraph, verb: SpeechVerb, count: int) -> int:
        if verb.negated:
            return 0  # "did not accuse Russia"
        if verb.verb in self.rules.framing_stance:
            return self.rules.framing_stance[verb.verb]
        if verb.kind == "appeal":
            return self._demand_sign(graph, verb.index) if count == 1 else self.rules.appeal_pair_stance
        if verb.kind == "label":
            parts = [t for c in graph.kids(verb.index, LABEL_DEPS) for t in self._subtree(graph, c)]
            parts += [
                t
                for p in graph.kids(verb.index, "prep")
                if graph.lemma(p) in self.rules.label_words
                for t in self._subtree(graph, p)
            ]
            return self.word_stance(graph, parts)
        return 0

    def _demand_sign(self, graph: SentenceGraph, verb: int) -> int:
        """An appeal to one actor: a demand to stop or undo something ("urged Azerbaijan to reopen the
        road", "to halt", "to resign": claims.yaml ``undoing_verbs``) is against it, -1; one to do
        something else ("called on Azerbaijan to guarantee safe passage", "encouraged Baku to engage in
        dialogue") takes no side, 0; with no verb for the act ("demanded his resignation") -1."""
        act = graph.child(verb, "xcomp")
        if act is None:
            for o in graph.kids(verb, OBJECT_DEPS) + [
                o for p in graph.kids(verb, "prep") for o in graph.kids(p, "pobj")
            ]:
                act = graph.child(o, ("acl", "xcomp", "relcl"))
                if act is not None:
                    break
        if act is None or graph.tokens[act].pos != "VERB":
            return -1
        return -1 if graph.lemma(act) in self.rules.undoing_verbs else 0

    def _verb_event_stance(self, graph: SentenceGraph, verb: SpeechVerb, event: Event, targets: int) -> int:
        """Stance toward the target of the event the coder made of the speech verb itself."""
        if verb.negated:
            return 0
        if verb.verb in self.rules.framing_stance:
            return self.rules.framing_stance[verb.verb]
        if event.type == "REQUEST" or verb.kind == "appeal":
            return self._demand_sign(graph, verb.index) if targets == 1 else self.rules.appeal_pair_stance
        if event.type in ("ACCUSE", "REJECT", "THREATEN", "SANCTION"):
            return -1
        return self._quad_sign(event)

    def _event_stances(self, event: Event, speaker: ActorRef) -> list[tuple[ActorRef, int]]:
        """Stances an event inside the proposition gives: the doer of a hostile deed -1 (its target when
        the speaker is the doer: "we responded to provocations by Armenian units"), the parties of a
        cooperative one +1, a cooperation that did not happen ("failed to help") -1 for who failed."""
        source, target = event.source, event.target
        if event.quad_class in (3, 4):
            if event.negated:
                return [(a, 0) for a in (source, target) if a is not None]
            if _same(source, speaker) and target is not None:
                return [(target, -1)]
            return [(source, -1)]
        if event.quad_class in (1, 2):
            if event.negated:
                return [(source, -1)]
            if event.modality == "request" and not _same(source, speaker):
                return [(source, -1)]  # "Baku should withdraw": a demand on whoever should act
            sign = self._quad_sign(event)
            if event.hypothetical and not _same(source, speaker):
                sign = 0  # what another might do is no judgement of them
            return [(a, sign) for a in (source, target) if a is not None]
        return [(a, 0) for a in (source, target) if a is not None]

    def _quad_sign(self, event: Event) -> int:
        if event.quad_class in (3, 4):
            return -1
        if event.quad_class in (1, 2) and event.goldstein >= self.rules.cooperation_goldstein:
            return 1
        return 0

    def word_stance(self, graph: SentenceGraph, tokens: Sequence[int]) -> int:
        """-1 when the words hold only negative evaluative words, +1 only positive ones, else 0."""
        positives = self.rules.positive_words
        lemmas = {graph.lemma(t) for t in tokens} | {graph.lower(t) for t in tokens}
        negative = bool(lemmas & self.rules.negative_words)
        positive = False
        for t in tokens:
            if graph.lemma(t) in positives or graph.lower(t) in positives:
                if graph.child(t, "neg") is not None:
                    negative = True  # "are not fulfilling their obligations"
                else:
                    positive = True
        return -1 if negative and not positive else 1 if positive and not negative else 0

    # ---------------------------------------------------------------------------------------- record

    def _claim(
        self,
        graph: SentenceGraph,
        document: Document,
        verb: SpeechVerb,
        speaker: ActorRef,
        speaker_tokens: tuple[int, int],
        proposition: list[int],
        about: list[ClaimAbout],
        events: list[Event],
    ) -> Claim:
        from eventgraph.dates import event_date

        tokens = graph.tokens
        first = min(speaker_tokens[0], verb.index, proposition[0])
        last = max(speaker_tokens[1] - 1, verb.index, proposition[-1])
        span = (tokens[first].start, tokens[last].end)
        prop_span = (tokens[proposition[0]].start, tokens[proposition[-1]].end)
        sentence = graph.sentence
        text = sentence.text[prop_span[0] - sentence.start : prop_span[1] - sentence.start]
        verb_span = (tokens[verb.index].start, tokens[verb.index].end)
        return Claim(
            claim_id=claim_id_for(document.doc_id, span, speaker.id or speaker.text, verb.verb),
            doc_id=document.doc_id,
            doc_name=document.name,
            sentence_index=sentence.index,
            span=span,
            speaker=speaker,
            verb=verb.verb,
            form=self.form(sentence, verb, prop_span),
            proposition_span=prop_span,
            proposition_text=text,
            about=about,
            event_ids=list(dict.fromkeys(e.event_id for e in events)),
            date=event_date(sentence, document.published, verb_span, verb.index),
        )

    def form(self, sentence: Sentence, verb: SpeechVerb, span: tuple[int, int]) -> str:
        """direct (the proposition is a quotation), partial (it quotes some words), indirect (a reported
        clause) or paraphrase (a summary of the speech act: "accused X of …", "urged X to …")."""
        regions = quoted_regions(sentence, self.rules.quote_marks)
        start, end = span
        for q_start, q_end in regions:
            if q_start <= start + 1 and end - 1 <= q_end:
                return "direct"
        if any(start < q_end and q_start < end for q_start, q_end in regions):
            return "partial"
        return "indirect" if verb.kind in ("report", "attribution") else "paraphrase"


def quoted_regions(sentence: Sentence, marks: frozenset[str]) -> list[tuple[int, int]]:
    """Document offsets ``(start, end)`` of the quotations of a sentence: marks paired in order; a quote
    left open runs to the sentence's end (never further)."""
    positions = [sentence.start + k for k, ch in enumerate(sentence.text) if ch in marks]
    regions = []
    for k in range(0, len(positions), 2):
        start = positions[k]
        end = positions[k + 1] + 1 if k + 1 < len(positions) else sentence.end
        regions.append((start, end))
    return regions


def _denial(
    graph: SentenceGraph,
    i: int,
    denier: ActorRef,
    author: str | None,
    span: tuple[int, int],
    plural: bool = False,
    relative: bool = False,
    of_label: bool = False,
) -> Denial:
    """The denial whose verb is token ``i`` of the sentence."""
    at = graph.tokens[i].start
    return Denial(denier, author, graph.lemma(i), graph.sentence.index, at, span, plural, relative, of_label)


def _last_doer(events: list[Event], index: int) -> tuple[ActorRef, int] | None:
    """The source of a sentence's last event with a known actor: who "he" or "it" next refers to."""
    for event in reversed(events):
        if event.source.id:
            return event.source, index
    return None


def _last_pair(events: list[Event], index: int) -> tuple[tuple[ActorRef, ActorRef], int] | None:
    """The last event of a sentence between two known actors: what "both sides" next refers to."""
    for event in reversed(events):
        target = event.target
        if target is not None and event.source.id and target.id and target.id != event.source.id:
            return (event.source, target), index
    return None


def _add(stances: dict[str, _Stance], actor: ActorRef, stance: int, priority: int) -> None:
    """Keep the strongest evidence for an actor's stance: a higher priority wins, then a sign over 0."""
    key = actor.id or f"?{actor.text.lower()}"
    held = stances.get(key)
    if held is None or priority > held.priority or (priority == held.priority and held.stance == 0):
        stances[key] = _Stance(actor, stance, priority)


def _same(a: ActorRef | None, b: ActorRef | None) -> bool:
    if a is None or b is None:
        return False
    if a.id or b.id:
        return a.id == b.id
    return a.text.lower() == b.text.lower()


def _unique_arguments(arguments: list[Argument]) -> list[Argument]:
    seen: set[str] = set()
    found = []
    for argument in arguments:
        if argument.key not in seen:
            seen.add(argument.key)
            found.append(argument)
    return found


def _longest_run(tokens: list[int]) -> list[int]:
    """The longest stretch of consecutive token indices (a clause with an aside cut out of it)."""
    best: list[int] = []
    run: list[int] = []
    for t in sorted(tokens):
        if run and t != run[-1] + 1:
            best = run if len(run) > len(best) else best
            run = []
        run.append(t)
    return run if len(run) > len(best) else best
