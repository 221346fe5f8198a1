"""Negation and modality of a trigger: did the text say the event happened, or only might happen?

Negation reaches a trigger only through the words that carry it ("did not *help*", "failure to *provide*
assistance", "not been *met* with opposition"), so "the failure to prevent Baku's blockade" does not
negate the blockade. Modality spreads further: a modal, a condition, a speculative head or an
infinitive ("called on X *to cease*", "intending *to broker*") anywhere up to the clause that asserts.
"""

from __future__ import annotations

from eventgraph.coding.syntax import VERBISH, SentenceGraph

# Crossing these upwards leaves the clause: the outer clause's modality is not the event's.
CLAUSE_BOUNDARIES = frozenset({"relcl", "advcl", "parataxis", "appos"})
NEGATION_DEPS = frozenset({"neg", "det", "advmod", "preconj", "cc"})
MAX_CLIMB = 12
# a past tense: no sibling's auxiliary governs it ("will work hard … and accused Kosovo")
FINITE_TAGS = frozenset({"VBD"})


def negation_chain(graph: SentenceGraph, trigger: int) -> list[int]:
    """The trigger and the tokens above it that carry it (light verbs, "failure to", "lack of")."""
    chain = [trigger]
    j = trigger
    grammar = graph.grammar
    for _ in range(6):
        token = graph.tokens[j]
        head = token.head
        if head == j:
            break
        if token.pos in VERBISH:
            if token.dep in ("xcomp", "acl", "advcl") and graph._infinitive(j):
                j = head
            elif token.dep == "ccomp" and graph.lemma(head) in grammar.negating_heads and head < j:
                # "Moscow denied that its troops had shelled the town"; but a denial after the clause
                # ("Moscow blamed Kyiv, a charge Ukraine denied") refers back to a claim that was made:
                # the claim stays asserted and the denial is an event of its own (PLOVER "REJECT")
                j = head
            elif token.dep == "conj" and _shares_auxiliaries(graph, j):
                j = head  # "refused to condemn Russia or impose sanctions", "did not help or support"
            else:
                break
        elif (
            token.dep in ("dobj", "obj", "nsubjpass", "attr", "oprd")
            and graph.lemma(head) in grammar.light_verbs
        ):
            j = head
        elif token.dep == "pobj" and graph._answers_for(graph.tokens[head].head):
            j = graph.tokens[graph.tokens[head].head].head  # "was not responsible for the attack"
        elif token.dep == "pobj":
            governor = graph.tokens[head].head
            light = graph.is_verb(governor) and graph.lemma(governor) in grammar.light_verbs
            negating = graph.lemma(head) == "of" and graph.lemma(governor) in grammar.negating_heads
            if not (light or negating or graph.lemma(governor) in grammar.quantifier_nouns):
                break
            j = governor
        elif token.dep == "conj" and graph.tokens[head].pos not in VERBISH:
            j = head
        elif token.dep in ("nsubj", "nsubjpass") and graph.lemma(head) in grammar.occurrence_verbs:
            j = head  # "talks between the US and Russia are not happening"
        else:
            break
        chain.append(j)
    return chain


def is_negated(graph: SentenceGraph, trigger: int) -> bool:
    grammar = graph.grammar
    for j in negation_chain(graph, trigger):
        if j != trigger and graph.lemma(j) in grammar.negating_heads:
            return True
        for c in graph.children[j]:
            word = graph.lower(c)
            if graph.tokens[c].dep == "neg" or (
                graph.tokens[c].dep in NEGATION_DEPS and word in grammar.negation_words
            ):
                return True
    return False


def is_hypothetical(graph: SentenceGraph, trigger: int) -> bool:
    """Future, conditional, speculative, normative or purpose: coded, but not reported as fact."""
    return modality(graph, trigger) is not None


def modality(graph: SentenceGraph, trigger: int) -> str | None:
    """Why an event is not reported as fact, or None when it is (see :data:`MODALITIES`).

    The first cue met climbing from the trigger to the clause that asserts decides: a modal auxiliary
    ("will" future; "should", "must" request; "could", "may" possibility), a conditional mark, a head
    that plans, asks or speculates ("vowed to", "urged … to", "chances that"), or a bare infinitive
    (a purpose: intent).
    """
    grammar = graph.grammar
    if graph.tokens[trigger].dep == "amod" and graph.is_verb(trigger):
        return None  # "violated the Russian-brokered truce": the brokering is presupposed, not planned
    prospect = _prospective(graph, trigger)
    if prospect is not None:
        return prospect
    j = trigger
    sibling = False  # reached through "conj": a coordinated verb, not one that governs the trigger
    finite = False  # that coordinated verb is finite: its sibling's auxiliaries are not its own
    for _ in range(MAX_CLIMB):
        token = graph.tokens[j]
        for c in graph.children[j]:
            child = graph.tokens[c]
            if finite:
                break  # "said Serbia will work hard … and accused Kosovo": "will" cannot govern "accused"
            if child.dep in ("aux", "auxpass") and (
                graph.lower(c) in grammar.modal_auxiliaries or graph.lemma(c) in grammar.modal_auxiliaries
            ):
                kind = _auxiliary_modality(graph, c)
                # "voiced hope that Greece will help": what is hoped for is only possible
                return _hoped_for(graph, j) if kind == "future" else kind
            if child.dep == "mark" and graph.lemma(c) in grammar.conditional_marks:
                return "condition"
        # "called Aliyev and urged him": the urging is not governed by "call"
        if j != trigger and not sibling and graph.lemma(j) in grammar.hypothetical_heads:
            return _head_modality(graph, j)
        sibling = token.dep == "conj" and token.pos in VERBISH
        head = token.head
        finite = sibling and token.tag in FINITE_TAGS and graph.tokens[head].tag == "VB"
        if head == j:
            return None
        if token.pos in VERBISH and graph._infinitive(j):
            governor = graph.lemma(head)
            if governor not in grammar.factual_heads and governor not in grammar.negating_heads:
                return _head_modality(graph, head) if governor in grammar.hypothetical_heads else "intent"
        if token.dep in CLAUSE_BOUNDARIES:
            # "a risk that Azerbaijan attacks": a complement clause the parser took for a relative one
            return _head_modality(graph, head) if graph.lemma(head) in grammar.hypothetical_heads else None
        if token.dep == "acl" and token.pos in VERBISH and graph.tokens[head].pos not in VERBISH:
            return None  # "the steps taken by Baku", "the air force [that] carried out strikes": the noun's
        if token.pos not in VERBISH and token.dep == "pobj" and not _carries_modality(graph, head):
            return None
        j = head
    return None


MODALITIES = {
    "future": "announced for the future (will, shall)",
    "intent": "planned, promised, threatened or aimed at (plans to, vowed to, in order to)",
    "request": "asked of the actor or required (urged to, should, must)",
    "possibility": "possible, feared or considered (could, may, chances that, considering)",
    "condition": "conditional (if, unless, whether)",
}


def _prospective(graph: SentenceGraph, noun: int) -> str | None:
    """A noun event its own modifiers place ahead ("a summit scheduled for next month", "the upcoming
    talks", "the planned offensive", "a possible attack"), or the counting noun it sits in ("the next
    round of talks"): PLOVER's "future" auxiliary mode, whatever the clause around it says."""
    if graph.is_verb(noun):
        return None
    holders = [noun]
    token = graph.tokens[noun]
    if token.dep == "pobj" and graph.lemma(token.head) == "of":
        counter = graph.tokens[token.head].head
        if graph.lemma(counter) in graph.grammar.quantifier_nouns:
            holders.append(counter)
    for holder in holders:
        for c in graph.kids(holder, ("amod", "acl")):
            lemma = graph.lemma(c)
            if lemma in graph.grammar.prospective_modifiers:
                return "future"
            # "the planned offensive", "talks proposed by Baku"; not "an exercise called Eagle Partner"
            named = graph.kids(c, ("dobj", "obj", "nsubj", "oprd", "attr", "ccomp", "xcomp"))
            if lemma in graph.grammar.hypothetical_heads and not named:
                return _head_modality(graph, c)
    return None


def _hoped_for(graph: SentenceGraph, clause: int) -> str:
    """ "future", unless the clause completes a head that only hopes or speculates ("hope that …")."""
    token = graph.tokens[clause]
    if token.dep == "ccomp" or (token.dep == "acl" and graph.tokens[token.head].pos not in VERBISH):
        head = token.head
        if graph.lemma(head) in graph.grammar.hypothetical_heads:
            kind = _head_modality(graph, head)
            if kind == "possibility":
                return kind
    return "future"


def _auxiliary_modality(graph: SentenceGraph, auxiliary: int) -> str:
    word = graph.lower(auxiliary)
    grammar = graph.grammar
    if word in grammar.future_auxiliaries or graph.lemma(auxiliary) in grammar.future_auxiliaries:
        return "future"
    if word in grammar.obligation_auxiliaries or graph.lemma(auxiliary) in grammar.obligation_auxiliaries:
        return "request"
    return "possibility"


def _head_modality(graph: SentenceGraph, head: int) -> str:
    lemma = graph.lemma(head)
    if lemma in graph.grammar.intent_heads:
        return "intent"
    if lemma in graph.grammar.request_heads:
        return "request"
    return "possibility"


def _carries_modality(graph: SentenceGraph, preposition: int) -> bool:
    """A noun in a prepositional phrase is presupposed ("attributed to Turkey's support") unless the
    phrase hangs on a light verb ("will hold talks with"), a request ("called for") or another noun."""
    governor = graph.tokens[preposition].head
    lemma = graph.lemma(governor)
    grammar = graph.grammar
    if graph.is_verb(governor):
        return lemma in grammar.light_verbs or lemma in grammar.hypothetical_heads
    # "the host of further talks", "chances of talks": an of-complement belongs to its noun's fate
    return lemma in grammar.quantifier_nouns or governor == preposition or graph.lemma(preposition) == "of"


def _shares_auxiliaries(graph: SentenceGraph, verb: int) -> bool:
    """A coordinated verb without its own subject or auxiliary takes its neighbour's negation."""
    return not any(
        graph.tokens[c].dep in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in graph.children[verb]
    )
