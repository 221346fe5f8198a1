"""Denials linked to the claims they answer: "…, which Baku has denied", "a charge that Armenia has
dismissed as a provocation", "Russia rejected the accusation".

The coder already makes each such denial its own REJECT event whose target is the author of what is
denied (PLOVER manual, "REJECT"; grammar.yaml ``claim_pronouns`` and ``claim_nouns``): the denier is its
source. A denial answers the latest earlier claim of that author in the same sentence or the
``dispute_reach`` sentences before; a label of a claim ("a claim Yerevan called absurd") counts too.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventgraph.claims.rules import ClaimRules
from eventgraph.coding.lexicon import Grammar
from eventgraph.records import Claim, Dispute, Event, Sentence

DENIAL_TYPES = frozenset({"REJECT"})
LABEL_TYPES = frozenset({"ACCUSE"})


def link_disputes(
    claims: list[Claim],
    sentences: Sequence[Sentence],
    events: Sequence[Event],
    grammar: Grammar,
    rules: ClaimRules,
) -> None:
    """Add a :class:`Dispute` to each claim of ``claims`` (one document, in text order) that a later
    denial answers."""
    if not claims:
        return
    from eventgraph.pipeline import event_trigger_index

    by_index = {s.index: s for s in sentences}
    for event in events:
        sentence = by_index.get(event.sentence_index)
        if sentence is None or event.negated:
            continue
        trigger = event_trigger_index(sentence, event)
        if trigger is None:
            continue
        verb = sentence.tokens[trigger].lemma.lower()
        if not _is_denial(event, sentence, trigger, verb, grammar, rules):
            continue
        answered = _answered_claim(claims, event, sentence.tokens[trigger].start, rules)
        if answered is not None:
            answered.contested_by.append(Dispute(event.source, verb, event.sentence_index, event.span))


def _is_denial(
    event: Event, sentence: Sentence, trigger: int, verb: str, grammar: Grammar, rules: ClaimRules
) -> bool:
    """A REJECT event of a deny verb, or a label verb's ACCUSE of something said ("which Yerevan called
    absurd", "dismissed the charge as a provocation")."""
    kind = rules.kind(verb)
    if event.type in DENIAL_TYPES and kind in ("deny", "label"):
        return True
    if event.type not in LABEL_TYPES or kind not in ("label", "appeal", "deny"):
        return False
    token = sentence.tokens[trigger]
    objects = [t for t in sentence.tokens if t.head == trigger and t.dep in ("dobj", "obj")]
    said = grammar.claim_nouns | grammar.claim_pronouns | grammar.relative_pronouns
    if any(o.lemma.lower() in said or o.text.lower() in said for o in objects):
        return True
    if token.dep == "relcl" and token.head != trigger:
        return sentence.tokens[token.head].lemma.lower() in grammar.claim_nouns
    return False


def _answered_claim(claims: list[Claim], denial: Event, at: int, rules: ClaimRules) -> Claim | None:
    """The latest claim before the denial, within reach, said by the author the denial targets (any
    other speaker's when the denial names no author), never the denier's own."""
    denier = denial.source.id or denial.source.text
    author = denial.target.id if denial.target is not None else None
    earliest = denial.sentence_index - rules.dispute_reach
    candidates = [
        c
        for c in claims
        if earliest <= c.sentence_index <= denial.sentence_index
        and c.span[0] < at
        and (c.speaker.id or c.speaker.text) != denier
    ]
    if author is not None:
        candidates = [c for c in candidates if c.speaker.id == author]
    return candidates[-1] if candidates else None
