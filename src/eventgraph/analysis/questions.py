"""Answers to the claims an analyst brings (``report.questions`` in settings.yaml), each with evidence.

An answer is a few plain lines, each carrying the ids of the events behind it, so the report can
open their sentences. The questions are data; this module only knows the kinds of answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from eventgraph.analysis.config import Question, Settings
from eventgraph.analysis.disagreements import Disagreement
from eventgraph.analysis.frames import add_periods
from eventgraph.analysis.series import series_of
from eventgraph.analysis.shifts import detect_shifts


@dataclass(slots=True)
class AnswerLine:
    text: str
    event_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Answer:
    question: str
    lines: list[AnswerLine]


@dataclass(slots=True)
class Findings:
    """What the answers draw on, computed once for the whole report."""

    asserted: pd.DataFrame
    weights: pd.DataFrame
    mediations: pd.DataFrame
    support: pd.DataFrame
    disagreements: list[Disagreement]


def answer(question: Question, findings: Findings, settings: Settings) -> Answer:
    kinds = {
        "weight": _weight,
        "mediation": _mediation,
        "dyad": _dyad,
        "support": _support,
        "disagreements": _disagreements,
    }
    return Answer(question.question, kinds[question.kind](question.actors, findings, settings))


def _weight(actors: tuple[str, ...], findings: Findings, settings: Settings) -> list[AnswerLine]:
    """Each actor's share of the network's strength per period, first and last period compared."""
    weights = findings.weights
    if weights.empty:
        return [AnswerLine("No dated events between actors.")]
    totals = weights.groupby("period")["strength"].sum()
    dated = add_periods(findings.asserted, settings.report.role_period)
    lines = []
    for actor in actors:
        mine = weights[weights["actor"] == actor]
        if mine.empty:
            lines.append(AnswerLine(f"{actor}: no dated events."))
            continue
        shares = [(p, 100 * s / totals[p]) for p, s in zip(mine["period"], mine["strength"], strict=True)]
        steps = " · ".join(f"{p} {share:.0f} %" for p, share in shares)
        trend = f"from {shares[0][1]:.0f} % in {shares[0][0]} to {shares[-1][1]:.0f} % in {shares[-1][0]}"
        involved = dated[(dated["source_id"] == actor) | (dated["target_id"] == actor)]
        lines.append(
            AnswerLine(f"{actor}: share of the network {trend} ({steps})", involved["event_id"].tolist())
        )
    return lines


def _mediation(actors: tuple[str, ...], findings: Findings, settings: Settings) -> list[AnswerLine]:
    table = findings.mediations
    lines = []
    for actor in actors:
        rows = table[table["mediator"] == actor] if not table.empty else table
        if rows.empty:
            lines.append(AnswerLine(f"{actor}: no mediation found."))
            continue
        where = ", ".join(f"{r['side_a']}–{r['side_b']} in {r['period']}" for r in rows.to_dict("records"))
        ids = [i for ids in rows["event_ids"] for i in ids]
        lines.append(AnswerLine(f"{actor} mediated {where} ({len(ids)} consultations).", ids))
    return lines


def _dyad(actors: tuple[str, ...], findings: Findings, settings: Settings) -> list[AnswerLine]:
    a, b = actors[0], actors[1]
    yearly = series_of(findings.asserted, a, b, "year", fill=False)
    lines = [
        AnswerLine(
            f"{a}→{b} in {r['period']}: {r['cooperation']} cooperation, {r['conflict']} conflict, "
            f"Goldstein {r['goldstein_sum']:+.1f}",
            list(r["event_ids"]),
        )
        for r in yearly.to_dict("records")
    ]
    pair = findings.asserted
    undated = pair[(pair["source_id"] == a) & (pair["target_id"] == b) & pair["day"].isna()]
    if len(undated):
        conflict = int(undated["quad_class"].isin([3, 4]).sum())
        lines.append(
            AnswerLine(
                f"{a}→{b} undated: {len(undated) - conflict} cooperation, {conflict} conflict",
                undated["event_id"].tolist(),
            )
        )
    series = series_of(findings.asserted, a, b, settings.report.period)
    too_few = series.empty or series["events"].sum() < settings.report.shift_min_events
    for shift in [] if too_few else detect_shifts(series, f"{a}→{b}", settings.shifts):
        evidence = shift.events_before + shift.events_after
        lines.append(AnswerLine(f"Shift: {shift.statement} ({shift.support}).", evidence))
    return lines or [AnswerLine(f"{a}→{b}: no events.")]


def _support(actors: tuple[str, ...], findings: Findings, settings: Settings) -> list[AnswerLine]:
    a, b = actors[0], actors[1]
    table = findings.support
    rows = table[(table["supporter"] == a) & (table["supported"] == b)] if not table.empty else table
    if rows.empty:
        return [AnswerLine(f"{a}→{b}: no support or arms found.")]
    return [
        AnswerLine(f"{a}→{b}: {r['relation']}, {r['events']} event clusters.", list(r["event_ids"]))
        for r in rows.to_dict("records")
    ]


def _disagreements(actors: tuple[str, ...], findings: Findings, settings: Settings) -> list[AnswerLine]:
    found = findings.disagreements
    if not found:
        return [AnswerLine("No disagreement found between documents reporting the same happening.")]
    lines = [AnswerLine(f"{len(found)} details are told differently; for example:")]
    for item in found[:3]:
        ids = item.event_ids or [i for v in item.versions for i in v.event_ids]
        lines.append(AnswerLine(item.summary(), ids))
    return lines
