"""Event coding: PLOVER/CAMEO events from parsed sentences and actor mentions, driven by YAML patterns."""

from eventgraph.coding.coder import Coder
from eventgraph.coding.lexicon import Grammar, Lexicon, LexiconError, Pattern, load_lexicon
from eventgraph.coding.ontology import Ontology, OntologyError, load_ontology

__all__ = [
    "Coder",
    "Grammar",
    "Lexicon",
    "LexiconError",
    "Ontology",
    "OntologyError",
    "Pattern",
    "load_lexicon",
    "load_ontology",
]
