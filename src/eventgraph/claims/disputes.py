"""Denials linked to the claims they answer: "…, which Baku has denied", "a charge that Armenia has
dismissed as a provocation", "Russia rejected the accusations".

The coder already makes each such denial its own REJECT event whose source is the denier and whose
target is the author of what is denied (PLOVER manual, "REJECT"; grammar.yaml ``claim_pronouns`` and
``claim_nouns``): the extractor takes denier and author from that event, and reads the denier off the
parse only where the coder made none ("a charge Baku rejects"). A denial answers the latest earlier claim
of that author in the same sentence or the ``dispute_reach`` sentences before, an accusation against the
denier first; a plural object ("denied the accusations") answers every such accusation in reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventgraph.claims.rules import ClaimRules
from eventgraph.records import ActorRef, Claim, ClaimAbout, Dispute

WORD = re.compile(r"[a-z]{5,}")


@dataclass(slots=True)
class Denial:
    """A denial found in a sentence: the denier, the author it answers (None: not named), the verb,
    where its verb stands (a document offset) and whether it denies several things."""

    denier: ActorRef
    author: str | None
    verb: str
    sentence_index: int
    at: int
    span: tuple[int, int]
    plural: bool = False
    relative: bool = False  # "…, which Baku has denied", "a charge Baku rejects": answers its own sentence
    of_label: bool = False  # "rejected the term": answers a claim that named something as something
    # what it says is false, when it says it ("denied speculation that X is ill"): the actors and the
    # content words of the clause; later claims stating it are contested too
    stated: Stated | None = None


@dataclass(frozen=True, slots=True)
class Stated:
    """What a clause states, to recognise it again: the actors it names and its content words (lemmas)."""

    actors: frozenset[str]
    words: frozenset[str]

    def restated_by(self, other: Stated) -> bool:
        """Whether ``other`` says the same of the same actor: a shared actor and a shared content word."""
        return bool(self.actors & other.actors) and bool(self.words & other.words)


def link_disputes(
    claims: list[Claim],
    denials: list[Denial],
    rules: ClaimRules,
    requests: frozenset[str] = frozenset(),
    labels: frozenset[str] = frozenset(),
    stated: dict[str, Stated] | None = None,
) -> None:
    """Add a :class:`Dispute` to each claim of ``claims`` (one document, in text order) that one of
    ``denials`` answers; a denial that is a claim itself becomes a claim about the author, -1.
    ``requests``: the ids of claims that ask for something (appeals), which a denial answers last;
    ``labels``: of those that name something as something, which a denial of "the term" answers first;
    ``stated``: what each claim's proposition states, by claim id, for denials that come before the
    claims they deny ("Lavrov has denied speculation that Putin is ill. … British sources said Putin was
    seriously ill")."""
    for denial in denials:
        answered = _answered_claims(claims, denial, rules, requests, labels)
        for claim in answered + _restating_claims(claims, denial, rules, stated or {}):
            dispute = Dispute(denial.denier, denial.verb, denial.sentence_index, denial.span)
            held = {(d.speaker.id, d.sentence_index, d.verb) for d in claim.contested_by}
            if (dispute.speaker.id, dispute.sentence_index, dispute.verb) not in held:
                claim.contested_by.append(dispute)
        if answered:
            _about_the_author(claims, denial, answered[-1])
        if denial.relative or denial.of_label:
            for claim in answered:
                _about_the_denier(claim, denial.denier)


def link_counter_claims(
    claims: list[Claim],
    rules: ClaimRules,
    sentence_texts: dict[int, str] | None = None,
    claims_named: dict[str, frozenset[str]] | None = None,
) -> None:
    """A claim of the accused that answers an accusation made just before: a reply ("Aliyev replied that
    …") contests it; a counter-accusation about the same incident ("Kyrgyzstan accused Tajikistan …;
    Dushanbe said Kyrgyz forces had opened fire first") contests it and is contested by it; so does the
    accused's account of the incident the accusation's sentence tells of, in a later sentence
    ("Azerbaijan … accused Iran of failing to protect them [after a gunman attacked …]. Iranian officials
    said the gunman had acted for personal reasons": the longer words the answer shares with the text of
    the accusation's sentence, of ``sentence_texts``, show the shared incident). Further off, up to
    ``topic_reach`` sentences, a counter-claim that names the accuser's claim ("said the court had not
    accepted Georgia's claim of an embargo": ``claims_named`` maps a claim id to the actors whose claim
    its proposition names) answers the accuser's accusation on the same subject (a shared word)."""
    words_of: dict[int, frozenset[str]] = {}
    for k, answer in enumerate(claims):
        if answer.speaker.id is None:
            continue
        answered: list[tuple[Claim, bool]] = []  # the accusations it answers, latest first; counter?
        for earlier in reversed(claims[:k]):
            distance = answer.sentence_index - earlier.sentence_index
            if distance > max(rules.dispute_reach, rules.topic_reach):
                break
            accused = any(a.actor.id == answer.speaker.id and a.stance < 0 for a in earlier.about)
            if not accused or earlier.speaker.id in (None, answer.speaker.id):
                continue
            if earlier.proposition_span == answer.proposition_span:
                continue  # "accused each other": one speech act, not an answer
            counter = any(a.actor.id == earlier.speaker.id and a.stance < 0 for a in answer.about)
            if distance > rules.dispute_reach:  # further off: an answer naming the accuser's claim only
                named = (claims_named or {}).get(answer.claim_id, frozenset())
                if counter and earlier.speaker.id in named and _share_words(earlier, answer, rules):
                    answered.append((earlier, counter))
                continue
            account = False
            if sentence_texts is not None and answer.sentence_index > earlier.sentence_index:
                where = earlier.sentence_index
                if where not in words_of:
                    words_of[where] = content_words(sentence_texts.get(where, ""), rules.common_words)
                account = bool(content_words(answer.proposition_text, rules.common_words) & words_of[where])
            if answer.verb in rules.rebuttal_verbs or counter or account:
                answered.append((earlier, counter))
        if not answered:
            continue
        # the accusation on the same subject as the answer, else the latest one
        earlier, counter = next(((c, n) for c, n in answered if _share_words(c, answer, rules)), answered[0])
        _contest(earlier, answer)
        if counter:
            _contest(answer, earlier)


def _share_words(first: Claim, second: Claim, rules: ClaimRules) -> bool:
    """Whether two propositions share a content word (:func:`content_words`): they speak of one thing."""
    return bool(
        content_words(first.proposition_text, rules.common_words)
        & content_words(second.proposition_text, rules.common_words)
    )


def link_contrasts(claims: list[Claim], contrasts: list[tuple[int, int]]) -> None:
    """ "The Kremlin has claimed to be pulling back forces, but U.S. analysts have said …": a claim set
    against another speaker's by "but", about that speaker, contradicts it. ``contrasts`` holds the
    (earlier, later) pairs of claim indices the sentence joins by "but"."""
    for first, second in contrasts:
        earlier, later = claims[first], claims[second]
        if earlier.speaker.id in (None, later.speaker.id) or later.speaker.id is None:
            continue
        if any(a.actor.id == earlier.speaker.id for a in later.about):
            _contest(earlier, later)


def content_words(text: str, common: frozenset[str]) -> frozenset[str]:
    """The words of five letters or more of a text, lower case, but the ``common`` ones (claims.yaml
    ``common_words``): what two sentences must share to tell of one incident."""
    return frozenset(w for w in WORD.findall(text.lower()) if w not in common)


def _contest(claim: Claim, by: Claim) -> None:
    held = {(d.speaker.id, d.sentence_index) for d in claim.contested_by}
    if (by.speaker.id, by.sentence_index) not in held:
        claim.contested_by.append(Dispute(by.speaker, by.verb, by.sentence_index, by.span))


def _about_the_author(claims: list[Claim], denial: Denial, answered: Claim) -> None:
    """ "Stepanakert denied most of those claims": the denial's own claim is about who made them."""
    author = answered.speaker
    if author.id is None or author.id == denial.denier.id:
        return
    for claim in claims:
        same_verb = claim.sentence_index == denial.sentence_index and claim.verb == denial.verb
        if (
            same_verb
            and claim.span[0] <= denial.at < claim.span[1]
            and not any(a.actor.id == author.id for a in claim.about)
        ):
            claim.about.append(ClaimAbout(author, -1))


def _about_the_denier(claim: Claim, denier: ActorRef) -> None:
    """ "the departures amounted to ethnic cleansing, a charge Baku rejects", "called the situation a
    blockade … Baku rejected the term": who denies a charge hung on a claim, or the name a claim gave
    something, is who it charges: the claim is about the denier, -1, unless it already charges someone."""
    if denier.id is None or denier.id == claim.speaker.id or any(a.stance < 0 for a in claim.about):
        return  # a claim that already names whom it charges
    for k, held in enumerate(claim.about):
        if held.actor.id == denier.id:
            if held.stance == 0:
                claim.about[k] = ClaimAbout(held.actor, -1)
            return
    claim.about.append(ClaimAbout(denier, -1))


def _restating_claims(
    claims: list[Claim], denial: Denial, rules: ClaimRules, stated: dict[str, Stated]
) -> list[Claim]:
    """The later claims, within ``stated_reach`` sentences, of speakers other than the denier that state
    again what the denial names as false."""
    if denial.stated is None:
        return []
    denier = denial.denier.id or denial.denier.text
    return [
        c
        for c in claims
        if denial.sentence_index < c.sentence_index <= denial.sentence_index + rules.stated_reach
        and (c.speaker.id or c.speaker.text) != denier
        and c.claim_id in stated
        and denial.stated.restated_by(stated[c.claim_id])
    ]


def _answered_claims(
    claims: list[Claim],
    denial: Denial,
    rules: ClaimRules,
    requests: frozenset[str] = frozenset(),
    labels: frozenset[str] = frozenset(),
) -> list[Claim]:
    """The claims before the denial, within reach, of the author it names (any other speaker's when it
    names none), never the denier's own; an accusation against the denier first."""
    denier = denial.denier.id or denial.denier.text
    earliest = denial.sentence_index - rules.dispute_reach
    if denial.relative:
        earliest = denial.sentence_index  # a relative denial hangs on what its own sentence says
    candidates = [
        c
        for c in claims
        if earliest <= c.sentence_index <= denial.sentence_index
        and c.span[0] < denial.at
        and not (c.span[0] <= denial.at < c.span[1] and c.verb == denial.verb)
        and (c.speaker.id or c.speaker.text) != denier
    ]
    if denial.author is not None:
        candidates = [c for c in candidates if c.speaker.id == denial.author]
    # a request is refused, not denied: "Yerevan called the situation a blockade and asked the UN to …;
    # Baku rejected the term" answers the label
    candidates = [c for c in candidates if c.claim_id not in requests] or candidates
    if denial.of_label:  # "Yerevan called the situation a blockade … Baku rejected the term"
        candidates = [c for c in candidates if c.claim_id in labels] or candidates
    accusing = [
        c for c in candidates if any(a.actor.id == denial.denier.id and a.stance < 0 for a in c.about)
    ]
    if accusing and denial.plural:
        return accusing
    candidates = accusing or candidates
    return candidates[-1:]
