"""The predicate-pattern lexicon (``data/lexicon/predicates.yaml``) and grammar cues (``grammar.yaml``).

Both files are analyst-editable YAML; loading validates every entry against the ontology and fails
with :class:`LexiconError` naming the file and the pattern at fault. Patterns are compiled into a dict
keyed by (part of speech, lemma) so the coder does one lookup per token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgraph.coding.ontology import Ontology, load_ontology
from eventgraph.datafiles import DataFileError, read_yaml

LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicon"
SIMPLE_ROLES = frozenset(
    {
        "subject",
        "object",
        "agent",
        "dative",
        "possessor",
        "between",
        "object.between",
        "light.subject",
        "clause.subject",
        "adjunct.subject",
        "complement.subject",
        "complement.object",
        "cause.possessor",
        "hyphen.agent",
        "modified",
        "modified.between",
        "sentence.pair",
        "carrier.subject",
        "fight.opponent",
        "deed.accuser",
        "charge.accuser",
        "purpose.object",
        "object.pair",
        "content.subject",
        "finding.wrongdoer",
        "place",
    }
)
PREP_ROLE_PREFIXES = ("prep:", "object.prep:", "complement.prep:")
DEFAULT_ROLES = {
    "verb": (("subject",), ("object",)),
    "noun": (("possessor", "light.subject"), ()),
}
PATTERN_KEYS = {
    "id",
    "description",
    "example",
    "lemmas",
    "pos",
    "type",
    "mode",
    "cameo",
    "source",
    "target",
    "symmetric",
    "requires",
    "object_lemmas",
    "modifiers",
    "claim_object",
    "one_sided",
    "transitive",
    "excluded_objects",
    "predicate_lemmas",
    "actor_object",
    "complement_modals",
    "complement_types",
    "object_modifiers",
    "subject_lemmas",
    "excluded_subjects",
    "excluded_particles",
    "carrier_verbs",
    "clause_words",
    "finding_words",
    "attributive",
}
GRAMMAR_KEYS = (
    "negation_words",
    "negating_heads",
    "modal_auxiliaries",
    "conditional_marks",
    "hypothetical_heads",
    "factual_heads",
    "light_verbs",
    "quantifier_nouns",
    "speech_verbs",
    "claim_nouns",
    "subject_pronouns",
    "relative_pronouns",
    "institution_nouns",
    "location_nouns",
    "adjunct_prepositions",
    "pair_nouns",
    "pair_words",
    "object_control_verbs",
    "referring_determiners",
    "deed_types",
    "border_nouns",
    "future_auxiliaries",
    "obligation_auxiliaries",
    "intent_heads",
    "request_heads",
    "occurrence_verbs",
    "maker_verbs",
    "responsibility_adjectives",
    "claim_pronouns",
    "leader_participles",
    "prospective_modifiers",
)


class LexiconError(DataFileError):
    """A lexicon file is malformed; the message names the file and the pattern."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One predicate pattern: trigger lemmas, argument roles and the coding it yields."""

    id: str
    description: str
    example: str
    lemmas: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    symmetric: bool = False
    requires: tuple[str, ...] = ()
    object_lemmas: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    claim_object: bool = False
    one_sided: bool = False  # the event stands without a target actor ("Russian troops shelled the city")
    transitive: bool = False  # the trigger needs a direct object ("returned the remains", not "returned")
    excluded_objects: frozenset[str] = frozenset()  # "struck a deal", "hosts a base": not this event
    predicate_lemmas: frozenset[str] = frozenset()  # "called it a violation": the object's predicate
    actor_object: bool = False  # the object is an actor itself, with nothing said of it ("called Aliyev")
    complement_modals: frozenset[str] = frozenset()  # "said Baku [should] withdraw": a normative clause
    complement_types: frozenset[str] = frozenset()  # "said Baku [attacked]": an asserted deed reported
    object_modifiers: frozenset[str] = frozenset()  # "violated the [ceasefire] agreement"
    subject_lemmas: frozenset[str] = frozenset()  # "[troops] crossed into", "[peacekeepers] were deployed"
    excluded_subjects: frozenset[str] = frozenset()  # "[sanctions] hit Russia's economy": not an attack
    excluded_particles: tuple[str, ...] = ()  # "asked Lavrov [about] it": a question, not a request
    carrier_verbs: frozenset[str] = frozenset()  # a noun event only under these verbs ("[remained] on alert")
    clause_words: frozenset[str] = frozenset()  # "sent troops to the [peacekeeping] mission"
    finding_words: frozenset[str] = frozenset()  # "found that X committed [war crimes]": what was found
    attributive: bool = (
        False  # a participle before its noun, its doer before a hyphen ("Russian-brokered truce")
    )
    # broad layer only (coding/broad.py): (preposition, object heads) that must hang on the verb or its
    # object, an empty set taking any object ("rushed police [to the border]")
    prep_objects: tuple[tuple[str, frozenset[str]], ...] = ()

    @property
    def specificity(self) -> int:
        """Constrained patterns are tried before the general ones for the same lemma."""
        return (
            bool(self.requires)
            + bool(self.object_lemmas)
            + bool(self.modifiers)
            + self.transitive
            + bool(self.predicate_lemmas)
            + self.actor_object
            + bool(self.complement_modals)
            + bool(self.complement_types)
            + bool(self.object_modifiers)
            + bool(self.subject_lemmas)
            + bool(self.carrier_verbs)
            + bool(self.clause_words)
            + bool(self.finding_words)
        )


@dataclass(frozen=True, slots=True)
class Grammar:
    """Closed-class cue lists; each attribute is a frozenset of lower-case lemmas or words."""

    negation_words: frozenset[str]
    negating_heads: frozenset[str]
    modal_auxiliaries: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_heads: frozenset[str]
    factual_heads: frozenset[str]
    light_verbs: frozenset[str]
    quantifier_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    subject_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    institution_nouns: frozenset[str]
    location_nouns: frozenset[str]
    adjunct_prepositions: frozenset[str]
    pair_nouns: frozenset[str]
    pair_words: frozenset[str]
    object_control_verbs: frozenset[str]
    referring_determiners: frozenset[str]
    deed_types: frozenset[str]
    border_nouns: frozenset[str]
    future_auxiliaries: frozenset[str]
    obligation_auxiliaries: frozenset[str]
    intent_heads: frozenset[str]
    request_heads: frozenset[str]
    occurrence_verbs: frozenset[str]
    maker_verbs: frozenset[str]
    responsibility_adjectives: frozenset[str]
    claim_pronouns: frozenset[str]
    leader_participles: frozenset[str]
    prospective_modifiers: frozenset[str]


@dataclass(slots=True)
class Lexicon:
    patterns: list[Pattern]
    grammar: Grammar
    ontology: Ontology
    by_trigger: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for pattern in self.patterns:
            for lemma in pattern.lemmas:
                self.by_trigger.setdefault((pattern.pos, lemma), []).append(pattern)
        for candidates in self.by_trigger.values():
            candidates.sort(key=lambda p: -p.specificity)

    def candidates(self, pos: str, lemma: str) -> list[Pattern]:
        return self.by_trigger.get((pos, lemma.lower()), [])

    def pattern(self, pattern_id: str) -> Pattern:
        for pattern in self.patterns:
            if pattern.id == pattern_id:
                return pattern
        raise KeyError(pattern_id)


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """The predicate patterns and grammar cues in ``directory``, validated.

    Patterns come from ``predicates.yaml`` and then every ``predicates-*.yaml`` beside it (a theme per
    file, e.g. ``predicates-reported-speech.yaml``); ids are unique across all of them.
    """
    ontology = load_ontology()
    grammar = _load_grammar(directory / "grammar.yaml")
    patterns: list[Pattern] = []
    seen: dict[str, str] = {}
    for path in [directory / "predicates.yaml", *sorted(directory.glob("predicates-*.yaml"))]:
        for pattern in _load_patterns(path, ontology):
            if pattern.id in seen:
                raise LexiconError(f"{path.name}: pattern id {pattern.id!r} is also in {seen[pattern.id]}")
            seen[pattern.id] = path.name
            patterns.append(pattern)
    return Lexicon(patterns=patterns, grammar=grammar, ontology=ontology)


def _load_grammar(path: Path) -> Grammar:
    raw = read_yaml(path, LexiconError)
    unknown = set(raw) - set(GRAMMAR_KEYS)
    if unknown:
        raise LexiconError(f"{path.name}: unknown keys {', '.join(sorted(unknown))}")
    lists: dict[str, frozenset[str]] = {}
    for key in GRAMMAR_KEYS:
        words = raw.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise LexiconError(f"{path.name}: {key} must be a list of words")
        lists[key] = frozenset(w.lower() for w in words)
    return Grammar(**lists)


def _load_patterns(path: Path, ontology: Ontology) -> list[Pattern]:
    raw = read_yaml(path, LexiconError, top=list)
    patterns: list[Pattern] = []
    seen: set[str] = set()
    for position, entry in enumerate(raw, start=1):
        pattern = _pattern(entry, f"{path.name}: pattern #{position}", ontology)
        if pattern.id in seen:
            raise LexiconError(f"{path.name}: pattern id {pattern.id!r} is used twice")
        seen.add(pattern.id)
        patterns.append(pattern)
    return patterns


def _pattern(entry: Any, where: str, ontology: Ontology) -> Pattern:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a mapping")
    if isinstance(entry.get("id"), str):
        where = f"{where} ({entry['id']})"
    missing = {"id", "description", "example", "lemmas", "type", "cameo"} - set(entry)
    if missing:
        raise LexiconError(f"{where}: missing {', '.join(sorted(missing))}")
    unknown = set(entry) - PATTERN_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    pos = entry.get("pos", "verb")
    if pos not in DEFAULT_ROLES:
        raise LexiconError(f"{where}: pos must be verb or noun, got {pos!r}")
    cameo = str(entry["cameo"])
    problem = ontology.check_coding(entry["type"], entry.get("mode"), cameo)
    if problem:
        raise LexiconError(f"{where}: {problem}")
    default_source, default_target = DEFAULT_ROLES[pos]
    source = _roles(entry.get("source", default_source), where, "source")
    target = _roles(entry.get("target", default_target), where, "target")
    if not source:
        raise LexiconError(f"{where}: source needs at least one role")
    return Pattern(
        id=entry["id"],
        description=str(entry["description"]),
        example=str(entry["example"]),
        lemmas=_words(entry["lemmas"], where, "lemmas"),
        pos=pos,
        type=entry["type"],
        mode=entry.get("mode") or None,
        cameo=cameo,
        source=source,
        target=target,
        symmetric=bool(entry.get("symmetric", False)),
        requires=_words(entry.get("requires", []), where, "requires"),
        object_lemmas=frozenset(_words(entry.get("object_lemmas", []), where, "object_lemmas")),
        modifiers=frozenset(_words(entry.get("modifiers", []), where, "modifiers")),
        claim_object=bool(entry.get("claim_object", False)),
        one_sided=bool(entry.get("one_sided", False)),
        transitive=bool(entry.get("transitive", False)),
        excluded_objects=frozenset(_words(entry.get("excluded_objects", []), where, "excluded_objects")),
        predicate_lemmas=frozenset(_words(entry.get("predicate_lemmas", []), where, "predicate_lemmas")),
        actor_object=bool(entry.get("actor_object", False)),
        complement_modals=frozenset(_words(entry.get("complement_modals", []), where, "complement_modals")),
        complement_types=_types(entry.get("complement_types", []), where, ontology),
        object_modifiers=frozenset(_words(entry.get("object_modifiers", []), where, "object_modifiers")),
        subject_lemmas=frozenset(_words(entry.get("subject_lemmas", []), where, "subject_lemmas")),
        excluded_subjects=frozenset(_words(entry.get("excluded_subjects", []), where, "excluded_subjects")),
        excluded_particles=tuple(_words(entry.get("excluded_particles", []), where, "excluded_particles")),
        carrier_verbs=frozenset(_words(entry.get("carrier_verbs", []), where, "carrier_verbs")),
        clause_words=frozenset(_words(entry.get("clause_words", []), where, "clause_words")),
        finding_words=frozenset(_words(entry.get("finding_words", []), where, "finding_words")),
        attributive=bool(entry.get("attributive", False)),
    )


def _words(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(w, str) and w.strip() for w in value):
        raise LexiconError(
            f"{where}: {key} must be a list of words (quote on, no, yes: YAML reads them as booleans)"
        )
    return tuple(w.strip().lower() for w in value)


def _types(value: Any, where: str, ontology: Ontology) -> frozenset[str]:
    """PLOVER type names (upper case), each checked against the ontology."""
    types = frozenset(w.upper() for w in _words(value, where, "complement_types"))
    unknown = sorted(types - set(ontology.types))
    if unknown:
        raise LexiconError(f"{where}: complement_types: unknown PLOVER type {unknown[0]!r}")
    return types


def _roles(value: Any, where: str, key: str) -> tuple[str, ...]:
    roles = _words(value, where, key)
    for role in roles:
        if role not in SIMPLE_ROLES and not (role.startswith(PREP_ROLE_PREFIXES) and role.split(":", 1)[1]):
            raise LexiconError(f"{where}: unknown {key} role {role!r}")
    return roles
