"""The claim extractor's word lists (data/claims/claims.yaml), read and checked on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.datafiles import DataFileError, read_yaml

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "claims" / "claims.yaml"
VERB_KINDS = frozenset({"report", "frame", "appeal", "label", "deny"})


@dataclass(frozen=True, slots=True)
class ClaimRules:
    """What makes a speech act and how its stance is read; every field is a key of the file."""

    verbs: dict[str, str]
    framing_stance: dict[str, int]
    phrasal_verbs: dict[str, str]
    call_particles: frozenset[str]
    label_words: frozenset[str]
    label_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    proposal_nouns: frozenset[str]
    deed_nouns: frozenset[str]
    hostile_nouns: frozenset[str]
    deed_light_verbs: frozenset[str]
    undoing_verbs: frozenset[str]
    critic_nouns: frozenset[str]
    first_person: frozenset[str]
    reflexive_possessives: frozenset[str]
    attribution_heads: dict[str, str]
    complement_preps: frozenset[str]
    appeal_pair_stance: int
    negative_words: frozenset[str]
    positive_words: frozenset[str]
    cooperation_goldstein: float
    quote_marks: frozenset[str]
    dispute_reach: int
    topic_reach: int
    stated_reach: int
    rebuttal_verbs: frozenset[str]
    common_words: frozenset[str]
    max_proposition_tokens: int
    pair_nouns: frozenset[str]
    definite_pair_nouns: frozenset[str]
    unnamed_speakers: frozenset[str]
    carrying_nouns: frozenset[str]
    acceptance_verbs: frozenset[str]
    cluster_shingle_words: int
    cluster_threshold: float
    cluster_window_months: int
    cluster_min_words: int

    def kind(self, lemma: str) -> str | None:
        return self.verbs.get(lemma)


@lru_cache(maxsize=4)
def load_claim_rules(path: Path = RULES_FILE) -> ClaimRules:
    """The rules file, validated: an error names the file and the key."""
    data = read_yaml(path)
    known = set(ClaimRules.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise DataFileError(f"{path}: {unknown[0]}: unknown key (known: {', '.join(sorted(known))})")
    missing = sorted(known - set(data))
    if missing:
        raise DataFileError(f"{path}: {missing[0]}: required key missing")

    def words(key: str) -> frozenset[str]:
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise DataFileError(f"{path}: {key}: expected a list of words, got {value!r}")
        return frozenset(w.strip().lower() for w in value)

    def mapping(key: str, check: Any, what: str) -> dict[str, Any]:
        value = data[key]
        if not isinstance(value, dict) or not value:
            raise DataFileError(f"{path}: {key}: expected a mapping of words to {what}")
        for word, item in value.items():
            if not isinstance(word, str) or not check(item):
                raise DataFileError(f"{path}: {key}: {word}: expected {what}, got {item!r}")
        return {str(w).lower(): v for w, v in value.items()}

    def number(key: str, kind: type, low: float) -> Any:
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
            raise DataFileError(f"{path}: {key}: expected a number of at least {low}, got {value!r}")
        return kind(value)

    verbs = mapping("verbs", lambda v: v in VERB_KINDS, f"one of {', '.join(sorted(VERB_KINDS))}")
    stance = mapping("framing_stance", lambda v: v in (-1, 1) and not isinstance(v, bool), "-1 or 1")
    unlisted = sorted(set(stance) - set(verbs))
    if unlisted:
        raise DataFileError(f"{path}: framing_stance: {unlisted[0]}: not a verb listed under verbs")
    pair_stance = data["appeal_pair_stance"]
    if pair_stance not in (-1, 0, 1) or isinstance(pair_stance, bool):
        raise DataFileError(f"{path}: appeal_pair_stance: expected -1, 0 or 1, got {pair_stance!r}")
    is_word = lambda v: isinstance(v, str) and bool(v.strip())  # noqa: E731
    return ClaimRules(
        verbs=verbs,
        framing_stance=stance,
        phrasal_verbs=mapping("phrasal_verbs", is_word, "a word"),
        call_particles=words("call_particles"),
        label_words=words("label_words"),
        label_nouns=words("label_nouns"),
        place_prepositions=words("place_prepositions"),
        proposal_nouns=words("proposal_nouns"),
        deed_nouns=words("deed_nouns"),
        hostile_nouns=words("hostile_nouns"),
        deed_light_verbs=words("deed_light_verbs"),
        undoing_verbs=words("undoing_verbs"),
        critic_nouns=words("critic_nouns"),
        first_person=words("first_person"),
        reflexive_possessives=words("reflexive_possessives"),
        attribution_heads=mapping("attribution_heads", is_word, "a preposition"),
        complement_preps=words("complement_preps"),
        appeal_pair_stance=pair_stance,
        negative_words=words("negative_words"),
        positive_words=words("positive_words"),
        cooperation_goldstein=number("cooperation_goldstein", float, -10),
        quote_marks=frozenset(data["quote_marks"])
        if isinstance(data["quote_marks"], list)
        else words("quote_marks"),
        dispute_reach=number("dispute_reach", int, 0),
        topic_reach=number("topic_reach", int, 0),
        stated_reach=number("stated_reach", int, 0),
        rebuttal_verbs=words("rebuttal_verbs"),
        common_words=words("common_words"),
        max_proposition_tokens=number("max_proposition_tokens", int, 1),
        pair_nouns=words("pair_nouns"),
        definite_pair_nouns=words("definite_pair_nouns"),
        unnamed_speakers=words("unnamed_speakers"),
        carrying_nouns=words("carrying_nouns"),
        acceptance_verbs=words("acceptance_verbs"),
        cluster_shingle_words=number("cluster_shingle_words", int, 1),
        cluster_threshold=min(number("cluster_threshold", float, 0), 1.0),
        cluster_window_months=number("cluster_window_months", int, 0),
        cluster_min_words=number("cluster_min_words", int, 1),
    )
