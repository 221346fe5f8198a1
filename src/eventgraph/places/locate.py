"""Find where an event happened: a locative phrase attached to the event's trigger or its clause.

A place name counts only when a locative preposition governs it ("in Moscow", "at the CSTO summit in
Yerevan", "in the disputed enclave of Nagorno-Karabakh", "on the border between Tajikistan and
Kyrgyzstan"). A name in subject or object role ("Moscow accused …"), a possessive ("Armenia's army") or
a party to a relation ("talks between Armenia and Azerbaijan") is an actor or a target, not a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventgraph.dates import tree
from eventgraph.places.gazetteer import Gazetteer
from eventgraph.records import PlaceRef, Sentence

PLACE_LABELS = {"GPE", "LOC", "FAC"}
VENUE_LABELS = {"LOC", "FAC"}
# Dependencies through which a name stays part of the same noun phrase on the way up to its preposition.
PHRASE_DEPS = {"conj", "appos", "compound", "npadvmod", "nmod"}
MAX_PATTERN_TOKENS = 5


@dataclass(slots=True)
class PlacePhrase:
    """A place name in a sentence (token span) and the locative preposition that governs it."""

    start: int
    end: int
    text: str
    preposition: int
    border_of: list[str]  # texts of the countries when the phrase is "the border between A and B"
    depth: int
    venue: bool = False  # a facility or geographic feature (FAC, LOC): never looked up among cities


def event_place(
    sentence: Sentence, span: tuple[int, int], trigger: int | None, gazetteer: Gazetteer
) -> PlaceRef | None:
    """The place where the event with evidence ``span`` and trigger token ``trigger`` happened.

    Unknown place names are kept as ``PlaceRef(name=text, id=None)``; None when the sentence gives no
    place for this event.
    """
    trigger = tree.event_anchor(sentence, span, trigger)
    phrases = place_phrases(sentence, gazetteer)
    ranked = [
        (rank, p) for p in phrases if (rank := _rank(sentence, p, span, trigger, gazetteer)) is not None
    ]
    if not ranked:
        return None
    chosen = min(ranked, key=lambda r: r[0])[1]
    return _resolve(chosen, sentence, gazetteer)


def place_phrases(sentence: Sentence, gazetteer: Gazetteer) -> list[PlacePhrase]:
    """Every place name of the sentence that a locative preposition governs.

    Events of one sentence are placed one after another, so the last sentence's phrases are reused.
    """
    cached = _last_phrases.get("key")
    if cached is not None and cached[0] is sentence and cached[1] is gazetteer:
        return cached[2]
    phrases = _place_phrases(sentence, gazetteer)
    _last_phrases["key"] = (sentence, gazetteer, phrases)
    return phrases


_last_phrases: dict[str, tuple[Sentence, Gazetteer, list[PlacePhrase]]] = {}


def _place_phrases(sentence: Sentence, gazetteer: Gazetteer) -> list[PlacePhrase]:
    phrases = []
    venues = {(e.start, e.end) for e in sentence.entities if e.label in VENUE_LABELS}
    for start, end in _name_spans(sentence, gazetteer):
        place = gazetteer.profile_place(_text(sentence, start, end))
        venue = (start, end) in venues or (place is not None and place.label in VENUE_LABELS)
        found = _governing_preposition(sentence, start, end, gazetteer, venue)
        if found is None:
            continue
        preposition, border_of, depth = found
        text = _with_qualifier(sentence, start, end, gazetteer)
        phrases.append(PlacePhrase(start, end, text, preposition, border_of, depth, venue))
    return phrases


# ------------------------------------------------------------------------------------- place names


def _name_spans(sentence: Sentence, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """Token spans of place names: GPE/LOC/FAC entities and profile names spaCy missed, longest first."""
    spans = [(e.start, e.end) for e in sentence.entities if e.label in PLACE_LABELS]
    tokens = sentence.tokens
    for start in range(len(tokens)):
        # Profile names are capitalised: most tokens can be skipped before any lookup.
        if not tokens[start].text[:1].isupper() or tokens[start].pos == "PUNCT":
            continue
        for end in range(min(len(tokens), start + MAX_PATTERN_TOKENS), start, -1):
            if tokens[end - 1].pos == "PUNCT":
                continue
            text = _text(sentence, start, end)
            if gazetteer.profile_place(text) is not None:
                spans.append((start, end))
                break
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return sorted(chosen)


def _text(sentence: Sentence, start: int, end: int) -> str:
    tokens = sentence.tokens[start:end]
    return "".join(t.text + t.whitespace for t in tokens[:-1]) + tokens[-1].text if tokens else ""


def _with_qualifier(sentence: Sentence, start: int, end: int, gazetteer: Gazetteer) -> str:
    """ "Arlington, Virginia": a following ", <state or country>" qualifies the name."""
    text = _text(sentence, start, end)
    tokens = sentence.tokens
    if end + 1 < len(tokens) and tokens[end].text == ",":
        for stop in range(min(len(tokens), end + 4), end + 1, -1):
            qualifier = _text(sentence, end + 1, stop)
            if (
                tokens[stop - 1].pos != "PUNCT"
                and qualifier[:1].isupper()
                and gazetteer.is_qualifier(qualifier)
            ):
                return f"{text}, {qualifier}"
    return text


# ------------------------------------------------------------------------------------- tree walk


def _governing_preposition(
    sentence: Sentence, start: int, end: int, gazetteer: Gazetteer, venue: bool = False
) -> tuple[int, list[str], int] | None:
    """(preposition token, border countries, path length) when a locative preposition governs the name.

    ``venue`` names (facilities, corridors, borders: FAC and LOC) take "at"/"on" directly ("at the White
    House"); a state or city after them is a target ("lashed out at Brussels").
    """
    words = gazetteer.locatives
    head = tree.span_head(sentence, list(range(start, end)))
    if head is None:
        return None
    # A name that is itself a place noun ("the Lachin corridor", "the Armenia-Azerbaijan border") counts
    # as reached through one.
    through_noun = venue or sentence.tokens[head].text.casefold() in words.place_nouns
    node, border_of, depth = head, [], 0
    while depth < 8:
        token = sentence.tokens[node]
        if token.dep in PHRASE_DEPS and token.head != node:
            if not _joins_place(sentence, token.dep, token.head, words.place_nouns):
                return None
            node, depth = token.head, depth + 1
            continue
        if token.dep != "pobj" or token.head == node:
            return None
        preposition = sentence.tokens[token.head]
        word, holder = preposition.text.casefold(), sentence.tokens[preposition.head]
        if word in words.prepositions or (word in words.object_prepositions and through_noun):
            return preposition.i, border_of, depth
        holder_noun = holder.text.casefold()
        if word == "between" and holder_noun in words.border_nouns:
            border_of = _conjoined_names(sentence, node)
        elif word != "of" or holder_noun not in words.place_nouns:
            return None
        node, through_noun, depth = holder.i, True, depth + 2
    return None


def _joins_place(sentence: Sentence, dep: str, head: int, place_nouns: frozenset[str]) -> bool:
    """Whether a name may climb to ``head``: not onto a date or number ("in 2020, when Azerbaijan …"), and
    as a compound only onto a place noun ("the Yerevan summit", not "the Second Karabakh War")."""
    token = sentence.tokens[head]
    if token.pos not in {"NOUN", "PROPN"} or token.ent_type in {"DATE", "TIME", "CARDINAL"}:
        return False
    return dep != "compound" or token.text.casefold() in place_nouns


def _conjoined_names(sentence: Sentence, first: int) -> list[str]:
    """The names joined to ``first`` by "and" ("Tajikistan and Kyrgyzstan"), as entity texts."""
    members = {first} | {t.i for t in sentence.tokens if t.dep == "conj" and t.head == first}
    names = []
    for i in sorted(members):
        entity = next((e for e in sentence.entities if e.start <= i < e.end), None)
        names.append(entity.text if entity else sentence.tokens[i].text)
    return names


def _rank(
    sentence: Sentence, phrase: PlacePhrase, span: tuple[int, int], trigger: int | None, gazetteer: Gazetteer
) -> tuple | None:
    """(tier, distance) of a place phrase for this event; None when it does not belong to the event."""
    attached = sentence.tokens[phrase.preposition].head
    if trigger is None:
        start = sentence.tokens[phrase.start].start
        return (3, phrase.depth, start) if span[0] <= start < span[1] else None
    distance = tree.tree_distance(sentence, attached, trigger)
    clause = tree.clause_head(sentence, trigger)
    limit = gazetteer.locatives.max_preposition_hops
    if tree.governs(sentence, trigger, attached):
        ok = tree.preposition_hops(sentence, trigger, attached) <= limit
        return (0, distance, phrase.depth) if ok else None
    if tree.same_clause(sentence, attached, trigger):
        ok = tree.preposition_hops(sentence, clause, attached) <= limit
        return (1, distance, phrase.depth) if ok else None
    if tree.shares_subject(sentence, tree.clause_head(sentence, attached), clause):
        return 2, distance, phrase.depth
    return None


def _resolve(phrase: PlacePhrase, sentence: Sentence, gazetteer: Gazetteer) -> PlaceRef:
    if phrase.border_of:
        return _border(phrase, gazetteer)
    found = gazetteer.lookup(phrase.text, context=sentence.text, cities=not phrase.venue)
    if found is not None:
        return found
    return PlaceRef(name=re.sub(r"^the\s+", "", phrase.text, flags=re.IGNORECASE), id=None, text=phrase.text)


def _border(phrase: PlacePhrase, gazetteer: Gazetteer) -> PlaceRef:
    """A border place: the profile's entry for that pair of countries, else an unresolved name."""
    countries = [gazetteer.country(name) for name in phrase.border_of]
    text = " and ".join(phrase.border_of)
    if all(countries) and len(countries) == 2:
        codes = [c.id for c in countries if c]
        known = gazetteer.border_between(codes)
        if known is not None:
            return known.ref(f"border between {text}")
        names = sorted(c.name for c in countries if c)
        return PlaceRef(name=f"{names[0]}–{names[1]} border", id=None, text=f"border between {text}")
    return PlaceRef(name=f"border between {text}", id=None, text=f"border between {text}")
