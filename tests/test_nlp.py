"""The annotator: sentences, tokens and entities as plain records, offsets into the cleaned text."""

from __future__ import annotations

import pytest

from eventgraph.nlp import Annotator
from eventgraph.records import Document, content_hash
from tests.conftest import seed_path

RULER_PATTERNS = [
    {"label": "GPE", "pattern": "Stepanakert", "id": "sc:stepanakert"},
    {"label": "GPE", "pattern": "Khankendi", "id": "sc:stepanakert"},
]


def make_document(text: str, name: str = "t") -> Document:
    return Document(doc_id=content_hash(text), name=name, text=text, original_text=text)


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator(RULER_PATTERNS)


def test_entity_ruler_overrides_statistical_ner_on_regional_names(annotator: Annotator) -> None:
    doc = annotator.annotate_one(
        make_document("Officials in Stepanakert said the road to Khankendi was closed.")
    )
    ents = {(e.text, e.label, e.kb_id) for s in doc.sentences for e in s.entities}
    assert ("Stepanakert", "GPE", "sc:stepanakert") in ents
    assert ("Khankendi", "GPE", "sc:stepanakert") in ents


def test_blank_line_always_starts_a_new_sentence(annotator: Annotator) -> None:
    text = "The International Response\n\nThe United States has expressed deep concern."
    sentences = annotator.annotate_one(make_document(text)).sentences
    assert [s.text for s in sentences] == [
        "The International Response",
        "The United States has expressed deep concern.",
    ]


def test_records_carry_dependency_parse(annotator: Annotator) -> None:
    sentence = annotator.annotate_one(make_document("Russia accused the West of meddling.")).sentences[0]
    by_text = {t.text: t for t in sentence.tokens}
    assert by_text["accused"].dep == "ROOT"
    assert by_text["Russia"].dep == "nsubj"
    assert sentence.tokens[by_text["Russia"].head].text == "accused"
    assert by_text["accused"].lemma == "accuse"


def test_offsets_point_into_the_cleaned_text_on_a_seed(annotator: Annotator) -> None:
    text = seed_path("003").read_text(encoding="utf-8")
    doc = annotator.annotate_one(make_document(text))
    assert len(doc.sentences) > 10
    for sentence in doc.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
            assert 0 <= token.head < len(sentence.tokens)
        for ent in sentence.entities:
            assert text[ent.start_char : ent.end_char] == ent.text
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))


def test_pipe_keeps_document_order(annotator: Annotator) -> None:
    docs = [make_document(f"Armenia and Azerbaijan held talks in round {i}.", name=str(i)) for i in range(5)]
    names = [a.document.name for a in annotator.annotate(docs)]
    assert names == ["0", "1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the rule lemmatizer dropped the silent e where both stems are verbs ("staged" -> "stag")
        ("Opposition supporters staged a rally and waged a campaign.", {"staged": "stage", "waged": "wage"}),
        ("The court fined the bank and hopes to rule soon.", {"fined": "fine", "hopes": "hope"}),
        ("Fighting raged while the army was staging drills.", {"raged": "rage", "staging": "stage"}),
        # a doubled consonant, a long vowel before it and other stems keep their lemma
        ("The deal was scrapped and they planned talks.", {"scrapped": "scrap", "planned": "plan"}),
        ("Troops routed the enemy and visited the town.", {"routed": "rout", "visited": "visit"}),
    ],
)
def test_verb_lemmas_keep_their_silent_e(annotator: Annotator, text: str, expected: dict[str, str]) -> None:
    doc = annotator.annotate_one(make_document(text))
    lemmas = {t.text: t.lemma for s in doc.sentences for t in s.tokens if t.text in expected}
    assert lemmas == expected
