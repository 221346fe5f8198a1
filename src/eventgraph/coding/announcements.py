"""Announced acts, coded as PLOVER codes them: the announcement is a fact of its own.

"Russia will send aid to Armenia" stays an AID event marked hypothetical (modality future): the aid
has not happened. The announcement has, and the PLOVER manual codes it with the single category the
act reduces to: a future cooperative act is AGREE, an announced retreat CONCEDE, an announced use of
force a THREATEN, an act announced not to happen a REJECT. The table and the manual's wording are in
``data/lexicon/announced.yaml``; this module finds the announcements and adds those events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from eventgraph.coding.lexicon import LEXICON_DIR, LexiconError
from eventgraph.coding.ontology import Ontology, load_ontology
from eventgraph.coding.syntax import SentenceGraph
from eventgraph.datafiles import Field, Schema, read_yaml
from eventgraph.records import Event, event_id_for

ANNOUNCED_FILE = LEXICON_DIR / "announced.yaml"
PATTERN_PREFIX = "announced:"
ANNOUNCING_MODALITIES = frozenset({"future", "intent"})
ONE_SIDED_TYPES = frozenset({"CONCEDE"})  # an announced withdrawal needs no target; an agreement does
MAX_CLIMB = 8
PARTICIPLE_DEPS = frozenset({"advcl", "acl", "amod", "pcomp"})
REDUCTION = Schema({"type": Field(required=True), "cameo": Field(required=True, pattern=r"^\d{2,4}$")})


@dataclass(frozen=True, slots=True)
class Announcements:
    """The announcing heads and what an announced (or refused) act of each PLOVER type becomes."""

    announcing_heads: frozenset[str]
    threatening_heads: frozenset[str]
    future: dict[str, tuple[str, str]]  # act's type -> (announcement's type, CAMEO)
    refused: dict[str, tuple[str, str]]


@lru_cache(maxsize=2)
def load_announcements(path: Path = ANNOUNCED_FILE) -> Announcements:
    """The table, checked against the ontology: every type and CAMEO code must exist and agree."""
    raw = read_yaml(path, LexiconError)
    heads = {name: _lemmas(path, name, raw.get(name)) for name in ("announcing_heads", "threatening_heads")}
    ontology = load_ontology()
    tables = {name: _reductions(path, name, raw.get(name), ontology) for name in ("future", "refused")}
    return Announcements(**heads, **tables)


def _lemmas(path: Path, name: str, value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
        raise LexiconError(f"{path}: {name}: expected a list of lemmas")
    return frozenset(h.lower() for h in value)


def _reductions(path: Path, name: str, value: object, ontology: Ontology) -> dict[str, tuple[str, str]]:
    if not isinstance(value, dict):
        raise LexiconError(f"{path}: {name}: expected a mapping of PLOVER types to {{type, cameo}}")
    table = {}
    for act, entry in value.items():
        where = f"{name}: {act}"
        if act not in ontology.types:
            raise LexiconError(f"{path}: {where}: not a PLOVER type")
        checked = REDUCTION.check(path, where, entry, LexiconError)
        if checked["cameo"] not in ontology.cameo:
            raise LexiconError(f"{path}: {where}: CAMEO code {checked['cameo']} is not in cameo.csv")
        mode = ontology.plover_for(checked["cameo"])[1]
        problem = ontology.check_coding(checked["type"], mode, checked["cameo"])
        if problem:
            raise LexiconError(f"{path}: {where}: {problem}")
        table[str(act)] = (checked["type"], checked["cameo"])
    return table


def announcement(
    event: Event, graph: SentenceGraph, trigger: int, table: Announcements, ontology: Ontology
) -> Event | None:
    """The asserted event an announced (or refused) act stands for, or None when it is no announcement."""
    if not event.hypothetical or event.modality not in ANNOUNCING_MODALITIES or event.source.id is None:
        return None
    reduction = (table.refused if event.negated else table.future).get(event.type)
    if reduction is None or (event.target is None and reduction[0] not in ONE_SIDED_TYPES):
        return None
    cue = _announcing_cue(graph, trigger, table.announcing_heads)
    if cue is None:
        # a purpose ("sent troops to attack"), an attempt, a noun placed ahead by a modifier ("the
        # upcoming talks"): nobody is told announcing anything
        return None
    told = _governing_speech_verb(graph, trigger) is not None
    if cue not in table.announcing_heads and not told:
        return None  # "Brazil will host the president": a forecast or schedule, the act's own business
    if reduction[0] == "THREATEN" and cue not in table.threatening_heads and not told:
        return None  # "Russian forces planned to launch an offensive": a plan reported, not a threat made
    if not _announced_by_source(graph, trigger, event):
        return None
    kind, cameo = reduction
    pattern = f"{PATTERN_PREFIX}{event.pattern}"
    target = event.target.id if event.target else None
    return replace(
        event,
        event_id=event_id_for(event.doc_id, event.span, event.source.id, target, f"{kind}:{pattern}"),
        type=kind,
        mode=ontology.plover_for(cameo)[1],
        cameo=cameo,
        goldstein=ontology.goldstein(cameo),
        quad_class=ontology.quad_class(kind),
        negated=False,
        hypothetical=False,
        modality=None,
        pattern=pattern,
    )


def _announcing_cue(graph: SentenceGraph, trigger: int, heads: frozenset[str]) -> str | None:
    """What announces the act: a future auxiliary ("will send", "said it would free") or an announcing
    head over an infinitive ("vowed to", "is ready to"), met on the way up from the trigger; None."""
    future = graph.grammar.future_auxiliaries
    j = trigger
    for _ in range(MAX_CLIMB):
        if _conditioned(graph, j):
            return None  # "said it will withdraw from the talks if Azerbaijan attacks": a condition set
        for c in graph.kids(j, ("aux", "auxpass")):
            if graph.lower(c) in future or graph.lemma(c) in future:
                return graph.lower(c)
        token = graph.tokens[j]
        if token.head == j:
            return None
        head = token.head
        if graph.lemma(head) in heads and token.dep == "xcomp":
            # the clause's own verb or adjective: "vowed to", "is ready to"; not a motive told in a
            # participle ("hosted talks, intending to broker a treaty"), nor "did not vow to"
            announced = graph.tokens[head].dep not in PARTICIPLE_DEPS and not graph.kids(head, "neg")
            return graph.lemma(head) if announced else None
        j = head
    return None


def _conditioned(graph: SentenceGraph, verb: int) -> bool:
    """A clause of ``verb`` opened by a conditional mark ("if", "unless")."""
    marks = graph.grammar.conditional_marks
    return any(graph.lemma(m) in marks for c in graph.kids(verb, "advcl") for m in graph.kids(c, "mark"))


def _announced_by_source(graph: SentenceGraph, trigger: int, event: Event) -> bool:
    """Reported speech announces only its speaker's acts: "Baku said it would retaliate" is Baku's, not
    "analysts said Russia would attack" nor "Baku said Armenian forces would attack". Unattributed, the
    sentence reports the actor's own announcement."""
    speech_verb = _governing_speech_verb(graph, trigger)
    if speech_verb is None:
        return True
    if graph.kids(speech_verb, "neg"):
        return False  # "he did not say that Armenia would leave the bloc"
    return event.source.id is not None and event.source.id in {a.actor.id for a in graph.subject(speech_verb)}


def _governing_speech_verb(graph: SentenceGraph, trigger: int) -> int | None:
    """The verb of saying whose reported clause holds ``trigger`` ("said [it would …]")."""
    j = trigger
    for _ in range(MAX_CLIMB):
        token = graph.tokens[j]
        if token.head == j:
            return None
        if token.dep == "ccomp" and graph.lemma(token.head) in graph.grammar.speech_verbs:
            return token.head
        j = token.head
    return None
