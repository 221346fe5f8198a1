"""Reading arguments off a parsed sentence: who fills the subject, object, possessor … of a trigger.

:class:`SentenceGraph` wraps one :class:`~eventgraph.records.Sentence` with child lists and a
token → mention index, then answers the argument roles named in the lexicon. Every walk is bounded, so
a sentence costs time linear in its tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TypeVar

from eventgraph.coding.lexicon import Grammar
from eventgraph.records import ActorRef, Inference, Mention, Sentence, Token

NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
VERBISH = frozenset({"VERB", "AUX"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# "villages in/inside/within Armenia": prepositions by which a place or institution names its owner
# object pronouns that stand for a person named earlier in the sentence ("urged him to halt")
PERSON_OBJECT_PRONOUNS = frozenset({"him", "her"})
PERSON_PRONOUNS = frozenset({"he", "she"})
INSIDE_PREPS = frozenset({"in", "inside", "within"})
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
# Relations that stay inside a noun phrase when collecting its actors ("the heads of diplomacy of
# Armenia and Azerbaijan"); other prepositions ("in Moscow") and clauses are left out.
PHRASE_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nmod",
        "case",
        "conj",
        "cc",
        "appos",
        "punct",
        "nummod",
        "quantmod",
        "advmod",
        "npadvmod",
        "preconj",
        "predet",
        "prep",
        "pobj",
    }
)
PHRASE_PREPS = frozenset({"of", "between"})
BORDER_PREPOSITIONS = frozenset({"on", "at", "along", "across"})  # "clashes erupted on the border between"
INCLUDING = frozenset({"include", "including", "like", "such"})
HYPHENS = frozenset({"-", "‐", "–"})
MAX_DEPTH = 6
NUMBER_PAIR_WORDS = frozenset({"two", "2"})  # pair words that need a definite determiner ("the two sides")
T = TypeVar("T")
LIST_WORDS = frozenset({",", "and", "or"})  # what separates the members of a list of names
MAX_ASIDE = 16  # tokens an aside between commas may span ("X, with help from Y, attacked")
DATELINE_DASHES = frozenset({"--", "—", "–", "-"})  # "LONDON -- Hundreds of Iranians have taken …"
COMPANION_PREPOSITIONS = {"along": "with", "together": "with"}  # "Serbia, along with Russia, refused"
RELATIVE_CLAUSE_DEPS = frozenset({"relcl", "acl"})


@dataclass(slots=True)
class Argument:
    """An actor filling a role: the actor and the sentence token span that names it."""

    actor: ActorRef
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.actor.id or f"?{self.actor.text.lower()}"


class SentenceGraph:
    """Dependency tree of one sentence with the actor mentions laid over its tokens."""

    def __init__(
        self,
        sentence: Sentence,
        mentions: list[Mention],
        grammar: Grammar,
        context_actor: ActorRef | None = None,
        context_pair: tuple[ActorRef, ActorRef] | None = None,
        context_person: bool = False,
    ):
        self.sentence = sentence
        self.tokens: list[Token] = sentence.tokens
        self.grammar = grammar
        self.context_actor = context_actor
        self.context_person = context_person  # the context actor was named as a person ("he", not "it")
        self.context_pair = context_pair
        self._seeking_pair = False  # last_named_pair is running: a pair noun inside it names no pair
        self.children: list[list[int]] = [[] for _ in self.tokens]
        for token in self.tokens:
            if token.head != token.i:
                self.children[token.head].append(token.i)
        self._lemmas = [token.lemma.lower() for token in self.tokens]  # read hundreds of times per sentence
        self.mention_at: list[Mention | None] = [None] * len(self.tokens)
        for mention in mentions:
            for i in range(max(mention.start, 0), min(mention.end, len(self.tokens))):
                self.mention_at[i] = mention

    # ----------------------------------------------------------------------------------- tree basics

    def child(self, i: int, deps: frozenset[str] | set[str] | str) -> int | None:
        wanted = {deps} if isinstance(deps, str) else deps
        for c in self.children[i]:
            if self.tokens[c].dep in wanted:
                return c
        return None

    def kids(self, i: int, deps: frozenset[str] | set[str] | str) -> list[int]:
        tokens = self.tokens
        if isinstance(deps, str):
            return [c for c in self.children[i] if tokens[c].dep == deps]
        return [c for c in self.children[i] if tokens[c].dep in deps]

    def lemma(self, i: int) -> str:
        return self._lemmas[i]

    def lower(self, i: int) -> str:
        return self.tokens[i].text.lower()

    def is_verb(self, i: int) -> bool:
        return self.tokens[i].pos in VERBISH

    def is_passive(self, i: int) -> bool:
        """A passive clause, or a past participle modifying a noun ("the war fought by Azerbaijan")."""
        token = self.tokens[i]
        if self.child(i, PASSIVE_SUBJECT_DEPS | {"auxpass"}) is not None:
            return True
        return token.dep == "acl" and token.tag == "VBN"

    def prep_objects(self, i: int, preposition: str) -> list[int]:
        """Objects of ``preposition`` hanging on token ``i`` (a verb's particle counts: "call on X")."""
        found: list[int] = []
        for c in self.children[i]:
            dep = self.tokens[c].dep
            if dep in ("prep", "agent", "dative") and self.lemma(c) == preposition:
                found.extend(o for o in self.kids(c, {"pobj", "pcomp"}) if not self._is_time(o))
            elif dep == "prt" and self.lemma(c) == preposition:
                found.extend(self.kids(i, "dobj"))
        return found

    def has_particle(self, i: int, words: tuple[str, ...]) -> bool:
        """ "call on X", and "call for X to stop" where the parser hangs "for" on the clause."""
        for c in self.children[i]:
            if self.tokens[c].dep in ("prt", "prep", "advmod") and self.lemma(c) in words:
                objects = self.kids(c, {"pobj", "pcomp"})
                if not objects or not all(self._is_time(o) for o in objects):  # "called him on Monday"
                    return True
        return any(self.lemma(m) in words for c in self.complements(i) for m in self.kids(c, "mark"))

    def _is_time(self, i: int) -> bool:
        return self.tokens[i].ent_type in ("DATE", "TIME")

    def complements(self, i: int) -> list[int]:
        """Clauses completing a verb ("demanded that Armenia withdraw", "called for both sides to return")."""
        return [
            c for c in self.kids(i, {"ccomp", "xcomp", "advcl"}) if self.child(c, SUBJECT_DEPS) is not None
        ]

    def has_complement_modal(self, i: int, words: frozenset[str]) -> bool:
        """A clause completing the verb carries one of the modal ``words`` ("said Baku must withdraw")."""
        return any(
            self.lower(a) in words or self.lemma(a) in words
            for c in self.kids(i, "ccomp")
            if self.child(c, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) is not None
            for a in self.kids(c, {"aux", "auxpass"})
        )

    def phrase_has(self, i: int, words: frozenset[str]) -> bool:
        """Token ``i`` or a word below it (not inside a clause of its own) is one of ``words``."""
        stack, seen = [i], 0
        while stack and seen < len(self.tokens):
            j = stack.pop()
            seen += 1
            if self.lemma(j) in words or self.lower(j) in words:
                return True
            stack.extend(c for c in self.children[j] if self.tokens[c].dep not in ("ccomp", "relcl", "advcl"))
        return False

    def object_predicates(self, i: int) -> list[int]:
        """What a verb says its object is: "called it a violation", "called absurd", "described X as Y"."""
        second_objects = self.kids(i, {"dobj"})[1:]  # the parser's "called [which] [a violation]"
        # "described the claims as groundless": the small parser hangs the adjective on "as" as a modifier
        adjectives = [
            a
            for p in self.kids(i, "prep")
            if self.lemma(p) == "as"
            for a in self.kids(p, {"amod", "acomp", "advmod"})
            if self.tokens[a].pos == "ADJ"
        ] + [  # or makes "as baseless" a clause of its own
            a
            for a in self.kids(i, {"advcl", "xcomp"})
            if self.tokens[a].pos == "ADJ" and any(self.lemma(c) == "as" for c in self.children[a])
        ]
        return self.kids(i, {"oprd", "acomp"}) + second_objects + self.prep_objects(i, "as") + adjectives

    def names_actor(self, i: int) -> bool:
        """Whether a phrase is an actor itself, or lists one ("the cause or Russia"), not a thing of one."""
        return any(self.mention_at[j] is not None for j in [i, *self.kids(i, "conj")])

    def participle_agents(self, i: int) -> list[Argument]:
        """Actors of a noun's passive participle: "the steps taken by Azerbaijan" → Azerbaijan; not who
        made or sold a thing ("drones made by Iran and launched by Russia" → Russia)."""
        return [
            a
            for c in self._participles(i)
            if self.lemma(c) not in self.grammar.maker_verbs
            for o in self.prep_objects(c, "by")
            for a in self.actors_of(o)
        ]

    def misplaced_participle_noun(self, i: int, lemmas: frozenset[str]) -> int | None:
        """For a passive participle with a "by" agent that the parser hung on the wrong noun (or, with no
        subject, on the main verb as a clause of its own), the noun of ``lemmas`` it tells of: the "of"
        object of that noun or of the verb's object ("the collapse of talks mediated by X") or the noun
        whose phrase holds it ("talks between Serbian and Kosovo leaders mediated by X")."""
        token = self.tokens[i]
        if (
            token.dep not in ("acl", "advcl")
            or token.tag not in ("VBN", "VBD")
            or self.child(i, "agent") is None
        ):
            return None  # the small parser tags some such participles as a past tense without a subject
        head = token.head
        if token.dep == "advcl":  # hung on the main verb: the verb's object phrase holds the noun
            if self.child(i, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) is not None or not self.is_verb(head):
                return None
            head = self.child(head, {"dobj", "obj"})
            if head is None:
                return None
            if self.lemma(head) in lemmas:
                return head
        near = [o for p in self.kids(head, "prep") if self.lower(p) == "of" for o in self.kids(p, "pobj")]
        j = head
        for _ in range(3):  # up through conjuncts and one preposition
            parent = self.tokens[j].head
            if parent == j:
                break
            if self.tokens[j].dep == "pobj":
                near.append(self.tokens[parent].head)
                break
            if self.tokens[j].dep != "conj":
                break
            j = parent
        return next((n for n in near if self.lemma(n) in lemmas), None)

    def _participles(self, i: int) -> list[int]:
        """Passive participles on a noun, with those coordinated to them ("made by X and launched by Y")."""
        found = [c for c in self.kids(i, "acl") if self.tokens[c].tag == "VBN"]
        return found + [k for c in found for k in self.kids(c, "conj") if self.tokens[k].tag == "VBN"]

    def relative_head(self, i: int) -> int | None:
        """The noun a relative clause without an object is about: "a charge [Baku rejects]"."""
        if self.tokens[i].dep == "relcl" and self.child(i, {"dobj", "obj"}) is None:
            return self.tokens[i].head
        return None

    def has_modifier(self, i: int, words: frozenset[str]) -> bool:
        return any(
            self.tokens[c].dep in MODIFIER_DEPS and (self.lemma(c) in words or self.lower(c) in words)
            for c in self.children[i]
        )

    def through_quantifier(self, i: int) -> int:
        """ "a series of talks" → "talks": skip nouns that only count or frame the real head."""
        for _ in range(3):
            if self.lemma(i) not in self.grammar.quantifier_nouns:
                return i
            objects = [
                o for p in self.kids(i, "prep") if self.lemma(p) in ("of", "in") for o in self.kids(p, "pobj")
            ]
            if not objects:
                return i
            i = objects[0]
        return i

    def direct_object(self, i: int) -> int | None:
        """The object of a verb: the passive subject in a passive, else the direct object."""
        if self.is_passive(i):
            subject = self.child(i, PASSIVE_SUBJECT_DEPS)
            if subject is not None:
                return subject
            return self.tokens[i].head if self.tokens[i].dep == "acl" else None
        objects = self.kids(i, {"dobj", "obj"})
        if not objects:  # "condemned and rejected the attack": coordinated verbs share the object
            for c in self.kids(i, "conj"):
                if self.is_verb(c) and self.child(c, SUBJECT_DEPS) is None:
                    return self.child(c, {"dobj", "obj"})
            return None
        # "will meet his counterpart Italian President Sergio Mattarella": the parser splits an
        # apposition into two objects; the one naming an actor is the object meant
        if len(objects) > 1 and not self.names_actor(objects[0]):
            return next((o for o in objects[1:] if self.names_actor(o)), objects[0])
        return objects[0]

    # -------------------------------------------------------------------------------------- actors

    def actors_of(self, i: int, depth: int = 0) -> list[Argument]:
        """The actors a phrase headed by token ``i`` names (coordinated phrases give several)."""
        if depth > MAX_DEPTH:
            return []
        word = self.lower(i)
        if word in self.grammar.relative_pronouns and self.tokens[i].tag in ("WDT", "WP", "WP$"):
            antecedent = self.antecedent(i)
            return self.actors_of(antecedent, depth + 1) if antecedent is not None else []
        if self.tokens[i].pos == "PRON":
            is_object = self.tokens[i].dep in ("dobj", "obj", "dative", "pobj")
            return self._person_pronoun(i, depth) if is_object and word in PERSON_OBJECT_PRONOUNS else []
        if self.tokens[i].pos in VERBISH:
            return self._actors_of_clause(i, depth)
        mention = self.mention_at[i]
        owned = (
            mention.actor.id is None and mention.actor.sector
            if mention
            else self.lemma(i) in (self.grammar.location_nouns)
        )
        owner = self.child(i, "poss") if owned else None
        if owner is not None and self.lower(owner) in ("its", "their"):
            # "Baku said its forces shelled …", "… Armenian units shelled its positions": the speaker's
            speaker = self._speaker(owner, depth, reach=4)
            if speaker:
                return speaker
        if mention is None or mention.actor.id is None:
            examples = self._exemplified(i, depth)
            if examples:
                return examples
        if mention is None:
            found = _unique([self._argument(m) for m in self._phrase_mentions(i)])
            if any(a.actor.id for a in found):
                return found
            return self._pair_named(i) or found
        conjuncts = self.kids(i, "conj")
        if conjuncts and not self._coordinated(i, conjuncts):
            # "his counterpart, Ararat Mirzoyan, Sergei Lavrov lashed out": commas without "and" are an
            # apposition the parser took for a list; the last name is the head.
            return self.actors_of(conjuncts[-1], depth + 1)
        found = [self._argument(mention)]
        if not conjuncts and self.tokens[i].dep == "pobj":
            found.extend(self._listed_after(mention))
        # "The US, Russia, and Switzerland": a list the parser split into an apposition and a conjunct
        listed = [a for a in self.kids(i, "appos") if self.mention_at[a] is not None and self.kids(a, "conj")]
        for c in conjuncts + listed:
            found.extend(self.actors_of(c, depth + 1))
        found.extend(self._coordinated_modifiers(i, mention))
        return _unique(found)

    def _exemplified(self, i: int, depth: int) -> list[Argument]:
        """The actors a generic noun is exemplified by: "governments like the US, UK and Poland",
        "countries such as Germany and France", "allies including Britain"."""
        for p in self.kids(i, "prep"):
            word = self.lemma(p)
            such = word == "as" and any(self.lower(c) == "such" for c in self.children[p])
            if word in ("like", "including", "include") or such:
                found = [a for o in self.kids(p, "pobj") for a in self.actors_of(o, depth + 1) if a.actor.id]
                if found:  # known actors only: "property including apartments and jets" names none
                    return found
        return []

    def _listed_after(self, mention: Mention) -> list[Argument]:
        """The rest of a list of names the small parser broke after a preposition ("condemnation from
        the UN, the EU, Britain and Italy", the later names hung on the verb): names right after the
        first, separated only by commas, the last by "and" or "or"; none of them a clause's subject."""
        listed: list[Argument] = []
        j, last = mention.end, False
        while j < len(self.tokens) and not last:
            separator = j
            while j < len(self.tokens) and self.lower(j) in LIST_WORDS:
                last = last or self.lower(j) in ("and", "or")
                j += 1
            if j == separator or j >= len(self.tokens):
                break
            if self.mention_at[j] is None and self.tokens[j].dep == "det" and j + 1 < len(self.tokens):
                j += 1  # "the US", where the name leaves out its article
            member = self.mention_at[j]
            subjects = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
            if member is None or member.start != j:
                break
            if any(self.tokens[k].dep in subjects for k in range(member.start, member.end)):
                break  # "…from Russia, and the EU said": a clause of its own
            listed.append(self._argument(member))
            j = member.end
        return listed if last else []

    def _coordinated_modifiers(self, i: int, mention: Mention) -> list[Argument]:
        """ "Russian and Turkish forces", where the mention covers only "Turkish forces"."""
        found: list[Argument] = []
        for c in self.kids(i, MODIFIER_DEPS - {"poss"}):
            outside = self.mention_at[c]
            if outside is None or outside is mention or not self.kids(c, "conj"):
                continue
            found.append(self._argument(outside))
            found.extend(
                self._argument(m) for k in self.kids(c, "conj") if (m := self.mention_at[k]) is not None
            )
        return found

    def _pair_named(self, head: int) -> list[Argument]:
        """ "both sides", "the two countries": the last pair of actors named together, in this sentence
        before the words ("Putin and Erdogan discussed Syria, where both countries …") or in the article."""
        if self._seeking_pair:
            return []  # read while last_named_pair reads the names: stands for no pair (see there)
        j = head
        for _ in range(3):
            if self.lemma(j) in self.grammar.pair_nouns and self._pair_marked(j):
                here = self.last_named_pair(before=j)
                if here is not None:
                    told = Inference(self.sentence.index, "pair")
                    return [self.stand_in(replace(a, inferred=told), j) for a in here]
                return [self.stand_in(a, j) for a in self.context_pair or ()]
            objects = [o for p in self.kids(j, "prep") if self.lemma(p) == "of" for o in self.kids(p, "pobj")]
            if not objects:
                return []
            j = objects[0]  # "the leaders of the two states"
        return []

    def _pair_marked(self, noun: int) -> bool:
        """ "both sides", "the warring parties", "the two countries", not "a conflict between two
        countries": a number makes a pair only with a definite determiner or a possessive."""
        words = {self.lower(c) for c in self.children[noun]} & self.grammar.pair_words
        if words - NUMBER_PAIR_WORDS:
            return True
        definite = self.grammar.referring_determiners | {"'s", "’s"}
        return bool(words) and any(
            self.lower(c) in definite or self.tokens[c].dep == "poss" for c in self.children[noun]
        )

    def stand_in(self, actor: ActorRef, i: int) -> Argument:
        """Token ``i`` standing for an actor named elsewhere ("both sides", "the offensive"'s doer): its
        words become the text, the words that named the actor the variant."""
        words = self.tokens[i].text
        return Argument(replace(actor, text=words, variant=actor.text), i, i + 1)

    def refers_back(self, noun: int) -> bool:
        """A definite noun ("the offensive", "the talks", "Saturday's attack"): one the article has
        already told of. A time as possessor makes it definite as a determiner does."""
        if any(self.lower(d) in self.grammar.referring_determiners for d in self.kids(noun, "det")):
            return True
        return any(self._is_time(p) for p in self.kids(noun, "poss"))

    def last_named_pair(self, before: int | None = None) -> tuple[ActorRef, ActorRef] | None:
        """The last two different actors named together in this sentence ("between A and B", "A and B"),
        among its first ``before`` tokens if given.

        A pair noun met while reading the names ("Putin met Erdogan and both sides …": "both sides" is a
        conjunct of "Erdogan") stands for no pair of its own, else the search would call itself forever.
        """
        self._seeking_pair = True
        try:
            pair = None
            for token in self.tokens[:before]:
                if self.mention_at[token.i] is None or not self.kids(token.i, "conj"):
                    continue
                # one actor per id: "Mirzoyan and his Azerbaijani counterpart Bayramov" names Azerbaijan twice
                actors = list({a.actor.id: a.actor for a in self.actors_of(token.i) if a.actor.id}.values())
                if len(actors) == 2:
                    pair = (actors[0], actors[1])
            return pair
        finally:
            self._seeking_pair = False

    def _coordinated(self, i: int, conjuncts: list[int]) -> bool:
        """A real list has a coordinator ("and", "or") somewhere among its members."""
        return any(self.tokens[c].dep in ("cc", "preconj") for j in (i, *conjuncts) for c in self.children[j])

    def _actors_of_clause(self, i: int, depth: int) -> list[Argument]:
        """A gerund or participle as an argument ("support for joining the ICC", "as belonging to Y")."""
        obj = self.child(i, {"dobj", "obj"})
        if obj is not None:
            return self.actors_of(obj, depth + 1)
        for preposition in ("to", "of"):
            for o in self.prep_objects(i, preposition):
                return self.actors_of(o, depth + 1)
        return []

    def _phrase_mentions(self, head: int) -> list[Mention]:
        """Mentions inside the noun phrase of ``head``, skipping clauses and locative prepositions.

        The phrase's own modifiers come first ("Putin's invasion of Ukraine" is Putin's); its "of" and
        "between" complements only when the modifiers name no known actor ("the heads of Armenia").
        """
        allow_in = self.lemma(head) in self.grammar.institution_nouns | self.grammar.location_nouns
        neighbour = self.lemma(head) in self.grammar.border_nouns  # "the border with Azerbaijan"
        seen: list[Mention] = []
        stack, deferred = [head], []
        for _ in range(2 * len(self.tokens)):
            if not stack:
                if any(m.actor.id for m in seen) or not deferred:
                    break
                stack, deferred = deferred, []
            i = stack.pop()
            mention = self.mention_at[i]
            if mention is not None and all(m is not mention for m in seen):
                seen.append(mention)
            for c in self.children[i]:
                dep = self.tokens[c].dep
                participle = dep == "amod" and self.tokens[c].pos in VERBISH
                if dep not in PHRASE_DEPS or (
                    participle and self.lemma(c) not in self.grammar.leader_participles
                ):
                    # clauses, and participles: "Armenian-populated", "Western-backed" (but "Moscow-led")
                    continue
                if dep == "prep":
                    inside = allow_in and self.lemma(c) in INSIDE_PREPS
                    if self.lemma(c) in PHRASE_PREPS or inside or (neighbour and self.lemma(c) == "with"):
                        deferred.append(c)
                    continue
                stack.append(c)
        return sorted(seen, key=lambda m: m.start)

    def _argument(self, mention: Mention) -> Argument:
        return Argument(mention.actor, mention.start, mention.end)

    def antecedent(self, i: int) -> int | None:
        """The noun a relative pronoun stands for: the head of its relative clause."""
        j = self.tokens[i].head
        for _ in range(3):
            if self.tokens[j].dep == "relcl":
                return self.tokens[j].head
            if self.tokens[j].head == j:
                return None
            j = self.tokens[j].head
        return None

    # ------------------------------------------------------------------------------------- subjects

    def subject(self, i: int, depth: int = 0) -> list[Argument]:
        """Who does the verb ``i``: its subject, the by-agent of a passive, or the inherited subject."""
        if depth > MAX_DEPTH:
            return []
        if self.is_passive(i):
            return [a for agent in self.prep_objects(i, "by") for a in self.actors_of(agent)]
        subject = self._subject_child(i)
        if subject is not None:
            return self.subject_actors(subject, depth) + self._companions(subject, i)
        return self._missing_subject(i, depth)

    def _subject_child(self, i: int) -> int | None:
        """The subject word of ``i``, passing over a wire dateline the parser took for one ("LONDON --
        Hundreds of Iranians have taken to the streets": the city is where the story was filed)."""
        subject = self.child(i, SUBJECT_DEPS)
        if subject != 0 or not self._dateline(subject):
            return subject
        return next((c for c in self.kids(i, SUBJECT_DEPS) if c != subject), None)

    def _dateline(self, i: int) -> bool:
        """An upper-case place opening the sentence before a dash: the dateline of a wire story."""
        token = self.tokens[i]
        return (
            i == 0
            and len(self.tokens) > 1
            and self.tokens[1].text in DATELINE_DASHES
            and token.text.isupper()
            and len(token.text) > 2
        )

    def _companions(self, subject: int, verb: int) -> list[Argument]:
        """Actors acting alongside the subject: "Serbia, along with its allies Russia and China, has
        refused …" (each of them refused); the phrase hangs on the subject or, between the subject and
        the verb, on the verb."""
        found: list[Argument] = []
        for holder in (subject, verb):
            for head in self.children[holder]:
                preposition = COMPANION_PREPOSITIONS.get(self.tokens[head].text.lower())
                if preposition is None or self.tokens[head].dep not in ("prep", "advmod"):
                    continue
                if holder == verb and not subject < head < verb:
                    continue
                for inner in self.prep_objects(head, preposition):
                    # "along with its ally Azerbaijan": the name in apposition to the noun
                    for phrase in (inner, *self.kids(inner, "appos")):
                        found += [a for a in self.actors_of(phrase) if a.actor.id]
        return found

    def _subject_before_aside(self, i: int) -> list[Argument]:
        """ "when Azerbaijan, with strong military assistance from Turkey, invaded …": an aside between
        commas loses the small parser the subject; a name right before the aside is the verb's subject."""
        if self.tokens[i].pos not in VERBISH or i < 3 or self.tokens[i - 1].text != ",":
            return []
        for j in range(i - 2, max(i - MAX_ASIDE, 0), -1):
            if self.tokens[j].text == ",":
                named = self.mention_at[j - 1] if j > 0 else None
                return [self._argument(named)] if named is not None else []
            if self.is_verb(j):
                return []  # "…, which Baku rejects, …": a clause of its own, not an aside
        return []

    def _subject_under_mark(self, i: int) -> list[Argument]:
        """ "a day after Azerbaijan launched an offensive": the small parser hangs the subject on "after"
        as its object; a name there is the clause's subject."""
        return [
            a
            for mark in self.kids(i, "mark")
            for o in self.kids(mark, "pobj")
            if self.names_actor(o)
            for a in self.actors_of(o)
        ]

    def grammatical_subject(self, i: int) -> list[Argument]:
        """The surface subject of ``i`` (the passive subject in a passive: "X was met with opposition")."""
        subject = self.child(i, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        if subject is not None:
            return self.subject_actors(subject, 0)
        return self._missing_subject(i, 0)

    def _missing_subject(self, i: int, depth: int) -> list[Argument]:
        """A verb without a subject of its own: inherited from the clause above, else one the parser
        misplaced ("after [Azerbaijan] launched", "[Azerbaijan], with help from Turkey, invaded")."""
        inherited = self._inherited_subject(i, depth)
        return inherited or self._subject_under_mark(i) or self._subject_before_aside(i)

    def _inherited_subject(self, i: int, depth: int) -> list[Argument]:
        token = self.tokens[i]
        head = token.head
        if head == i:
            return []
        control = self.lemma(head) in self.grammar.object_control_verbs
        if token.dep == "advcl" and self._infinitive(i) and self.is_verb(head) and not control:
            # a purpose clause is done by the subject: "Russia deployed peacekeepers to protect …"
            return self.subject(head, depth + 1)
        if token.dep == "xcomp" or (token.dep == "advcl" and self._infinitive(i)):
            # object control: "urged Armenia to withdraw", "called on Baku to stop"
            controller = self._controller(head) if self.is_verb(head) else None
            if controller is not None:
                return self.actors_of(controller)
            raised = self.child(head, PASSIVE_SUBJECT_DEPS)
            if raised is not None and self.lemma(head) in self.grammar.factual_heads:
                # "Russian forces are believed / reported to have attacked": the subject of the report
                return self.subject_actors(raised, depth + 1)
            if self.tokens[head].pos == "ADJ" and self.tokens[head].dep in ("acomp", "amod", "xcomp"):
                # "Sudan is willing to withdraw", "ready to contribute": the adjective's subject acts
                above = self.tokens[head].head
                return self.subject(above, depth + 1) if above != head and self.is_verb(above) else []
            return self.subject(head, depth + 1) if self.is_verb(head) else self.possessor(head)
        if token.dep == "conj" and self.is_verb(head):
            return self.subject(head, depth + 1)
        if token.dep == "pcomp" and token.tag == "VBG" and self.tokens[head].pos == "ADP":
            return self._gerund_subject(head, depth)
        if token.dep == "relcl":
            return self.actors_of(head)
        if token.dep == "advcl" and token.tag in ("VBG", "VBN") and self.is_verb(head):
            return self._with_absolute_subject(i) or self.subject(head, depth + 1)
        if token.dep == "acl" and not self.is_verb(head) and not self._infinitive(i):
            # "financial flows supporting Moscow": the noun does it; "with the US and its allies
            # accusing the Kremlin": the whole list after "with" does it
            return self.actors_of(self._absolute_list_head(head))
        if token.dep == "acl" and not self.is_verb(head):
            # "Russia's failure to provide …", "declared willingness to recognise …"
            owner = self.possessor(head)
            if owner or self.tokens[head].dep not in ("dobj", "obj"):
                return owner
            return self.subject(self.tokens[head].head, depth + 1)
        return []

    def _with_absolute_subject(self, participle: int) -> list[Argument]:
        """ "ended with Britain and France accusing the Kremlin": the parser hangs the participle on the
        verb; the names of the "with" phrase right before it do what it says."""
        head = self.tokens[participle].head
        for preposition in self.kids(head, "prep"):
            if self.lemma(preposition) != "with":
                continue
            for o in self.kids(preposition, "pobj"):
                last = max([o, *self.kids(o, "conj")])
                mention = self.mention_at[participle - 1]
                if last == participle - 1 or (mention is not None and mention is self.mention_at[last]):
                    return self.actors_of(o)
        return []

    def _absolute_list_head(self, noun: int) -> int:
        """The first member of a list after "with" whose last member a participle hangs on ("with the US
        and its allies accusing …"), else the noun itself."""
        first = noun
        for _ in range(MAX_DEPTH):
            if self.tokens[first].dep != "conj" or self.tokens[first].head == first:
                break
            first = self.tokens[first].head
        above = self.tokens[first].head
        if first != noun and self.tokens[first].dep == "pobj" and self.lemma(above) == "with":
            return first
        return noun

    def _controller(self, verb: int) -> int | None:
        """Who is to do what ``verb`` asks: its object, or the object of "on" ("called on Baku to")."""
        obj = self.child(verb, {"dobj", "obj"})
        if obj is not None:
            return obj
        return next((o for o in self.prep_objects(verb, "on") if self.names_actor(o)), None)

    def _answers_for(self, adjective: int) -> bool:
        """ "responsible (for)", "guilty (of)" as the predicate of a clause: its subject did the deed."""
        token = self.tokens[adjective]
        return (
            self.lemma(adjective) in self.grammar.responsibility_adjectives
            and token.dep in ("acomp", "amod", "oprd")
            and self.is_verb(token.head)
        )

    def _gerund_subject(self, preposition: int, depth: int) -> list[Argument]:
        """Who does "by donating", "after meeting": the verb's subject. Not after "of"/"for": "accused
        Russia of attacking" is an allegation, not an attack; but "X is guilty of attacking" says X did."""
        governor = self.tokens[preposition].head
        if self._answers_for(governor):
            return self.subject(self.tokens[governor].head, depth + 1)
        verb = self.tokens[preposition].head
        if verb == preposition or not self.is_verb(verb) or self.lemma(preposition) in ("of", "for"):
            return []
        return self.subject(verb, depth + 1)

    def _infinitive(self, i: int) -> bool:
        return any(self.lower(c) == "to" and self.tokens[c].dep == "aux" for c in self.children[i])

    def _person_pronoun(self, pronoun: int, depth: int) -> list[Argument]:
        """ "Blinken called Aliyev and urged him": the last person named earlier in the sentence who is
        not the one doing the verb (a man does not urge himself)."""
        if depth > MAX_DEPTH:
            return []
        doer = {a.actor.id for a in self.subject(self.tokens[pronoun].head, depth + 1)}
        people = [
            m
            for m in _unique_mentions(self.mention_at[:pronoun])
            if m.actor.person and m.actor.id and m.actor.id not in doer
        ]
        return [self._argument(people[-1])] if people else []

    def _same_pronoun_before(self, pronoun: int) -> int | None:
        """The same personal pronoun as the subject of an earlier clause of this sentence: within one
        sentence, a repeated "she" is the same person."""
        word = self.lower(pronoun)
        if word not in PERSON_PRONOUNS:
            return None
        for j in range(pronoun):
            if self.lower(j) == word and self.tokens[j].dep in SUBJECT_DEPS:
                return j
        return None

    def _earlier_name(self, pronoun: int) -> Mention | None:
        """The nearest mention before ``pronoun`` in this sentence that it can stand for."""
        word = self.lower(pronoun)
        if word not in PERSON_PRONOUNS and word != "it":
            return None  # "they", "we": groups the sentences before name better
        for mention in reversed(_unique_mentions(self.mention_at[:pronoun])):
            if self._in_other_relative_clause(mention.start, pronoun):
                continue  # "Markey, who was banned by Duterte, met X, whom he says …": he is Markey
            if mention.actor.id and bool(mention.actor.person) == (word in PERSON_PRONOUNS):
                return mention
        return None

    def _in_other_relative_clause(self, word: int, pronoun: int) -> bool:
        """``word`` sits in a relative clause (or a noun's participle clause) that does not hold the
        pronoun: a name told in passing there is not what the pronoun takes up."""
        above = set()
        j = pronoun
        for _ in range(len(self.tokens)):
            above.add(j)
            if self.tokens[j].head == j:
                break
            j = self.tokens[j].head
        j = word
        for _ in range(len(self.tokens)):
            token = self.tokens[j]
            if j in above:
                return False
            if token.dep in RELATIVE_CLAUSE_DEPS and self.is_verb(j):
                return True
            if token.head == j:
                return False
            j = token.head
        return False

    def subject_actors(self, subject: int, depth: int) -> list[Argument]:
        """Actors of a subject token, resolving relative and personal pronouns."""
        word = self.lower(subject)
        if word in self.grammar.relative_pronouns and self.tokens[subject].tag in ("WDT", "WP"):
            antecedent = self.antecedent(subject)
            return self.actors_of(antecedent) if antecedent is not None else []
        if word in self.grammar.subject_pronouns and self.tokens[subject].pos == "PRON":
            return self._pronoun(subject, depth)
        # "the missiles fired by the Israeli military struck …": a weapon acts for whoever used it
        found = self.actors_of(subject)
        if any(a.actor.id for a in found):
            return found
        return self.participle_agents(subject) or found

    def _speaker(self, word: int, depth: int, reach: int = 3) -> list[Argument]:
        """Who says the reported speech ``word`` sits in ("Baku said [Armenian units shelled its …]")."""
        clause = self.tokens[word].head
        for _ in range(reach):
            token = self.tokens[clause]
            if token.dep == "ccomp" and self.lemma(token.head) in self.grammar.speech_verbs:
                speaker = self.subject(token.head, depth + 1)
                if speaker:
                    return speaker
            if token.head == clause:
                break
            clause = token.head
        return []

    def reporter(self, word: int) -> list[Argument]:
        """Who said the clause ``word`` sits in, if it is reported speech ("Baku said [units shelled its
        posts]") or an accusation ("Armenia accused Baku of [shelling villages]")."""
        speaker = self._speaker(word, 0, reach=5)
        if speaker:
            return speaker
        clause = self.tokens[word].head
        for _ in range(5):
            token = self.tokens[clause]
            if token.dep == "pcomp" and self.lemma(token.head) == "of":
                accuser = self.tokens[token.head].head  # "accused Baku of [shelling]"
                if self.is_verb(accuser) and self.child(accuser, {"dobj", "obj"}) is not None:
                    return self.subject(accuser)
            if token.head == clause:
                break
            clause = token.head
        return []

    def _pronoun(self, pronoun: int, depth: int) -> list[Argument]:
        """A pronoun subject: the speaker of the enclosing reported speech, else the nearest earlier
        name of the sentence that fits it ("he": a person, "it": a state or organisation), else the
        context actor of the sentences before."""
        speaker = self._speaker(pronoun, depth)
        if speaker:
            return speaker
        same = self._same_pronoun_before(pronoun)
        if same is not None and depth <= MAX_DEPTH:
            # "She issued statements on the triumph of Biden and Harris, which she welcomed": one "she"
            found = self._pronoun(same, depth + 1)
            return [Argument(a.actor, pronoun, pronoun + 1) for a in found[:1]]
        earlier = self._earlier_name(pronoun)
        if earlier is not None:
            return [Argument(replace(earlier.actor, text=self.tokens[pronoun].text), pronoun, pronoun + 1)]
        if self.context_actor is None:
            return []
        word = self.lower(pronoun)
        if (word in PERSON_PRONOUNS and not self.context_person) or (word == "it" and self.context_person):
            return []  # "he" is a person named before, "it" a state or body, not the other way round
        if word == "they":
            return []  # rioters, bears, "the Ukrainians": a plural rarely means the last subject actor
        return [self.stand_in(self.context_actor, pronoun)]

    # -------------------------------------------------------------------------------- noun triggers

    def possessor(self, i: int) -> list[Argument]:
        """ "Turkey's support", "Russian aggression"; a coordinated noun shares its neighbour's possessor."""
        poss = self.child(i, "poss")
        if poss is not None and self.lower(poss) not in ("its", "their", "his", "her", "our"):
            found = self.actors_of(poss)
            if found:
                return found
        found = []
        for c in self.kids(i, MODIFIER_DEPS - {"poss"}):
            mention = self.mention_at[c]
            if mention is not None and not (mention.start <= i < mention.end):
                if self._before_hyphen_participle(mention):
                    continue
                found.append(self._argument(mention))
                found.extend(a for k in self.kids(c, "conj") for a in self.actors_of(k))
        if found:
            return _unique(self._listed_before(found, i) + found)
        token = self.tokens[i]
        if token.dep == "conj" and token.head != i and not self.is_verb(token.head):
            return self.possessor(token.head)
        if token.dep == "pobj" and self.lemma(token.head) in INCLUDING:
            # "Putin's attempts …, including threats towards Baku": the list shares the owner
            owner = self.tokens[token.head].head
            if owner != token.head and not self.is_verb(owner):
                return self.possessor(owner)
        return []

    def light_verb(self, i: int) -> int | None:
        """The verb that carries a noun event ("held talks", "met with opposition", "took part in talks")."""
        j = i
        for _ in range(4):
            token = self.tokens[j]
            head = token.head
            if head == j:
                return None
            if token.dep in ("dobj", "obj", "attr", "oprd", "nsubjpass"):
                return head if self.lemma(head) in self.grammar.light_verbs else None
            if token.dep == "pobj":
                if self.tokens[head].pos != "ADP" or self.lemma(head) in self.grammar.adjunct_prepositions:
                    # "Following criticism of X, Putin announced …", "held a press conference after the
                    # attack": a time adjunct, not what the verb carries
                    return None
                governor = self.tokens[head].head
                if self._answers_for(governor):
                    return self.tokens[governor].head  # "X was responsible for the attack"
                if self.is_verb(governor):
                    return governor if self.lemma(governor) in self.grammar.light_verbs else None
                if self.lemma(governor) in self.grammar.quantifier_nouns:
                    j = governor
                    continue
                return None
            if token.dep == "conj" and not self.is_verb(head):
                j = head
                continue
            return None
        return None

    def _listed_before(self, found: list[Argument], noun: int) -> list[Argument]:
        """Actors listed before a noun's actor modifiers, which the small parser hangs elsewhere
        ("condemned [U.S.], [European Union] and British sanctions": "U.S." read as the verb's object):
        names or adjectives joined by commas and "and", each linked to the list by "conj"; not a
        phrase of place or time before a comma ("In Kyiv and Minsk, Russian and Belarusian attacks")."""
        items = self._surface_list_before(min(a.start for a in found))
        if not items or not any(self.lower(j) in ("and", "or") for j in range(items[-1].start, noun)):
            return []  # a list ends with "and": "X, Y and Z sanctions"
        words = {j for a in found + items for j in range(a.start, a.end)} | {noun}

        def joined(item: Argument) -> bool:
            return any(
                (self.tokens[j].dep == "conj" and self.tokens[j].head in words)
                or any(k in words for k in self.kids(j, "conj"))
                for j in range(item.start, item.end)
            )

        if not all(joined(item) for item in items):
            return []
        first = self.tokens[items[0].start]
        if first.dep == "pobj" and self.is_verb(self.tokens[first.head].head):
            return []  # "In Kyiv and Minsk, …": an adverbial phrase of the verb
        return items

    def _surface_list_before(self, start: int) -> list[Argument]:
        """Actor mentions before token ``start``, each followed by a comma or "and" (left to right)."""
        items: list[Argument] = []
        j = start - 1
        while j >= 1 and self.lower(j) in (",", "and", "or"):
            k = j - 1
            if self.lower(j) in ("and", "or") and self.lower(k) == ",":
                k -= 1
            mention = self.mention_at[k] if k >= 0 else None
            if mention is None or mention.end != k + 1 or not mention.actor.id:
                break
            items.insert(0, self._argument(mention))
            j = mention.start - 1
        return items

    def hyphen_agent(self, i: int) -> list[Argument]:
        """The actor joined to a participle by a hyphen: "Russian" in "the Russian-brokered truce",
        "Kremlin" in "Kremlin-backed separatists". Read off the words, which the parser attaches variously."""
        if i < 2 or self.tokens[i - 1].text not in HYPHENS or self.tokens[i - 1].whitespace:
            return []
        mention = self.mention_at[i - 2]
        if mention is None or self.tokens[i - 2].whitespace:
            return []
        return [self._argument(mention)]

    def sentence_pair(self) -> list[Argument]:
        """The two sides this sentence names together: a hyphenated pair ("the Armenian-Azerbaijani
        war") or the last "A and B"; the parties of a truce it calls brokered without naming them."""
        for token in self.tokens:
            pair = self.hyphen_pair(token.i) if token.pos in NOUNISH else []
            if pair:
                return pair
        named = self.last_named_pair()
        if named is None:
            return []
        first = {m.actor.id: m for m in reversed(_unique_mentions(self.mention_at)) if m.actor.id}
        return [self._argument(first[a.id]) for a in named if a.id in first]

    def hyphen_pair(self, noun: int) -> list[Argument]:
        """ "Armenia-Azerbaijan talks", "the US-Russia summit": two actors joined by a hyphen before the
        noun, the parser's compound of a compound; two different known actors, or none."""
        for second in self.kids(noun, {"compound", "amod", "nmod"}):
            hyphen, first = second - 1, second - 2
            if first < 0 or self.tokens[hyphen].text not in HYPHENS or self.tokens[first].head != second:
                continue
            if self.tokens[first].whitespace or self.tokens[hyphen].whitespace:
                continue
            named = [self.mention_at[first], self.mention_at[second]]
            if None in named or named[0] is named[1]:
                continue
            pair = [self._argument(m) for m in named if m is not None]
            if all(a.actor.id for a in pair) and pair[0].key != pair[1].key:
                return pair
        return []

    def modified_noun(self, i: int) -> int | None:
        """The noun an attributive participle modifies ("brokered" → "truce")."""
        token = self.tokens[i]
        if token.dep == "amod" and token.head != i and not self.is_verb(token.head):
            return token.head
        return None

    def actors_named_by(self, noun: int) -> list[Argument]:
        """The actor a noun itself names, or its own modifiers do ("Syrian fighters", "rebel regions"), not
        those of its complements or conjuncts ("regions of east Ukraine", "forces and Ukraine's soldiers")."""
        mention = self.mention_at[noun]
        return [self._argument(mention)] if mention is not None else self.possessor(noun)

    def _before_hyphen_participle(self, mention: Mention) -> bool:
        """ "Russian" in "the Russian-brokered truce": the actor of the participle, not of the noun (unless
        it leads the noun's group: "the Moscow-led alliance")."""
        hyphen, participle = mention.end, mention.end + 1
        return (
            participle < len(self.tokens)
            and self.tokens[hyphen].text in HYPHENS
            and self.tokens[participle].tag in ("VBN", "VBD")
            and self.lemma(participle) not in self.grammar.leader_participles
        )

    def occurs(self, i: int) -> bool:
        """A noun event as the subject of a verb saying it happened ("fighting erupted", "clashes broke
        out", "shelling resumed"): the verb asserts the event as a light verb does its object."""
        token = self.tokens[i]
        return (
            token.pos not in VERBISH
            and token.dep in SUBJECT_DEPS
            and self.is_verb(token.head)
            and self.lemma(token.head) in self.grammar.occurrence_verbs
        )

    def clause_verb(self, i: int) -> int | None:
        """The nearest verb above a noun."""
        j = i
        for _ in range(MAX_DEPTH):
            head = self.tokens[j].head
            if head == j:
                return None
            if self.is_verb(head):
                return head
            j = head
        return None

    def adjunct_verb(self, i: int) -> int | None:
        """The verb a noun event is a time adjunct of ("said ... after four days of negotiations")."""
        j = i
        for _ in range(3):
            token = self.tokens[j]
            if token.dep != "pobj":
                return None
            prep = token.head
            governor = self.tokens[prep].head
            if self.lemma(prep) in self.grammar.adjunct_prepositions and self.is_verb(governor):
                return governor
            if self.lemma(prep) == "of" and not self.is_verb(governor):
                j = governor
                continue
            return None
        return None

    def between(self, i: int) -> list[Argument]:
        """Both sides of "between A and B" on the trigger, or on where a noun event took place, or of a
        hyphenated pair before a noun ("Armenia-Azerbaijan talks")."""
        for o in self.prep_objects(i, "between"):
            found = self.actors_of(o)
            if found:
                return found
        pair = self.hyphen_pair(i)
        if pair:
            return pair
        token = self.tokens[i]
        if self.occurs(i):  # "fighting erupted between A and B"
            for o in self.prep_objects(token.head, "between"):
                found = self.actors_of(o)
                if found:
                    return found
        if token.dep in SUBJECT_DEPS and self.is_verb(token.head):
            for p in self.kids(token.head, "prep"):
                if self.lemma(p) not in BORDER_PREPOSITIONS:
                    continue
                for o in self.kids(p, "pobj"):
                    for b in self.prep_objects(o, "between"):
                        found = self.actors_of(b)
                        if found:
                            return found
        return []


def unique_by(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """The items in order, the first of each key kept."""
    seen: set[str] = set()
    unique: list[T] = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            unique.append(item)
    return unique


def _unique(arguments: list[Argument]) -> list[Argument]:
    return unique_by(arguments, lambda a: a.key)


def _unique_mentions(mentions: list[Mention | None]) -> list[Mention]:
    """The distinct mentions of a run of tokens, in order (a mention spans several tokens)."""
    found: list[Mention] = []
    for mention in mentions:
        if mention is not None and all(m is not mention for m in found):
            found.append(mention)
    return found
