"""RSS/Atom parsing, the feed state and polling, against a local site on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eventgraph.ingest.feeds import (
    FeedError,
    FeedItem,
    FeedsFileError,
    FeedState,
    FeedStateError,
    feed_date,
    fill_from_item,
    parse_feed,
    poll_feed_urls,
    poll_feeds,
    read_feed_list,
)
from eventgraph.ingest.fetch import PoliteClient
from eventgraph.records import Document, Rejection
from eventgraph.runs.watch import default_state_path, poll_round, watch
from tests.http_fixtures import (
    ARTICLE_PATH,
    ARTICLE_TITLE,
    BARE_PAGE_PATH,
    BROKEN_FEED,
    UPDATED_PAGE_PATH,
    FeedEntry,
    LocalSite,
    fast_settings,
)

FEED_URL = "https://news.example.org/feeds/caucasus.xml"


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    with PoliteClient(fast_settings()) as polite:
        yield polite


def feeds_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "FEEDS.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def documents(results: list[Document | Rejection]) -> list[Document]:
    return [r for r in results if isinstance(r, Document)]


def rejections(results: list[Document | Rejection]) -> list[Rejection]:
    return [r for r in results if isinstance(r, Rejection)]


# -------------------------------------------------------------------------------------------- parsing


def test_rss_items_keep_order_link_title_author_date_and_plain_summary(site):
    items = parse_feed(site.rss(), site.url("/feeds/rss.xml"))
    assert [i.link for i in items] == [site.url(ARTICLE_PATH), site.url(BARE_PAGE_PATH)]
    first = items[0]
    assert first.title == "Leaders resume border talks" and first.author == "Lena Hakobyan"
    assert first.published == date(2023, 5, 14)
    assert first.summary == "Pashinyan and Aliyev met again in Brussels."
    assert first.item_id == f"rss-{ARTICLE_PATH}" and first.key == first.item_id


def test_atom_entries_resolve_relative_links_against_xml_base(site):
    items = parse_feed(site.atom(), site.url("/feeds/atom.xml"))
    assert [i.link for i in items] == [site.url(ARTICLE_PATH), site.url(BARE_PAGE_PATH)]
    assert items[1].author == "Arif Mammadov" and items[1].summary == "The ICRC says convoys can pass again."


def test_atom_prefers_published_over_updated():
    xml = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id><link href="/a"/>
      <updated>2023-09-21T08:00:00Z</updated><published>2023-09-19T06:15:00Z</published></entry></feed>"""
    (item,) = parse_feed(xml, FEED_URL)
    assert item.published == date(2023, 9, 19) and item.link == "https://news.example.org/a"


def test_atom_skips_links_that_are_not_the_alternate_page():
    xml = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id>
      <link rel="self" href="https://news.example.org/entry.xml"/>
      <link rel="alternate" type="text/html" href="https://news.example.org/story"/></entry></feed>"""
    assert parse_feed(xml, FEED_URL)[0].link == "https://news.example.org/story"


def test_a_relative_rss_link_is_resolved_against_the_feed_url():
    xml = b"<rss version='2.0'><channel><item><title>T</title><link>/politics/1</link></item></channel></rss>"
    assert parse_feed(xml, FEED_URL)[0].link == "https://news.example.org/politics/1"


def test_a_permalink_guid_stands_in_for_a_missing_link():
    xml = b"""<rss version='2.0'><channel><item><guid>https://news.example.org/p/7</guid></item>
      <item><guid isPermaLink="false">id-8</guid></item></channel></rss>"""
    first, second = parse_feed(xml, FEED_URL)
    assert first.link == "https://news.example.org/p/7"
    assert second.link is None and second.key == "id-8"


def test_rss_1_0_rdf_items_are_read():
    xml = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://news.example.org/"/>
      <item rdf:about="https://news.example.org/rdf/1"><title>CSTO summit in Yerevan</title>
      <link>https://news.example.org/rdf/1</link><dc:date>2022-11-23</dc:date>
      <dc:creator>Staff</dc:creator></item></rdf:RDF>"""
    (item,) = parse_feed(xml, FEED_URL)
    assert (item.title, item.published, item.author) == (
        "CSTO summit in Yerevan",
        date(2022, 11, 23),
        "Staff",
    )
    assert item.key == "https://news.example.org/rdf/1"


def test_a_bare_ampersand_is_recovered_not_fatal(site):
    items = parse_feed(site.rss(sloppy=True), site.url("/feeds/sloppy.xml"))
    assert [i.title for i in items] == [
        "Leaders resume border talks & more",
        "Lachin road reopens to aid convoys & more",
    ]


def test_an_unclosed_tag_is_recovered():
    xml = b"<rss><channel><item><title>Ceasefire holds<link>https://news.example.org/c</link></item>"
    (item,) = parse_feed(xml, FEED_URL)
    assert item.title.startswith("Ceasefire holds")


def test_garbage_is_not_well_formed_xml():
    with pytest.raises(FeedError, match="^feed is not well-formed XML: "):
        parse_feed(BROKEN_FEED, FEED_URL)
    with pytest.raises(FeedError, match="^feed is not well-formed XML: "):
        parse_feed(b"", FEED_URL)


def test_a_web_page_is_not_a_feed():
    with pytest.raises(FeedError, match=r"^not an RSS or Atom feed \(root element <html>\)$"):
        parse_feed(b"<html><body><p>Latest news</p></body></html>", FEED_URL)


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
        "<rss><channel><item><title>Hello &leak; world</title><link>https://x.org/1</link></item>"
        "</channel></rss>"
    ).encode()
    (item,) = parse_feed(xml, FEED_URL)
    assert "TOP-SECRET-TOKEN" not in (item.title or "")
    assert item.title == "Hello world"


def test_nested_entity_expansion_is_not_performed():
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]><rss><channel><item>'
        "<title>&l9;</title><link>https://x.org/1</link></item></channel></rss>"
    )
    started = time.monotonic()
    (item,) = parse_feed(xml.encode(), FEED_URL)
    assert time.monotonic() - started < 1 and item.title is None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Tue, 19 Sep 2023 06:15:00 +0000", date(2023, 9, 19)),
        ("Tue, 19 Sep 2023 23:30:00 -0500", date(2023, 9, 19)),
        ("2023-09-19T06:15:00Z", date(2023, 9, 19)),
        ("2023-09-19", date(2023, 9, 19)),
        ("last Tuesday", None),
        ("", None),
    ],
)
def test_feed_dates(expression, expected):
    assert feed_date(expression) == expected


def test_feed_metadata_fills_only_what_the_page_lacks():
    page = Document("d1", "n", "text", "text", title="Page title", published=None)
    item = FeedItem(
        "https://x.org/1",
        title="Feed title",
        published=date(2023, 9, 19),
        author="Ani Grigoryan",
        published_expression="Tue, 19 Sep 2023 06:15:00 +0000",
    )
    fill_from_item(page, item)
    assert (page.title, page.author, page.published) == ("Page title", "Ani Grigoryan", date(2023, 9, 19))
    assert page.published_expression == "Tue, 19 Sep 2023 06:15:00 +0000"


# ----------------------------------------------------------------------------------------- feeds file


def test_the_feeds_file_skips_comments_blanks_and_duplicates(tmp_path):
    path = feeds_file(
        tmp_path,
        "# South Caucasus outlets",
        "",
        "https://a.example/rss   # Armenian outlet",
        "https://b.example/atom.xml",
        "https://a.example/rss",
    )
    urls, problems = read_feed_list(path)
    assert urls == ["https://a.example/rss", "https://b.example/atom.xml"] and problems == []


def test_a_bad_line_in_the_feeds_file_is_rejected_with_its_line_number(tmp_path):
    path = feeds_file(tmp_path, "https://a.example/rss", "a.example/rss")
    urls, problems = read_feed_list(path)
    assert urls == ["https://a.example/rss"]
    assert problems == [Rejection(str(path), "'a.example/rss': not an http(s) URL", line=2)]


def test_a_missing_feeds_file_names_the_file(tmp_path):
    with pytest.raises(FeedsFileError, match=r"FEEDS\.txt: cannot read the list of feeds"):
        read_feed_list(tmp_path / "FEEDS.txt")


# --------------------------------------------------------------------------------------------- state


def test_the_state_survives_a_save_and_load(tmp_path):
    state = FeedState(tmp_path / "state.json")
    state.mark_seen(FEED_URL, "item-1")
    state.save()
    loaded = FeedState.load(tmp_path / "state.json")
    assert loaded.is_seen(FEED_URL, "item-1")
    assert not loaded.is_seen(FEED_URL, "item-2") and not loaded.is_seen("https://other/feed", "item-1")


def test_the_state_keeps_each_feeds_validators(tmp_path):
    state = FeedState(tmp_path / "state.json")
    state.remember_version(FEED_URL, '"abc"', "Tue, 19 Sep 2023 06:15:00 GMT")
    state.save()
    loaded = FeedState.load(tmp_path / "state.json")
    assert loaded.conditions(FEED_URL) == {
        "If-None-Match": '"abc"',
        "If-Modified-Since": "Tue, 19 Sep 2023 06:15:00 GMT",
    }
    loaded.remember_version(FEED_URL, None, None)
    assert loaded.conditions(FEED_URL) == {}


def test_a_missing_state_file_is_an_empty_state(tmp_path):
    state = FeedState.load(tmp_path / "never-written.json")
    assert state.seen_count(FEED_URL) == 0


def test_the_state_forgets_the_oldest_items_beyond_its_limit(tmp_path):
    state = FeedState(tmp_path / "state.json", max_items=3)
    for key in ("a", "b", "c", "a", "d"):
        state.mark_seen(FEED_URL, key)
    assert [state.is_seen(FEED_URL, k) for k in "abcd"] == [True, False, True, True]


@pytest.mark.parametrize(
    "content", ["{not json", '{"version": 99, "feeds": {}}', '{"version": 1, "feeds": []}']
)
def test_a_corrupt_state_file_is_an_error_naming_the_file(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FeedStateError, match=r"state\.json: .*delete it to start afresh"):
        FeedState.load(path)


# ------------------------------------------------------------------------------------------- polling


def test_a_first_poll_turns_every_item_into_a_document(site, client, tmp_path):
    path = feeds_file(tmp_path, site.url("/feeds/rss.xml"))
    results = list(poll_feeds(path, tmp_path / "state.json", client))
    assert [d.url for d in documents(results)] == [site.url(ARTICLE_PATH), site.url(BARE_PAGE_PATH)]
    assert rejections(results) == []


def test_the_feed_fills_title_author_and_date_the_page_lacks(site, client, tmp_path):
    path = feeds_file(tmp_path, site.url("/feeds/atom.xml"))
    article, bare = documents(list(poll_feeds(path, tmp_path / "state.json", client)))
    assert article.title == ARTICLE_TITLE  # the page's own title wins over the feed's
    assert (bare.title, bare.author, bare.published) == (
        "Lachin road reopens to aid convoys",
        "Arif Mammadov",
        date(2023, 7, 3),
    )


def test_a_second_poll_fetches_nothing_new(site, client, tmp_path):
    path, state = feeds_file(tmp_path, site.url("/feeds/rss.xml")), tmp_path / "state.json"
    list(poll_feeds(path, state, client))
    pages_before = site.hits(ARTICLE_PATH) + site.hits(BARE_PAGE_PATH)
    assert list(poll_feeds(path, state, client)) == []
    assert site.hits(ARTICLE_PATH) + site.hits(BARE_PAGE_PATH) == pages_before == 2


def test_an_unchanged_feed_is_asked_for_conditionally_and_answers_304(site, client, tmp_path):
    path, state = feeds_file(tmp_path, site.url("/feeds/rss.xml")), tmp_path / "state.json"
    list(poll_feeds(path, state, client))
    list(poll_feeds(path, state, client))
    assert site.statuses["/feeds/rss.xml"] == [200, 304]


def test_a_new_item_is_the_only_page_fetched_on_the_next_poll(site, client, tmp_path):
    path, state = feeds_file(tmp_path, site.url("/feeds/rss.xml")), tmp_path / "state.json"
    list(poll_feeds(path, state, client))
    site.entries.insert(
        0, FeedEntry("EU mission extended", UPDATED_PAGE_PATH, datetime(2024, 1, 22, tzinfo=UTC))
    )
    results = list(poll_feeds(path, state, client))
    assert [d.url for d in documents(results)] == [site.url(UPDATED_PAGE_PATH)]
    assert site.hits(ARTICLE_PATH) == site.hits(BARE_PAGE_PATH) == 1


def test_the_state_file_records_the_items_read(site, client, tmp_path):
    path, state = feeds_file(tmp_path, site.url("/feeds/rss.xml")), tmp_path / "state.json"
    list(poll_feeds(path, state, client))
    saved = json.loads(state.read_text(encoding="utf-8"))
    seen = saved["feeds"][site.url("/feeds/rss.xml")]["seen"]
    assert seen == [f"rss-{ARTICLE_PATH}", f"rss-{BARE_PAGE_PATH}"]


def test_an_item_whose_page_failed_transiently_is_tried_again(site, client, tmp_path):
    site.entries = [FeedEntry("Server trouble", "/always-500", datetime(2023, 9, 19, tzinfo=UTC))]
    state = FeedState(tmp_path / "state.json")
    first = list(poll_feed_urls([site.url("/feeds/rss.xml")], state, client))
    assert first == [Rejection(site.url("/always-500"), "HTTP 500 after 3 attempts")]
    second = list(poll_feed_urls([site.url("/feeds/rss.xml")], state, client))
    assert second == first and site.hits("/always-500") == 6
    assert site.statuses["/feeds/rss.xml"] == [200, 200]  # no 304 may hide the item still owed


def test_a_failing_page_linked_from_two_feeds_is_fetched_once_and_owed_by_both(site, client):
    site.entries = [FeedEntry("Server trouble", "/always-500", datetime(2023, 9, 19, tzinfo=UTC))]
    feeds, state = [site.url("/feeds/rss.xml"), site.url("/feeds/atom.xml")], FeedState()
    (rejection,) = poll_feed_urls(feeds, state, client)
    assert rejection.input == site.url("/always-500") and site.hits("/always-500") == 3
    assert state.seen_count(feeds[0]) == state.seen_count(feeds[1]) == 0


def test_an_item_whose_page_failed_for_good_is_not_tried_again(site, client, tmp_path):
    site.entries = [FeedEntry("Annual report", "/report.pdf", datetime(2023, 9, 19, tzinfo=UTC))]
    state = FeedState(tmp_path / "state.json")
    (rejection,) = poll_feed_urls([site.url("/feeds/rss.xml")], state, client)
    assert rejection.reason == "not HTML or text (application/pdf)"
    assert list(poll_feed_urls([site.url("/feeds/rss.xml")], state, client)) == []


def test_broken_and_bad_feeds_are_rejected_and_the_rest_still_polled(site, client, tmp_path):
    path = feeds_file(
        tmp_path,
        site.url("/feeds/broken.xml"),
        "feeds/local.xml",
        site.url("/feeds/homepage.xml"),
        site.url("/feeds/missing.xml"),
        site.url("/feeds/atom.xml"),
    )
    results = list(poll_feeds(path, tmp_path / "state.json", client))
    assert len(documents(results)) == 2
    reasons = {(r.input, r.line): r.reason for r in rejections(results)}
    assert reasons[(str(path), 2)] == "'feeds/local.xml': not an http(s) URL"
    assert reasons[(site.url("/feeds/broken.xml"), None)].startswith("feed is not well-formed XML: ")
    assert reasons[(site.url("/feeds/homepage.xml"), None)] == "not an RSS or Atom feed (root element <html>)"
    assert reasons[(site.url("/feeds/missing.xml"), None)] == "feed could not be fetched: HTTP 404 Not Found"
    assert len(reasons) == 4


def test_a_feed_served_as_pdf_is_not_parsed(site, client, tmp_path):
    path = feeds_file(tmp_path, site.url("/report.pdf"))
    (rejection,) = poll_feeds(path, tmp_path / "state.json", client)
    assert rejection.reason == "feed could not be fetched: not a feed (application/pdf)"


# --------------------------------------------------------------------------------------------- watch


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    from eventgraph.pipeline import Pipeline

    loaded = Pipeline()
    try:
        loaded.annotator, loaded.resolver, loaded.coder  # noqa: B018 (load every stage now)
    except Exception as exc:  # another engineer's stage still in progress: say which
        pytest.skip(f"the pipeline's stages do not load yet: {exc}")
    return loaded


def stored_urls(db: Path) -> set[str]:
    from eventgraph.store import Store

    with Store(db, read_only=True) as store:
        return {store.document(row["doc_id"])["url"] for row in store.documents()}


def test_a_watch_round_stores_new_articles_and_the_next_round_adds_none(site, client, tmp_path, pipeline):
    path, db = feeds_file(tmp_path, site.url("/feeds/rss.xml")), tmp_path / "events.duckdb"
    state = FeedState(tmp_path / "state.json")
    first = poll_round(path, db, state, pipeline, client)
    assert (first.read, first.added, first.rejections) == (2, 2, [])
    assert stored_urls(db) == {site.url(ARTICLE_PATH), site.url(BARE_PAGE_PATH)}
    assert FeedState.load(tmp_path / "state.json").seen_count(site.url("/feeds/rss.xml")) == 2
    second = poll_round(path, db, state, pipeline, client)
    assert (second.read, second.added) == (0, 0)


def test_the_same_article_in_two_feeds_is_stored_once(site, client, tmp_path, pipeline):
    path = feeds_file(tmp_path, site.url("/feeds/rss.xml"), site.url("/feeds/atom.xml"))
    state = FeedState()
    summary = poll_round(path, tmp_path / "events.duckdb", state, pipeline, client)
    assert (summary.read, summary.added, summary.rejections) == (2, 2, [])
    assert site.hits(ARTICLE_PATH) == site.hits(BARE_PAGE_PATH) == 1
    assert state.seen_count(site.url("/feeds/rss.xml")) == state.seen_count(site.url("/feeds/atom.xml")) == 2


def watch_app() -> typer.Typer:
    app = typer.Typer()
    app.command()(watch)
    return app


def test_watch_once_polls_into_the_store_and_keeps_state_beside_the_feeds_file(site, tmp_path, pipeline):
    path, db = feeds_file(tmp_path, site.url("/feeds/atom.xml")), tmp_path / "events.duckdb"
    result = CliRunner().invoke(watch_app(), [str(path), "--db", str(db), "--once"])
    assert result.exit_code == 0, result.output
    assert "poll 1" in result.output and "2 new documents" in result.output
    assert stored_urls(db) == {site.url(ARTICLE_PATH), site.url(BARE_PAGE_PATH)}
    assert default_state_path(path) == tmp_path / "FEEDS.state.json" and default_state_path(path).exists()


def test_watch_with_a_missing_feeds_file_says_so_in_one_line(tmp_path):
    missing = tmp_path / "FEEDS.txt"
    result = CliRunner().invoke(watch_app(), [str(missing), "--db", str(tmp_path / "e.duckdb"), "--once"])
    assert result.exit_code == 1
    assert "FEEDS.txt: cannot read the list of feeds" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "e.duckdb").exists()


def test_watch_refuses_to_poll_more_often_than_once_a_minute(tmp_path):
    path = feeds_file(tmp_path, "https://a.example/rss")
    result = CliRunner().invoke(watch_app(), [str(path), "--interval", "5"])
    assert result.exit_code == 2 and "interval" in result.output.lower()
