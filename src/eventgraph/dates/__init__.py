"""Dates of events: explicit and relative date expressions resolved against the publication date.

Named ``dates`` to stay clear of the standard library's ``time``. ``find_dates`` lists every date
expression of a sentence; ``event_date`` picks the one that dates a given event.
"""

from eventgraph.dates.attach import carried_date, event_date
from eventgraph.dates.expressions import DateExpression, find_dates
from eventgraph.dates.lexicon import DateLexiconError, load_lexicon

__all__ = ["DateExpression", "DateLexiconError", "carried_date", "event_date", "find_dates", "load_lexicon"]
