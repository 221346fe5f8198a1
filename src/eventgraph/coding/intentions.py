"""Announced cooperative acts as the PLOVER manual codes them (``data/lexicon/announced-readings.yaml``).

"Germany said it will send tanks to Ukraine" is an AID not yet done, and already an AGREE: PLOVER codes
future cooperation as the intention it expresses, and an announced retreat as a concession. The coder
keeps the announced act hypothetical and adds the asserted reading beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from eventgraph.coding.broad import LAYER_PREFIX
from eventgraph.coding.lexicon import LEXICON_DIR, LexiconError
from eventgraph.coding.modality import MODALITIES
from eventgraph.coding.ontology import Ontology
from eventgraph.coding.syntax import SentenceGraph
from eventgraph.records import Event, event_id_for

READINGS_FILE = LEXICON_DIR / "announced-readings.yaml"
READING_KEYS = {"type", "cameo", "said_by_source", "enabled"}
REPORT_CLIMB = 4  # clauses climbed from an act to the speech verb reporting it


@dataclass(frozen=True, slots=True)
class Reading:
    type: str
    cameo: str
    said_by_source: bool


@dataclass(frozen=True, slots=True)
class AnnouncedReadings:
    """Which modalities announce, and what an announced act of each PLOVER type asserts."""

    modalities: frozenset[str]
    readings: dict[str, Reading]


def load_announced_readings(ontology: Ontology, path: Path = READINGS_FILE) -> AnnouncedReadings:
    """The table, checked against the ontology: a clear error names the file and the entry at fault."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(raw, dict) or set(raw) != {"modalities", "readings"}:
        raise LexiconError(f"{path.name}: expected the keys 'modalities' and 'readings'")
    modalities = raw["modalities"]
    if not isinstance(modalities, list) or not set(modalities) <= set(MODALITIES):
        raise LexiconError(f"{path.name}: modalities must be a list of {', '.join(MODALITIES)}")
    readings: dict[str, Reading] = {}
    for act, entry in (raw["readings"] or {}).items():
        if not isinstance(entry, dict) or set(entry) != READING_KEYS:
            raise LexiconError(f"{path.name}: readings.{act}: expected {', '.join(sorted(READING_KEYS))}")
        kind, code = entry["type"], str(entry["cameo"])
        if act not in ontology.types or kind not in ontology.types:
            raise LexiconError(f"{path.name}: readings.{act}: unknown PLOVER type")
        if code not in ontology.cameo:
            raise LexiconError(f"{path.name}: readings.{act}: unknown CAMEO code {code!r}")
        if entry["enabled"] is not True and entry["enabled"] is not False:
            raise LexiconError(f"{path.name}: readings.{act}: enabled must be true or false")
        if entry["enabled"]:
            readings[act] = Reading(kind, code, bool(entry["said_by_source"]))
    return AnnouncedReadings(frozenset(modalities), readings)


def announcers(graph: SentenceGraph, trigger: int) -> set[str]:
    """Actor ids of whoever reports the trigger's clause with a speech verb ("Germany said [it will
    send tanks]", "Biden announced [that the US would supply …]"); empty when no one does."""
    if _conditioned(graph, trigger):
        return set()  # "Kyiv will pull out of talks if …" is a condition set, not an announcement
    j = trigger
    for _ in range(REPORT_CLIMB):
        token = graph.tokens[j]
        if token.head == j:
            return set()
        if token.dep == "ccomp" and graph.lemma(token.head) in graph.grammar.speech_verbs:
            return {a.actor.id for a in graph.subject(token.head) if a.actor.id}
        j = token.head
    return set()


def _conditioned(graph: SentenceGraph, trigger: int) -> bool:
    """The act hangs on a clause marked "if", "unless" … (grammar.yaml conditional_marks)."""
    marks = graph.grammar.conditional_marks
    return any(graph.lemma(m) in marks for c in graph.kids(trigger, "advcl") for m in graph.kids(c, "mark"))


def announced_readings(
    events: list[Event], table: AnnouncedReadings, ontology: Ontology, said_by: set[str]
) -> list[Event]:
    """The asserted events that the announced acts among ``events`` (one trigger's) read as; ``said_by``
    are the actors reporting the trigger's clause (:func:`announcers`)."""
    out: list[Event] = []
    for event in events:
        reading = table.readings.get(event.type)
        if reading is None or event.negated or event.modality not in table.modalities or not event.source.id:
            continue  # an actor the catalogue does not know ("CVS will offer access") announces nothing
        if event.pattern.startswith(LAYER_PREFIX):
            continue  # a broad verb read in the future ("sanctions would stop the war") is too loose
        if reading.said_by_source and event.source.id not in said_by:
            continue
        pattern = f"announced:{event.pattern}"
        target = event.target.id if event.target else None
        plover_type, plover_mode = ontology.plover_for(reading.cameo)
        out.append(
            replace(
                event,
                event_id=event_id_for(
                    event.doc_id, event.span, event.source.id, target, f"{reading.type}:{pattern}"
                ),
                type=reading.type,
                mode=plover_mode if plover_type == reading.type else None,
                cameo=reading.cameo,
                goldstein=ontology.goldstein(reading.cameo),
                quad_class=ontology.quad_class(reading.type),
                hypothetical=False,
                modality=None,
                pattern=pattern,
            )
        )
    return out
