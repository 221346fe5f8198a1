"""Choose, among the date expressions of a sentence, the one that dates a given event."""

from __future__ import annotations

from datetime import date

from eventgraph.dates import tree
from eventgraph.dates.expressions import DateExpression, as_date, find_dates
from eventgraph.dates.lexicon import load_lexicon
from eventgraph.records import DateRef, Sentence

# A date in a "when …" clause dates the clause it modifies ("When the Union collapsed in 1991, X broke away").
TEMPORAL_MARKERS = {"when", "as", "while", "once"}


def event_date(
    sentence: Sentence,
    published: date | None,
    span: tuple[int, int],
    trigger: int | None = None,
    carried: DateRef | None = None,
) -> DateRef:
    """The date the sentence gives for the event with evidence ``span`` and trigger token ``trigger``.

    Preference: a date expression attached to the trigger in the dependency tree, then one in the same
    clause (or in a "when" clause modifying it), then the nearest one inside the span; then ``carried``,
    the previous sentence's date when this one opens "At the same time, …" (:func:`carried_date`);
    otherwise the publication date with precision "reported", or "unresolved" when there is none.
    """
    published = as_date(published)
    expressions = _sentence_dates(sentence, published)
    trigger = tree.event_anchor(sentence, span, trigger)
    chosen = _best(sentence, expressions, span, trigger)
    if chosen is not None:
        return chosen.ref
    if carried is not None and carried.value is not None:
        return carried
    if published is not None:
        return DateRef(published.isoformat(), "reported", None)
    return DateRef(None, "unresolved", None)


def carried_date(sentence: Sentence, previous: Sentence | None, published: date | None) -> DateRef | None:
    """The date ``sentence`` inherits: the previous sentence's first resolved date when this one opens
    with a same-time phrase ("This happened last September. At the same time, …"), else None."""
    if previous is None:
        return None
    opening = " ".join(sentence.text.lower().split())
    openers = load_lexicon().same_time_openers
    if not any(opening.startswith(o) and not opening[len(o) : len(o) + 1].isalnum() for o in openers):
        return None
    published = as_date(published)
    return next((e.ref for e in find_dates(previous, published) if e.ref.value is not None), None)


RECENT_SENTENCES = 128  # a document's sentences: its events are dated first, its claims after them
_recent_dates: dict[int, tuple[Sentence, date | None, list[DateExpression]]] = {}


def _sentence_dates(sentence: Sentence, published: date | None) -> list[DateExpression]:
    """``find_dates`` for the sentence, kept for the document's recent sentences: its events are dated one
    after another, and its claims (issue 14) date the same sentences again once the events are done."""
    cached = _recent_dates.get(id(sentence))
    if cached is not None and cached[0] is sentence and cached[1] == published:
        return cached[2]
    expressions = find_dates(sentence, published)
    if len(_recent_dates) >= RECENT_SENTENCES:
        del _recent_dates[next(iter(_recent_dates))]  # the oldest: dicts keep insertion order
    _recent_dates[id(sentence)] = (sentence, published, expressions)
    return expressions


def _best(
    sentence: Sentence, expressions: list[DateExpression], span: tuple[int, int], trigger: int | None
) -> DateExpression | None:
    ranked = []
    for expression in expressions:
        rank = _rank(sentence, expression, span, trigger)
        if rank is not None:
            ranked.append((rank, expression))
    return min(ranked, key=lambda r: r[0])[1] if ranked else None


def _rank(
    sentence: Sentence, expression: DateExpression, span: tuple[int, int], trigger: int | None
) -> tuple[int, int] | None:
    """(tier, distance): lower is better; None when the expression does not date this event."""
    inside = span[0] <= expression.start_char and expression.end_char <= span[1]
    head = tree.span_head(sentence, tree.tokens_between(sentence, expression.start_char, expression.end_char))
    if trigger is None or head is None:
        return (3, expression.start_char - span[0]) if inside else None
    distance = tree.tree_distance(sentence, head, trigger)
    clause = tree.clause_head(sentence, trigger)
    if (
        tree.governs(sentence, trigger, head)
        or tree.governs(sentence, head, trigger)
        or _modifies(sentence, clause, head)
        or _when_follows(sentence, expression, trigger)
    ):
        return 0, distance
    if tree.same_clause(sentence, head, trigger):
        return 1, distance
    own = tree.clause_head(sentence, head)
    if _in_temporal_clause_of(sentence, head, clause) or tree.shares_subject(sentence, own, clause):
        return 2, distance
    if inside:
        return 3, abs(sentence.tokens[head].start - sentence.tokens[trigger].start)
    return None


def _modifies(sentence: Sentence, clause: int, head: int) -> bool:
    """True when the trigger's clause describes the date itself ("in 2020, when Azerbaijan invaded")."""
    token = sentence.tokens[clause]
    return token.dep in {"relcl", "advcl", "acl"} and token.head == head


def _when_follows(sentence: Sentence, expression: DateExpression, trigger: int) -> bool:
    """True for "in 2020, when Azerbaijan … invaded": "when" right after the date opens the trigger's clause.

    The parser often hangs such a clause on the wrong word, so this reads the surface order instead: the
    trigger is the first predicate after the "when".
    """
    after = [t for t in sentence.tokens if t.start >= expression.end_char]
    if len(after) >= 1 and after[0].text == ",":
        after = after[1:]
    if not after or after[0].text.lower() != "when" or sentence.tokens[trigger].start <= after[0].start:
        return False
    between = [t for t in after[1:] if t.start < sentence.tokens[trigger].start]
    return not any(tree.is_predicate(sentence, t.i) for t in between)


def _in_temporal_clause_of(sentence: Sentence, head: int, clause: int) -> bool:
    """True when ``head`` sits in a "when/as/while" clause that modifies ``clause``."""
    own = tree.clause_head(sentence, head)
    if sentence.tokens[own].dep != "advcl" or sentence.tokens[own].head != clause:
        return False
    return any(
        t.head == own and t.dep in {"mark", "advmod"} and t.text.lower() in TEMPORAL_MARKERS
        for t in sentence.tokens
    )
