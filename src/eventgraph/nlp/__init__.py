"""Annotation with spaCy: the only package that imports spaCy.

It turns :class:`~eventgraph.records.Document` records into :class:`~eventgraph.records.AnnotatedDocument`
records (sentences, tokens with lemma/POS/dependency/head, entity spans).
"""

from eventgraph.nlp.annotate import Annotator, load_pipeline

__all__ = ["Annotator", "load_pipeline"]
