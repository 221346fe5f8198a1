"""The ingest stage: reading inputs, cleaning scraped articles, metadata, offsets and rejections."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from eventgraph.ingest import (
    IngestRulesError,
    document_from_html,
    document_from_text,
    load_rules,
    original_span,
    read_inputs,
)
from eventgraph.ingest.rules import RULES_DIR
from eventgraph.records import Document, Rejection, content_hash
from tests.conftest import SAMPLES_DIR, SEEDS_DIR, seed_path

SEED_PREFIXES = ("000", "001", "002", "003", "004")


def ingest_one(path: Path | str, **kwargs) -> Document:
    items = list(read_inputs([str(path)], **kwargs))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Document]:
    return {prefix: ingest_one(seed_path(prefix)) for prefix in SEED_PREFIXES}


def folded(text: str) -> str:
    return " ".join(text.split())


def removed_reasons(document: Document, fragment: str) -> list[str]:
    return [span.reason for span in document.removed if fragment in folded(span.text)]


def paragraphs(document: Document) -> list[str]:
    return document.text.split("\n\n")


# ------------------------------------------------------------------------------------- seed 000


def test_seed_000_drops_read_the_rest_citation_and_address_footer(seeds):
    text = seeds["000"].text
    for gone in ("To read the rest", "To cite this article", "About the author", "Nazif Sok", "Tel", "Fax"):
        assert gone not in text
    for gone in ("avim.org.tr", "@avimorgtr", "facebook.com", "©", "Accessed December"):
        assert gone not in text


def test_seed_000_footer_removals_say_why(seeds):
    document = seeds["000"]
    assert removed_reasons(document, "To cite this article") == ["footer:citation"]
    assert removed_reasons(document, "To read the rest of the article") == ["footer:read-more"]
    assert removed_reasons(document, "+90 (312) 438 50 23-24") == ["boilerplate:contact"]


def test_seed_000_rejoins_the_sentence_split_by_a_line_wrap(seeds):
    assert (
        "pursuing different objectives than the ones stated in their official deployment."
        in seeds["000"].text
    )
    assert "line-wrap" in [span.reason for span in seeds["000"].removed]


def test_seed_000_dateline_gives_outlet_and_publication_date(seeds):
    document = seeds["000"]
    assert document.outlet == "EU Reporter"
    assert document.published == date(2023, 5, 7)
    assert document.published_expression == "7 May 2023"


def test_seed_000_named_writer_beats_the_generic_correspondent_byline(seeds):
    assert seeds["000"].author == "James Wilson"


def test_seed_000_writer_phrase_leaves_the_lede_sentence_intact(seeds):
    first = paragraphs(seeds["000"])[0]
    assert "writes James Wilson" not in first
    assert first.endswith("heavily influenced by these two regional superpowers.")


def test_seed_000_dateline_and_byline_are_not_article_text(seeds):
    assert not seeds["000"].text.startswith(("EU Reporter", "#", "By"))
    assert seeds["000"].title is None


# ------------------------------------------------------------------------------------- seed 001


def test_seed_001_byline_gives_the_author(seeds):
    assert seeds["001"].author == "Tomorrow's Affairs Staff"
    assert "By:" not in seeds["001"].text


def test_seed_001_title_is_the_first_headline(seeds):
    title = (
        "Negotiations between Armenia and Azerbaijan - "
        "a permanent displacement of Russia from its strategic region"
    )
    assert seeds["001"].title == title
    assert paragraphs(seeds["001"])[0] == title


@pytest.mark.parametrize(
    "sentence",
    [
        "So far, no international mediation has brought a long-term result, including the involvement",
        "such as the US one in the case of Armenia and Azerbaijan. There are significant chances",
    ],
)
def test_seed_001_rejoins_wrapped_sentences(seeds, sentence):
    assert sentence in seeds["001"].text


@pytest.mark.parametrize(
    "heading",
    [
        "The failure of all previous peace initiatives",
        "Ukraine has diverted Russia's focus from the Caucasus",
        "Security vacuum",
    ],
)
def test_seed_001_section_headings_stay_their_own_paragraph(seeds, heading):
    assert heading in paragraphs(seeds["001"])


def test_seed_001_has_no_date(seeds):
    assert seeds["001"].published is None


# ------------------------------------------------------------------------------------- seed 002


def test_seed_002_states_no_publication_date(seeds):
    # "in Moscow on May 24" is an event date in the body, not the publication date.
    assert seeds["002"].published is None
    assert seeds["002"].published_expression is None


def test_seed_002_drops_the_comment_counter(seeds):
    assert "Comments (0)" not in seeds["002"].text
    assert removed_reasons(seeds["002"], "Comments (0)") == ["boilerplate:comments"]


def test_seed_002_single_newline_paragraphs_become_blank_line_separated(seeds):
    assert len(paragraphs(seeds["002"])) == 6
    assert seeds["002"].title is None


# ------------------------------------------------------------------------------------- seed 003


def test_seed_003_drops_the_stray_headline_of_another_story(seeds):
    document = seeds["003"]
    assert "Hamas" not in document.text
    assert removed_reasons(document, "Hamas, Iran officials in Moscow for talks") == ["stray-headline"]


def test_seed_003_keeps_its_own_title(seeds):
    assert seeds["003"].title == "Russia says West undermines Caucasus security"
    assert paragraphs(seeds["003"])[0] == "Russia says West undermines Caucasus security"


def test_seed_003_drops_section_label_and_photo_credit(seeds):
    document = seeds["003"]
    assert removed_reasons(document, "News World") == ["boilerplate:section-label"]
    assert removed_reasons(document, "Source: Pixabay") == ["boilerplate:photo-credit"]


def test_seed_003_drops_tags_author_bio_and_newsletter(seeds):
    text = seeds["003"].text
    for gone in (
        "Tags",
        "About the author",
        "Agence France-Presse",
        "oldest news agency",
        "Daily Newsletter",
    ):
        assert gone not in text
    assert text.endswith("ended with a Russian-brokered ceasefire and the deployment of Moscow’s forces.")
    assert removed_reasons(seeds["003"], "Daily Newsletter") == ["boilerplate:newsletter"]
    assert removed_reasons(seeds["003"], "oldest news agency") == ["footer:author-bio"]


def test_seed_003_author_block_gives_the_outlet(seeds):
    assert seeds["003"].outlet == "AFP"


def test_seed_003_lede_starts_after_the_header(seeds):
    assert paragraphs(seeds["003"])[1].startswith("Russia on Monday accused the United States")


# ------------------------------------------------------------------------------------- seed 004


def test_seed_004_title_loses_the_glued_section_label(seeds):
    assert (
        seeds["004"].title
        == "With Russia distracted in Ukraine, Azerbaijan launches attack on Armenian enclave"
    )
    assert removed_reasons(seeds["004"], "Europe") == ["boilerplate:section-label"]


@pytest.mark.parametrize(
    "heading",
    ["The Current Situation", "The International Response", "The Role of Western Powers", "Recommendations"],
)
def test_seed_004_title_case_headings_are_kept_apart_from_the_next_sentence(seeds, heading):
    assert heading in paragraphs(seeds["004"])


def test_seed_004_drops_photo_credits(seeds):
    text = seeds["004"].text
    assert "photo by" not in text and "illustrative purposes" not in text
    assert text.endswith("achieve a lasting peace in Nagorno-Karabakh.")


# --------------------------------------------------------------------------------- all the seeds


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_offset_segments_copy_the_original_verbatim(seeds, prefix):
    document = seeds[prefix]
    assert document.offset_map
    for seg in document.offset_map:
        assert (
            document.text[seg.clean_start : seg.clean_start + seg.length]
            == document.original_text[seg.orig_start : seg.orig_start + seg.length]
        )


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_every_clean_character_maps_to_its_original_character(seeds, prefix):
    document = seeds[prefix]
    for offset, char in enumerate(document.text):
        original = document.original_text[document.original_offset(offset)]
        # Only whitespace may differ: a folded space or the space that rejoins a wrapped line.
        assert original == char or (char.isspace() and original.isspace()), (offset, char, original)


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_kept_and_removed_stretches_cover_the_original_exactly_once(seeds, prefix):
    document = seeds[prefix]
    count = [0] * len(document.original_text)
    for seg in document.offset_map:
        for position in range(seg.orig_start, seg.orig_start + seg.length):
            count[position] = 1  # a newline may be reused for both separator characters
    for span in document.removed:
        assert document.original_text[span.start : span.end] == span.text
        for position in range(span.start, span.end):
            count[position] += 1
    assert set(count) == {1}


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_identity_and_original_text_come_from_the_file(seeds, prefix):
    document = seeds[prefix]
    path = seed_path(prefix)
    assert document.original_text == path.read_text(encoding="utf-8")
    assert document.doc_id == content_hash(document.original_text)
    assert document.name == path.name
    assert document.source_path == str(path)
    assert document.encoding == "utf-8"


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_cleaned_paragraphs_are_trimmed_and_folded(seeds, prefix):
    for paragraph in paragraphs(seeds[prefix]):
        assert paragraph and paragraph == paragraph.strip()
        assert "  " not in paragraph and "\n" not in paragraph and "\t" not in paragraph
        assert "\u00a0" not in paragraph


def test_evidence_quote_maps_back_to_the_same_words(seeds):
    document = seeds["003"]
    quote = "the EU deployed an expanded monitoring mission"
    start = document.text.index(quote)
    original_start = document.original_offset(start)
    assert document.original_text[original_start : original_start + len(quote)] == quote


# ------------------------------------------------------------------------------ constructed text


def test_stray_headline_between_title_and_lede_is_dropped():
    raw = (
        "Baku and Yerevan trade accusations over border shooting\n\n"
        "Georgia protests enter a third night in Tbilisi\n\n"
        "Azerbaijan accused Armenia on Tuesday of firing on its positions near the border.\n"
    )
    document = document_from_text(raw, "constructed")
    assert document.title == "Baku and Yerevan trade accusations over border shooting"
    assert "Georgia protests" not in document.text
    assert removed_reasons(document, "Georgia protests") == ["stray-headline"]


def test_title_case_heading_before_the_lede_is_kept():
    raw = "Border talks resume in Brussels\nBackground and Context\nThe two delegations met on Monday.\n"
    document = document_from_text(raw, "constructed")
    assert paragraphs(document) == [
        "Border talks resume in Brussels",
        "Background and Context",
        "The two delegations met on Monday.",
    ]


def test_line_wrap_before_a_capitalised_name_is_rejoined_after_a_dangling_word():
    raw = "The foreign ministers met with\n\nPresident Aliyev in Baku on Monday.\n"
    assert (
        document_from_text(raw, "x").text
        == "The foreign ministers met with President Aliyev in Baku on Monday."
    )


def test_complete_sentence_is_not_glued_to_a_lowercase_next_paragraph():
    raw = "Talks ended on Friday.\n\niPhone sales were not discussed.\n"
    assert paragraphs(document_from_text(raw, "x")) == [
        "Talks ended on Friday.",
        "iPhone sales were not discussed.",
    ]


def test_whitespace_inside_a_paragraph_is_folded_with_exact_offsets():
    raw = "Armenia\u00a0and  Azerbaijan\tsigned\u200b a  declaration.\r\n"
    document = document_from_text(raw, "x")
    assert document.text == "Armenia and Azerbaijan signed a declaration."
    signed = document.text.index("signed")
    assert raw[document.original_offset(signed) :].startswith("signed")


def test_header_date_lines_in_common_formats():
    for header, expected in [
        ("Published: May 7, 2023", date(2023, 5, 7)),
        ("7th May 2023, 10:30 GMT", date(2023, 5, 7)),
        ("2023-09-19", date(2023, 9, 19)),
        ("Reuters | 19 September 2023", date(2023, 9, 19)),
    ]:
        document = document_from_text(f"{header}\n\nAzerbaijan launched an offensive in Karabakh.\n", "x")
        assert document.published == expected, header
        assert header not in document.text


def test_dates_in_the_body_or_the_citation_footer_are_not_the_publication_date():
    raw = (
        "Azerbaijan launched an offensive on 19 September 2023, officials said.\n\n"
        "The offensive lasted a day.\n\n"
        "To cite this article: Staff. Accessed December 08, 2025.\n"
    )
    document = document_from_text(raw, "x")
    assert document.published is None
    assert "To cite" not in document.text


def test_byline_with_a_date():
    raw = "By Jane Doe | 12 March 2024\n\nArmenia froze its participation in the CSTO.\n"
    document = document_from_text(raw, "x")
    assert (document.author, document.published) == ("Jane Doe", date(2024, 3, 12))
    assert document.text == "Armenia froze its participation in the CSTO."


def test_wire_dateline_gives_the_outlet_and_leaves_the_lede():
    document = document_from_text("MOSCOW (AFP) - Russia accused the West of meddling.\n", "x")
    assert document.outlet == "AFP"
    assert document.text == "Russia accused the West of meddling."
    assert removed_reasons(document, "MOSCOW (AFP) -") == ["dateline"]


def test_footer_marker_at_the_top_does_not_eat_the_article():
    raw = "Tags: Armenia, Azerbaijan\n\nThe talks resumed in Washington.\n\nBoth sides called it useful.\n"
    document = document_from_text(raw, "x")
    assert paragraphs(document) == [
        "The talks resumed in Washington.",
        "Both sides called it useful.",
    ]


def test_known_metadata_wins_over_the_text():
    raw = "By Jane Doe\n\nArmenia recalled its ambassador.\n"
    document = document_from_text(raw, "x", author="John Roe", published="2024-01-02", outlet="OC Media")
    assert (document.author, document.published, document.outlet) == (
        "John Roe",
        date(2024, 1, 2),
        "OC Media",
    )


def test_unknown_metadata_name_is_a_programming_error():
    with pytest.raises(TypeError, match="publisher"):
        document_from_text("Text.", "x", publisher="nobody")


# --------------------------------------------------------------------------------- formats


def write_jsonl(path: Path, records: list, opener=open) -> None:
    with opener(path, "wt", encoding="utf-8") as stream:
        for record in records:
            stream.write((record if isinstance(record, str) else json.dumps(record)) + "\n")


ARTICLE = {
    "id": "oc-1",
    "title": "EU extends its monitoring mission in Armenia",
    "text": "The EU extended its monitoring mission in Armenia by two years.\n\nComments (3)\n",
    "published": "2025-01-27",
    "source": "OC Media",
    "url": "https://example.org/eu-mission",
    "author": "Ani Avetisyan",
}


def test_jsonl_gz_records_become_documents_with_their_metadata(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    second = dict(ARTICLE, id=7, text="Baku denied the accusation.", published="not a date")
    write_jsonl(path, [ARTICLE, second], opener=gzip.open)
    first, other = read_inputs([str(path)])
    assert (first.name, first.title, first.outlet, first.author) == (
        "oc-1",
        ARTICLE["title"],
        "OC Media",
        "Ani Avetisyan",
    )
    assert (first.published, first.url, first.input_format) == (date(2025, 1, 27), ARTICLE["url"], "jsonl")
    assert first.text == "The EU extended its monitoring mission in Armenia by two years."
    assert first.original_text == ARTICLE["text"]
    assert (other.name, other.published, other.published_expression) == ("7", None, "not a date")


def test_malformed_jsonl_lines_are_rejected_with_line_numbers_and_the_rest_survives(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = dict(ARTICLE, id="good-1")
    lines = [
        good,
        '{"id": "broken", "text": ',
        {"id": "no-text"},
        {"id": "blank", "text": "  "},
        "[1, 2]",
        "",
        dict(ARTICLE, id="good-2", text="Armenia and Azerbaijan exchanged prisoners."),
    ]
    write_jsonl(path, lines)
    items = list(read_inputs([str(path)]))
    documents = [item.name for item in items if isinstance(item, Document)]
    rejections = {item.line: item.reason for item in items if isinstance(item, Rejection)}
    assert documents == ["good-1", "good-2"]
    assert set(rejections) == {2, 3, 4, 5}
    assert rejections[2].startswith("malformed JSON")
    assert rejections[3] == rejections[4] == "missing or empty 'text'"
    assert "JSON object" in rejections[5]
    assert all(item.input == str(path) for item in items if isinstance(item, Rejection))


def test_jsonl_record_with_only_boilerplate_is_rejected_with_its_line(tmp_path):
    path = tmp_path / "one.jsonl"
    write_jsonl(path, [dict(ARTICLE, text="Comments (0)\n\nDaily Newsletter")])
    (rejection,) = read_inputs([str(path)])
    assert (rejection.line, rejection.reason) == (1, "no article text left after removing boilerplate")


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Armenia and Azerbaijan agree to border talks | Caucasus Monitor</title>
<meta property="og:site_name" content="Caucasus Monitor">
<meta name="author" content="Anna Petrosyan">
<meta property="article:published_time" content="2023-05-12T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Armenia and Azerbaijan agree to border talks</h1>
<p>Armenia and Azerbaijan agreed on Friday to hold a new round of border delimitation talks in Brussels
next month, officials in both capitals said.</p>
<p>The European Union, which has hosted several meetings between the two leaders, welcomed the
announcement and offered to provide technical experts.</p>
</article>
<footer>Copyright 2023 Caucasus Monitor. All rights reserved.</footer>
</body></html>
"""


def test_html_file_gives_main_text_and_page_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    document = ingest_one(path)
    assert document.input_format == "html"
    assert document.title == "Armenia and Azerbaijan agree to border talks"
    assert (document.outlet, document.author, document.published) == (
        "Caucasus Monitor",
        "Anna Petrosyan",
        date(2023, 5, 12),
    )
    assert (
        "agreed on Friday to hold a new round of border delimitation talks in Brussels next month"
        in document.text
    )
    assert "Copyright" not in document.text and "Home" not in document.text


def test_html_is_recognised_by_content_in_a_txt_file(tmp_path):
    path = tmp_path / "saved-page.txt"
    path.write_text(HTML_PAGE, encoding="utf-8")
    assert ingest_one(path).input_format == "html"


def test_document_from_html_takes_the_url():
    document = document_from_html(HTML_PAGE, "page", url="https://example.org/border-talks")
    assert document.url == "https://example.org/border-talks"
    assert document.name == "page"


def test_stdin_text(monkeypatch):
    raw = b"By Jane Doe\n\nArmenia and Azerbaijan opened a border crossing.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    document = ingest_one("-")
    assert (document.name, document.author) == ("stdin", "Jane Doe")
    assert document.text == "Armenia and Azerbaijan opened a border crossing."


def test_stdin_jsonl():
    data = (json.dumps(ARTICLE) + "\nnot json\n").encode()
    document, rejection = read_inputs(["-"], stdin=io.BytesIO(data))
    assert document.name == "oc-1"
    assert (rejection.input, rejection.line) == ("stdin", 2)


def test_glob_expands_sorted(seeds_dir):
    items = list(read_inputs([str(SEEDS_DIR / "00[31]_*.txt")]))
    assert [item.name[:3] for item in items] == ["001", "003"]


def test_folder_is_read_recursively_in_order_skipping_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Baku denied it.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Yerevan protested.", encoding="utf-8")
    (tmp_path / ".cache" / "x.txt").write_text("Hidden.", encoding="utf-8")
    assert [item.name for item in read_inputs([str(tmp_path)])] == ["a.txt", "2.txt"]


def test_exact_duplicate_is_yielded_once_and_the_repeat_rejected(tmp_path, seeds_dir):
    copy = tmp_path / "copy.txt"
    shutil.copy(seed_path("002"), copy)
    items = list(read_inputs([str(seed_path("002")), str(copy)]))
    assert isinstance(items[0], Document)
    assert items[1] == Rejection(input=str(copy), reason=f"duplicate of {seed_path('002').name}")


def test_cp1252_text_is_decoded_and_the_encoding_recorded(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(
        "Talks in Baku \u2013 the caf\u00e9 owners said they were \u201chopeful\u201d.".encode("cp1252")
    )
    document = ingest_one(path)
    assert document.encoding == "cp1252"
    assert document.text == "Talks in Baku \u2013 the caf\u00e9 owners said they were \u201chopeful\u201d."


# ------------------------------------------------------------------------------------ rejections


def reject_one(path: Path | str, **kwargs) -> Rejection:
    items = list(read_inputs([str(path)], **kwargs))
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    assert items[0].input == str(path)
    return items[0]


def test_empty_file_is_rejected(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n\t\n")
    assert reject_one(tmp_path / "empty.txt").reason == "empty file"
    assert reject_one(tmp_path / "blank.txt").reason == "empty file"


def test_binary_file_is_rejected(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert reject_one(path).reason == "binary file (not text)"


def test_undecodable_file_is_rejected(tmp_path):
    path = tmp_path / "garbled.txt"
    path.write_bytes(b"Armenia \x81\x8d\x8f\x90\x9d\x81\x8d\x8f\x90\x9d talks")
    assert reject_one(path).reason.startswith("undecodable text: not valid UTF-8 (byte 8)")


def test_oversized_file_is_rejected_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Armenia and Azerbaijan held talks. " * 10, encoding="utf-8")
    assert reject_one(path, max_bytes=100).reason == "file too large: 350 bytes, more than the limit of 100"


def test_file_with_only_boilerplate_is_rejected(tmp_path):
    path = tmp_path / "shell.txt"
    path.write_text("Comments (0)\n\nDaily Newsletter\n\n© 2024 Some Outlet\n", encoding="utf-8")
    assert reject_one(path).reason == "no article text left after removing boilerplate"


def test_missing_path_and_empty_glob_are_rejected(tmp_path):
    assert reject_one(tmp_path / "nowhere.txt").reason == "no such file or folder"
    assert reject_one(tmp_path / "*.jsonl").reason == "no file matches this pattern"


def test_broken_symlink_is_rejected(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    assert reject_one(link).reason == "broken symbolic link"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_rejected(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("Secret.", encoding="utf-8")
    path.chmod(0)
    assert reject_one(path).reason.startswith("cannot read")


def test_corrupt_gzip_is_rejected(tmp_path):
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"this is not gzip data at all")
    assert reject_one(path).reason.startswith("corrupt gzip file")


def test_bad_inputs_do_not_stop_the_batch(tmp_path, seeds_dir):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02" * 50)
    inputs = [
        str(seed_path("000")),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.bin"),
        str(tmp_path / "missing.txt"),
        str(seed_path("004")),
    ]
    items = list(read_inputs(inputs))
    assert [type(item).__name__ for item in items] == [
        "Document",
        "Rejection",
        "Rejection",
        "Rejection",
        "Document",
    ]
    assert [item.input for item in items[1:4]] == inputs[1:4]


# ----------------------------------------------------------------------------------------- rules


def test_rules_load_and_every_pattern_matches_its_example():
    rules = load_rules()
    assert rules.line_patterns and rules.footer_markers
    assert rules.outlet_named("agence france-presse") == "AFP"


def test_rule_file_errors_name_the_file_and_the_entry(tmp_path):
    rules_dir = tmp_path / "ingest"
    shutil.copytree(RULES_DIR, rules_dir)
    boilerplate = rules_dir / "boilerplate.yaml"
    boilerplate.write_text(
        boilerplate.read_text(encoding="utf-8").replace(
            'example: "Comments (0)"', 'example: "Say something"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        IngestRulesError, match=r"boilerplate\.yaml.*comment-counter.*does not match its own example"
    ):
        load_rules(rules_dir)


def test_rule_words_that_yaml_reads_as_booleans_are_named(tmp_path):
    rules_dir = tmp_path / "ingest"
    shutil.copytree(RULES_DIR, rules_dir)
    layout = rules_dir / "layout.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace('"on"', "on", 1), encoding="utf-8")
    with pytest.raises(
        IngestRulesError, match=r"layout\.yaml: \w+\[\d+\] must be a non-empty text, got True"
    ):
        load_rules(rules_dir)


# ------------------------------------------------------------------------------ hard wraps, headers


def test_hard_wrapped_text_rejoins_lines_that_break_before_a_capital():
    raw = (
        "Armenian officials said on Saturday that more than a hundred thousand\n"
        "people had crossed the Hakari bridge since the offensive, and that the\n"
        "last buses had left Stepanakert for the border crossing at Kornidzor near\n"
        "Goris on Friday night.\n\n"
        "The government in Yerevan asked the European Union for emergency help and\n"
        "said it would house the new arrivals in schools and hotels for the winter.\n"
    )
    document = document_from_text(raw, "wrapped")
    assert paragraphs(document) == [
        "Armenian officials said on Saturday that more than a hundred thousand people had crossed the Hakari "
        "bridge since the offensive, and that the last buses had left Stepanakert for the border crossing at "
        "Kornidzor near Goris on Friday night.",
        "The government in Yerevan asked the European Union for emergency help and said it would house "
        "the new arrivals in schools and hotels for the winter.",
    ]


def test_one_paragraph_per_line_is_not_mistaken_for_hard_wrapping():
    raw = "Baku denied the claim.\nYerevan protested.\nMoscow urged calm on both sides of the border.\n"
    assert len(paragraphs(document_from_text(raw, "x"))) == 3


@pytest.mark.parametrize(
    ("header", "outlet", "published"),
    [
        ("Posted on 21 February 2023 by Kavkaz Daily", "Kavkaz Daily", date(2023, 2, 21)),
        ("Kavkaz Daily | Reprinted with permission | 06.05.2023", "Kavkaz Daily", date(2023, 5, 6)),
        ("Monday, May 15th 2023 -- Kavkaz Daily", "Kavkaz Daily", date(2023, 5, 15)),
        ("24 Oct. 2023 (updated 25 Oct.) - Kavkaz Daily", "Kavkaz Daily", date(2023, 10, 24)),
        ("Sept. 29, 2023 (Kavkaz Daily)", "Kavkaz Daily", date(2023, 9, 29)),
        ("Kavkaz Daily, 10/05/2024", "Kavkaz Daily", date(2024, 5, 10)),
        ("Date: 26 May 2023 / Kavkaz Daily", "Kavkaz Daily", date(2023, 5, 26)),
        ("Published 05.06.2023 at 11:02 | Kavkaz Daily", "Kavkaz Daily", date(2023, 6, 5)),
    ],
)
def test_dateline_variants_give_outlet_and_date(header, outlet, published):
    raw = f"Armenia and Azerbaijan resume talks\nBy Jane Doe\n{header}\n\nThe talks resumed on Monday.\n"
    document = document_from_text(raw, "x")
    assert (document.outlet, document.published, document.author) == (outlet, published, "Jane Doe")
    assert paragraphs(document) == ["Armenia and Azerbaijan resume talks", "The talks resumed on Monday."]


def test_dateline_outlet_beats_the_writers_affiliation():
    raw = "Talks end\nBy Thomas Reed (Caucasus Wire)\nEurasia Desk | 06.05.2023\n\nThe talks ended.\n"
    document = document_from_text(raw, "x")
    assert (document.author, document.outlet) == ("Thomas Reed", "Eurasia Desk")


def test_outlet_named_only_in_the_copyright_line():
    raw = "Yerevan protests\nBy Jane Doe\n\nThousands rallied in Yerevan.\n\nCopyright 2020 Kavkaz Daily\n"
    assert document_from_text(raw, "x").outlet == "Kavkaz Daily"


def test_staff_byline_names_the_outlet():
    raw = "Road blocked\nBy: Baku Observer staff\n\nActivists blocked the road on Monday.\n"
    document = document_from_text(raw, "x")
    assert (document.author, document.outlet) == ("Baku Observer staff", "Baku Observer")


# --------------------------------------------------------------------------- the sample corpus


def sample_table() -> dict[str, tuple[str, str]]:
    """file -> (outlet, published) from the table in data/samples/README.md."""
    rows = {}
    for line in (SAMPLES_DIR / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].endswith((".txt", ".html")):
            rows[cells[0]] = (cells[1], cells[2])
    return rows


@pytest.fixture(scope="module")
def samples() -> dict[str, Document]:
    if not (SAMPLES_DIR / "README.md").is_file():
        pytest.skip("no sample corpus")
    return {item.name: item for item in read_inputs([str(SAMPLES_DIR)]) if isinstance(item, Document)}


@pytest.mark.parametrize("name", sorted(sample_table()) if (SAMPLES_DIR / "README.md").is_file() else [])
def test_sample_outlet_and_publication_date_match_the_corpus_table(samples, name):
    outlet, published = sample_table()[name]
    document = samples[name]
    assert document.outlet == outlet
    assert (document.published.isoformat() if document.published else "none") == published


def test_sample_folder_readme_is_not_an_article(samples):
    assert "README.md" not in samples
    assert set(sample_table()) <= set(samples)


def test_sample_stray_headline_before_the_byline_is_dropped(samples):
    document = samples["05_csto_yerevan_summit_2022.txt"]
    assert "Russian missile strikes" not in document.text
    assert [s.reason for s in document.removed if "Russian missile strikes" in s.text] == ["stray-headline"]


def test_sample_hard_wrapped_sentence_is_whole(samples):
    text = samples["14_karabakh_exodus_2023.txt"].text
    assert (
        "queued at the Azerbaijani checkpoint at the Hakari bridge before entering Armenia at Kornidzor."
        in text
    )
    assert "Armenians fear that others will be arrested in the same way." in text


# --------------------------------------------------------------------------------- more inputs


def test_json_array_file(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([ARTICLE, {"id": "x"}]), encoding="utf-8")
    document, rejection = read_inputs([str(path)])
    assert document.name == "oc-1"
    assert rejection.reason == "missing or empty 'text' (array item 2)"


def test_utf16_text_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Ереван and Baku held talks.".encode("utf-16"))
    document = ingest_one(path)
    assert (document.text, document.encoding) == ("Ереван and Baku held talks.", "utf-16")


def test_jsonl_line_over_the_size_limit_is_rejected_alone(tmp_path):
    path = tmp_path / "mixed.jsonl"
    write_jsonl(path, [dict(ARTICLE, text="x" * 500), dict(ARTICLE, id="small", text="Baku agreed.")])
    first, second = read_inputs([str(path)], max_bytes=400)
    assert (first.line, first.reason) == (1, "line too large")
    assert second.name == "small"


def test_duplicate_jsonl_record_is_reported_with_its_line(tmp_path):
    path = tmp_path / "dupes.jsonl"
    write_jsonl(path, [ARTICLE, dict(ARTICLE, id="again")])
    document, rejection = read_inputs([str(path)])
    assert (rejection.line, rejection.reason) == (2, "duplicate of oc-1")


def test_jsonl_date_alias_in_compact_form(tmp_path):
    path = tmp_path / "wire.jsonl"
    write_jsonl(path, [{"id": "w1", "date": "20080804", "text": "Officials met in Moscow."}])
    assert ingest_one(path).published == date(2008, 8, 4)


def test_a_lede_starting_with_by_is_not_a_byline():
    raw = "Villages retaken\n\nBy Sunday, Azerbaijan had retaken the villages.\n"
    document = document_from_text(raw, "x")
    assert document.author is None
    assert "By Sunday, Azerbaijan had retaken the villages." in document.text


def test_original_span_of_a_quote_that_crosses_a_rejoined_line_wrap(seeds):
    document = seeds["000"]
    quote = "different objectives than the ones stated"
    start = document.text.index(quote)
    original_start, original_end = original_span(document, start, start + len(quote))
    assert folded(document.original_text[original_start:original_end]) == quote


def test_original_span_ends_where_its_last_word_ends(seeds):
    document = seeds["003"]
    title = document.title
    start, end = original_span(document, 0, len(title))
    assert document.original_text[start:end] == title


# ----------------------------------------------------------------------------------- properties

try:
    import hypothesis
    from hypothesis import strategies
except ImportError:  # the property test needs hypothesis (installed with schemathesis)
    hypothesis = None

SCRAPE_PIECES = [
    *"abc XYZ.,:;!?-–—\n\n\r\t\u00a0\u200b*#_()|/0123456789@©\"'”",
    "By ",
    "Tags",
    "Comments (0)",
    "May ",
    "2023",
    "http://x.example",
    "About the author",
    "News World\n",
    "Published: 7 May 2023\n",
    "To cite this article",
    "the",
    "AFP",
]


if hypothesis is not None:

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(strategies.lists(strategies.sampled_from(SCRAPE_PIECES), max_size=50).map("".join))
    def test_any_text_cleans_without_error_and_keeps_an_exact_offset_map(raw):
        document = document_from_text(raw, "fuzz")
        assert document.text == document.text.strip()
        for seg in document.offset_map:
            assert (
                document.text[seg.clean_start : seg.clean_start + seg.length]
                == raw[seg.orig_start : seg.orig_start + seg.length]
            )
        covered = [0] * len(raw)
        for seg in document.offset_map:
            for position in range(seg.orig_start, seg.orig_start + seg.length):
                covered[position] = 1
        for span in document.removed:
            for position in range(span.start, span.end):
                covered[position] += 1
        assert set(covered) <= {1}
        for offset, char in enumerate(document.text):
            assert raw[document.original_offset(offset)] == char or char.isspace()


def test_wrapped_lede_whose_first_line_looks_like_a_headline_is_kept_whole():
    raw = (
        "Leaders meet in Moscow\nBy Jane Doe\n\n"
        "President Ilham Aliyev of Azerbaijan met Armenian Prime Minister\n"
        "Nikol Pashinyan in Moscow on Thursday, the Kremlin said in a short\n"
        "statement that gave no details of what the two leaders had discussed\n"
        "at the meeting.\n\n"
        "Both men later attended a summit of the Eurasian Economic Union in\n"
        "the Russian capital, where they exchanged sharp words on camera.\n"
    )
    document = document_from_text(raw, "x")
    assert document.title == "Leaders meet in Moscow"
    assert paragraphs(document)[1].startswith(
        "President Ilham Aliyev of Azerbaijan met Armenian Prime Minister Nikol Pashinyan in Moscow"
    )
    assert not any(span.reason == "stray-headline" for span in document.removed)


def test_header_walk_stops_after_a_few_lines():
    lines = [f"Line number {n} without a full stop" for n in range(1, 13)]
    document = document_from_text("\n".join(lines), "list")
    assert "Line number 12 without a full stop" in document.text


def test_a_place_in_a_dateline_is_not_taken_for_the_outlet():
    document = document_from_text("Talks resume\nLONDON, 7 May 2023\n\nThe talks resumed.\n", "x")
    assert (document.outlet, document.published) == (None, date(2023, 5, 7))


def test_a_later_update_date_does_not_replace_the_publication_date():
    raw = "Talks resume\nPublished: 7 May 2023 | Updated: 8 May 2023\n\nThe talks resumed.\n"
    assert document_from_text(raw, "x").published == date(2023, 5, 7)


def test_stdin_problems_are_reported_as_stdin():
    (rejection,) = read_inputs(["-"], stdin=io.BytesIO(b"\x00\x01binary"))
    assert (rejection.input, rejection.reason) == ("stdin", "binary file (not text)")


def test_a_file_name_with_glob_characters_is_read_literally(tmp_path):
    path = tmp_path / "report [draft].txt"
    path.write_text("Armenia and Azerbaijan met in Brussels.", encoding="utf-8")
    assert ingest_one(path).name == "report [draft].txt"


# ------------------------------------------------------------------------------------- CSV corpora


def test_csv_corpus_rows_become_documents_and_bad_rows_are_rejected_by_line(tmp_path):
    import csv as csv_module
    import gzip as gzip_module

    from eventgraph.ingest import read_inputs

    rows = [
        {
            "id": "c1",
            "title": "Talks resume",
            "text": "Armenia and Azerbaijan held talks in Brussels.",
            "published": "2023-05-14",
            "source": "Caucasus Wire",
            "url": "",
            "author": "",
        },
        {"id": "c2", "title": "Empty", "text": "  ", "published": "", "source": "", "url": "", "author": ""},
        {
            "id": "c3",
            "title": "Multi-line",
            "text": "Russia accused the West.\n\nLavrov spoke in Moscow.",
            "published": "2023-05-15",
            "source": "Black Sea Monitor",
            "url": "",
            "author": "",
        },
    ]
    path = tmp_path / "corpus.csv.gz"
    with gzip_module.open(path, "wt", encoding="utf-8", newline="") as fh:
        writer = csv_module.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    items = list(read_inputs([str(path)]))
    documents = [i for i in items if isinstance(i, Document)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [d.name for d in documents] == ["c1", "c3"]
    assert documents[0].outlet == "Caucasus Wire" and str(documents[0].published) == "2023-05-14"
    assert documents[0].input_format == "csv"
    assert "Lavrov spoke in Moscow." in documents[1].text
    assert [(r.line, r.reason) for r in rejections] == [(3, "missing or empty 'text'")]


def test_tsv_without_a_text_column_is_rejected(tmp_path):
    from eventgraph.ingest import read_inputs

    path = tmp_path / "corpus.tsv"
    path.write_text("id\tbody\n1\tArmenia and Azerbaijan held talks.\n", encoding="utf-8")
    (rejection,) = list(read_inputs([str(path)]))
    assert isinstance(rejection, Rejection) and "no 'text' column" in rejection.reason
