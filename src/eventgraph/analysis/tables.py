"""Analysis tables kept in the store, updated per ingest batch at the cost of what changed.

Disagreements need every report of a happening side by side, so they are not recomputed per request:
after each batch (and its event clustering), :meth:`AnalysisTables.update` links only the events
that can link to the new ones and rewrites only the happenings they belong to.

1. *New events* are those without a row in ``analysis_happenings``. Their distinctive words
   (``analysis_words``, for word rarity) and the people they name (``analysis_names``) are stored.
2. *Affected events*: the new ones, the analysed events whose time window (the days their happening
   can fall on, stored with each event) comes within ``window_days`` of a new event's, and every
   event sharing a happening or an event cluster with those.
3. The affected events are linked into happenings as a full run links them (same blocking,
   same scores, the same order, word rarity counted over the whole store); their old happenings and
   disagreements are replaced, in one transaction. Events outside the update's reach keep their
   happenings, and rarity is counted as of the update, so a long store can differ slightly from a
   full run in its largest happenings (docs/scaling.md, "Disagreements").
4. For each actor a new event names a person of, the spellings across the corpus are regrouped from
   ``analysis_names`` (``corpus:<actor>`` rows).

A store written before these tables existed (schema < 6) is migrated with empty tables; the first
update then finds every event new and fills them (a full run, once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from eventgraph.analysis.config import DetailWords, DisagreementSettings, load_detail_words, load_settings
from eventgraph.analysis.disagreements import (
    Disagreement,
    Version,
    WordRarity,
    _contexts,
    _dedupe,
    actor_name_variants,
    disagreement_frame,
    distinctive_words,
    happening_groups,
    is_precise,
    person_names,
    time_window,
    told_differently,
)
from eventgraph.analysis.frames import is_id, records

CORPUS = "corpus:"


@dataclass(slots=True)
class UpdateSummary:
    new_events: int = 0
    linked_events: int = 0
    happenings: int = 0
    disagreements: int = 0
    actors: int = 0


class AnalysisTables:
    """Keeps the ``analysis_*`` tables of one open (writable) store up to date."""

    def __init__(
        self, store: Any, settings: DisagreementSettings | None = None, words: DetailWords | None = None
    ):
        self.store = store
        self.settings = settings or load_settings().disagreements
        self.words = words or load_detail_words()

    def update(self) -> UpdateSummary:
        """Analyse the events stored since the last update; a no-op when there are none."""
        summary = UpdateSummary()
        new_ids = self.store.unanalysed_event_ids()
        if not new_ids:
            return summary
        new = self._frame(new_ids)
        summary.new_events = len(new)
        new_rows = records(new)
        word_rows = self._word_rows(new_rows)
        name_rows = self._name_rows(new_rows)
        affected_ids = self._affected(new_rows, new_ids)
        frame = self._frame(affected_ids)
        summary.linked_events = len(frame)
        stored = self.store.happening_of_events(affected_ids)
        happening_rows, disagreement_rows, replaced = self._link(frame, word_rows, stored)
        actors = sorted({n["actor_id"] for n in name_rows})
        self.store.write_analysis(word_rows, name_rows, happening_rows, disagreement_rows, replaced)
        variants = self._name_variant_rows(actors)
        self.store.write_analysis([], [], [], variants, [f"{CORPUS}{a}" for a in actors])
        summary.happenings = len({h["happening"] for h in happening_rows})
        summary.disagreements = len(disagreement_rows) + len(variants)
        summary.actors = len(actors)
        return summary

    # ----------------------------------------------------------------------------------- steps

    def _frame(self, event_ids: list[str]) -> pd.DataFrame:
        events = self.store.events_frame_of(event_ids)
        documents = self.store.documents_frame_of(events["doc_id"].unique().tolist())
        frame = disagreement_frame(events.drop(columns=["published"]), documents)
        return frame

    def _word_rows(self, rows: list[dict]) -> list[dict[str, str]]:
        per_doc: dict[str, set[str]] = {}
        for row in rows:
            per_doc.setdefault(row["doc_id"], set()).update(distinctive_words(dict(row), self.words))
        # A document's words are rewritten whole: its earlier events' words are kept too.
        return [{"doc_id": d, "word": w} for d, found in per_doc.items() for w in sorted(found)]

    def _name_rows(self, rows: list[dict]) -> list[dict[str, str]]:
        out = []
        for row in rows:
            for prefix in ("source", "target"):
                single = {**row, "source_id" if prefix == "target" else "target_id": None}
                for actor, _, name in person_names(single, self.words):
                    out.append({"event_id": row["event_id"], "role": prefix, "actor_id": actor, "name": name})
        return out

    def _affected(self, new_rows: list[dict], new_ids: list[str]) -> list[str]:
        """The new events, the analysed ones that share a blocking key with them, and their happening
        mates (events of the same happening or event cluster)."""
        keys = [key for key in (self._blocking(row) for row in new_rows) if key is not None]
        near = self.store.analysed_candidates(keys, self.settings.window_days, self.settings.place_km / 111.0)
        return self.store.happening_mates([*new_ids, *near])

    def _blocking(self, row: dict) -> dict[str, Any] | None:
        """What the store needs to find the analysed events a new event may link to."""
        row = dict(row)
        window = time_window(row, self.settings.vague_days)
        actors = [a for a in (row["source_id"], row["target_id"]) if is_id(a)]
        if not actors:
            return None
        place = row.get("place_name")
        lat, lon = row.get("place_lat"), row.get("place_lon")
        return {
            "event_id": row["event_id"],
            "actors": actors,
            "type": row["type"],
            "quad_class": int(row["quad_class"]),
            "window_start": window[0],
            "window_end": window[1],
            "precise": is_precise(row),
            "place": place.lower() if isinstance(place, str) and place else None,
            "lat": float(lat) if _number(lat) else None,
            "lon": float(lon) if _number(lon) else None,
            "words": sorted(distinctive_words(row, self.words)),
        }

    def _link(
        self, frame: pd.DataFrame, word_rows: list[dict], stored: dict[str, str]
    ) -> tuple[list[dict], list[dict], set[str]]:
        """Happening rows and disagreement rows of the happenings whose members changed, and the
        stored happenings they replace. ``stored`` maps each affected event to its stored happening."""
        groups = happening_groups(frame, self.settings, self._rarity(frame, word_rows))
        before: dict[str, set[str]] = {}
        for event_id, happening in stored.items():
            before.setdefault(happening, set()).add(event_id)
        changed = []
        for rows in groups:
            ids = {row["event_id"] for row in rows}
            happening = "h" + min(ids)
            if before.get(happening) != ids:
                changed.append((happening, rows))
        doc_ids = {row["doc_id"] for _, rows in changed for row in rows}
        contexts = _contexts(self.store.sentences_frame(doc_ids)) if doc_ids else {}
        happening_rows, disagreement_rows, replaced = [], [], set()
        for happening, rows in changed:
            replaced |= {stored[row["event_id"]] for row in rows if row["event_id"] in stored}
            replaced.add(happening)
            for row in rows:
                happening_rows.append(self._happening_row(happening, dict(row)))
            sort_key = _sort_key(rows[0])
            for position, item in enumerate(told_differently(rows, contexts, self.settings, self.words)):
                disagreement_rows.append(_row(happening, position, sort_key, item))
        return happening_rows, disagreement_rows, replaced

    def _happening_row(self, happening: str, row: dict) -> dict[str, Any]:
        window = time_window(row, self.settings.vague_days)
        return {
            "event_id": row["event_id"],
            "happening": happening,
            "window_start": window[0],
            "window_end": window[1],
            "precise": is_precise(row),
            "words": sorted(distinctive_words(row, self.words)),
        }

    def _rarity(self, frame: pd.DataFrame, word_rows: list[dict]) -> WordRarity:
        """Word rarity over the whole store: the stored documents' words and this batch's (whose rows
        are written together with the links)."""
        words = {w for row in records(frame) for w in distinctive_words(dict(row), self.words)}
        counts = self.store.word_documents(words)
        for row in word_rows:
            counts[row["word"]] = counts.get(row["word"], 0) + 1
        return WordRarity(counts, self.store.documents_with_events())

    def _name_variant_rows(self, actors: list[str]) -> list[dict]:
        if not actors:
            return []
        names = self.store.person_names_of(actors)
        rows = []
        for actor, group in names.groupby("actor_id", sort=True):
            spellings = [(r["name"], {**r, "outlet": _outlet(r)}) for r in records(group)]
            for position, item in enumerate(actor_name_variants(actor, spellings, self.settings)):
                rows.append(_row(f"{CORPUS}{actor}", position, actor, item))
        return rows


def read_disagreements(store: Any) -> list[Disagreement]:
    """The stored disagreements in the order a full :func:`find_disagreements` gives them."""
    found = [
        Disagreement(
            row["label"],
            row["detail"],
            [Version(v["value"], v["outlets"], v["documents"], v["event_ids"]) for v in row["versions"]],
            list(row["event_ids"]),
        )
        for row in store.analysis_disagreements()
    ]
    return _dedupe(found)


def _sort_key(first: dict) -> str:
    """The store's event order (date, document, span, id) of a happening's first event, as one string."""
    when = first["date_value"] if isinstance(first["date_value"], str) else ""
    return "\x1f".join((when, first["doc_name"], f"{int(first['span_start']):010d}", first["event_id"]))


def _row(happening: str, position: int, sort_key: str, item: Disagreement) -> dict[str, Any]:
    return {
        "happening": happening,
        "position": position,
        "sort_key": sort_key,
        "label": item.happening,
        "detail": item.detail,
        "versions": [
            {"value": v.value, "outlets": v.outlets, "documents": v.documents, "event_ids": v.event_ids}
            for v in item.versions
        ],
        "event_ids": list(item.event_ids),
    }


def _outlet(row: dict) -> str:
    outlet = row.get("outlet")
    return outlet if isinstance(outlet, str) and outlet.strip() else f"({row['document']})"


def _number(value: object) -> bool:
    return isinstance(value, float | int) and value == value
