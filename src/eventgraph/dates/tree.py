"""Dependency-tree walks over sentence records, shared by the dates and places stages."""

from __future__ import annotations

from eventgraph.records import Sentence

# Dependencies that open a new clause: a date or place below one belongs to that clause's predicate.
CLAUSE_DEPS = {"ROOT", "advcl", "relcl", "ccomp", "xcomp", "acl", "pcomp", "csubj", "parataxis", "conj"}
PREDICATE_POS = {"VERB", "AUX"}
# Edges that leave a clause or a coordination: a walk within one clause stops at them.
BOUNDARY_DEPS = {"conj", "relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "pcomp"}


def tokens_between(sentence: Sentence, start_char: int, end_char: int) -> list[int]:
    """Indices of the sentence tokens that start inside ``[start_char, end_char)`` (document offsets)."""
    return [t.i for t in sentence.tokens if start_char <= t.start < end_char]


def span_head(sentence: Sentence, indices: list[int]) -> int | None:
    """The token of ``indices`` whose head lies outside them: the syntactic head of the span."""
    inside = set(indices)
    for i in indices:
        head = sentence.tokens[i].head
        if head not in inside or head == i:
            return i
    return indices[0] if indices else None


def event_anchor(sentence: Sentence, span: tuple[int, int], trigger: int | None) -> int | None:
    """The token standing for an event: its trigger if valid, else the head of its span, else the root."""
    if trigger is not None and 0 <= trigger < len(sentence.tokens):
        return trigger
    head = span_head(sentence, tokens_between(sentence, *span))
    if head is not None:
        return head
    return next((t.i for t in sentence.tokens if t.dep == "ROOT"), None)


def ancestors(sentence: Sentence, i: int) -> list[int]:
    """Heads of token ``i`` up to the root, nearest first (cycle-safe)."""
    chain: list[int] = []
    seen = {i}
    while True:
        head = sentence.tokens[i].head
        if head == i or head in seen or not 0 <= head < len(sentence.tokens):
            return chain
        chain.append(head)
        seen.add(head)
        i = head


def is_predicate(sentence: Sentence, i: int) -> bool:
    token = sentence.tokens[i]
    return token.pos in PREDICATE_POS or token.dep == "ROOT"


def clause_head(sentence: Sentence, i: int) -> int:
    """The predicate that governs token ``i`` (``i`` itself when it is one)."""
    if is_predicate(sentence, i):
        return i
    for head in ancestors(sentence, i):
        if is_predicate(sentence, head):
            return head
    return i


def governs(sentence: Sentence, upper: int, lower: int) -> bool:
    """True when ``upper`` dominates ``lower`` within one clause.

    No other predicate may stand between them, and no clause edge nor a coordination onto a predicate:
    "Russia's preoccupation with the war in Ukraine", parsed as coordinated with "used", is not "used"'s.
    """
    if upper == lower:
        return True
    node = lower
    for head in ancestors(sentence, lower):
        if sentence.tokens[node].dep in BOUNDARY_DEPS and (
            sentence.tokens[node].dep != "conj" or is_predicate(sentence, head)
        ):
            return False
        if head == upper:
            return True
        if is_predicate(sentence, head):
            return False
        node = head
    return False


def same_clause(sentence: Sentence, anchor: int, trigger: int) -> bool:
    """True when ``anchor`` hangs in the trigger's clause, or in the noun phrase the trigger's clause
    modifies ("the 2020 war fought by Azerbaijan": "2020" and "fought")."""
    clause = clause_head(sentence, trigger)
    if governs(sentence, clause, anchor):
        return True
    token = sentence.tokens[clause]
    return token.dep in {"acl", "relcl"} and governs(sentence, token.head, anchor)


def tree_distance(sentence: Sentence, a: int, b: int) -> int:
    """Edges between tokens ``a`` and ``b`` through their lowest common ancestor."""
    up_a = [a, *ancestors(sentence, a)]
    up_b = [b, *ancestors(sentence, b)]
    depth_b = {t: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t in depth_b:
            return n + depth_b[t]
    return len(up_a) + len(up_b)


def shares_subject(sentence: Sentence, inner: int, outer: int) -> bool:
    """True when ``inner`` is a subjectless adverbial clause of ``outer`` ("Speaking in Moscow, X said").

    Such a clause shares the main clause's subject, so its time and place are the main event's.
    """
    token = sentence.tokens[inner]
    if token.dep != "advcl" or token.head != outer:
        return False
    return not any(t.head == inner and t.dep in {"nsubj", "nsubjpass", "expl"} for t in sentence.tokens)


def preposition_hops(sentence: Sentence, upper: int, lower: int) -> int:
    """How many prepositions the path from ``lower`` up to ``upper`` passes (0 when ``upper`` is absent)."""
    hops = 0
    for head in ancestors(sentence, lower):
        if head == upper:
            return hops
        hops += sentence.tokens[head].pos == "ADP"
    return 0
