"""The polite HTTP client and URL ingest, against a local site on 127.0.0.1 (tests/http_fixtures.py)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from eventgraph import __version__
from eventgraph.ingest.fetch import (
    SETTINGS_FILE,
    FetchSettingsError,
    PoliteClient,
    decode_body,
    document_name,
    documents_from_urls,
    fetch_url,
    is_url,
    load_fetch_settings,
    retry_after_seconds,
)
from eventgraph.records import Document, Rejection
from tests.http_fixtures import (
    ARTICLE_AUTHOR,
    ARTICLE_PATH,
    ARTICLE_TITLE,
    BARE_PAGE_PATH,
    EMPTY_PAGE_PATH,
    PLAIN_PATH,
    LocalSite,
    fast_settings,
)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    with PoliteClient(fast_settings()) as polite:
        yield polite


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


# ------------------------------------------------------------------------------------------ settings


def test_shipped_settings_load_and_identify_the_project():
    settings = load_fetch_settings()
    assert settings.user_agent.startswith(f"eventgraph/{__version__} (+https://")
    assert settings.max_attempts >= 1 and settings.connect_timeout > 0 and settings.read_timeout > 0
    assert "text/html" in settings.html_types and "application/rss+xml" in settings.feed_types


def test_backoff_doubles_and_is_capped():
    settings = fast_settings(backoff_initial=1.0, backoff_factor=2.0, backoff_max=5.0)
    assert [settings.backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


def write_settings(tmp_path: Path, old: str, new: str) -> Path:
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "fetch.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_negative_timeout_is_refused_naming_file_and_key(tmp_path):
    path = write_settings(tmp_path, "read_timeout: 20", "read_timeout: -3")
    with pytest.raises(FetchSettingsError, match=r"fetch\.yaml: read_timeout must be a number >= "):
        load_fetch_settings(path)


def test_a_missing_key_is_refused_naming_it(tmp_path):
    path = write_settings(tmp_path, "max_redirects: 5", "")
    with pytest.raises(FetchSettingsError, match=r"missing keys \['max_redirects'\]"):
        load_fetch_settings(path)


def test_a_malformed_media_type_is_refused(tmp_path):
    path = write_settings(tmp_path, "text_types: [text/plain]", "text_types: [plain text]")
    with pytest.raises(FetchSettingsError, match=r"text_types: 'plain text' is not a lower-case media type"):
        load_fetch_settings(path)


# ------------------------------------------------------------------------------------------------ urls


@pytest.mark.parametrize("arg", ["https://civilnet.am/en/news/1", "http://127.0.0.1:8000/a", "HTTPS://X.AM"])
def test_web_addresses_are_urls(arg):
    assert is_url(arg)


@pytest.mark.parametrize("arg", ["seeds/001.txt", "-", "ftp://host/file", "httpx.html", "*.html"])
def test_paths_and_other_schemes_are_not_urls(arg):
    assert not is_url(arg)


def test_document_name_is_host_and_path():
    assert document_name("https://oc-media.org/armenia-talks/") == "oc-media.org/armenia-talks"
    assert document_name("http://127.0.0.1:9/a?id=3") == "127.0.0.1:9/a?id=3"


# ------------------------------------------------------------------------------------------- fetching


def test_an_article_page_is_fetched_as_text(site, client):
    result = client.fetch_page(site.url(ARTICLE_PATH))
    assert result.ok and result.status == 200
    assert result.content_type.startswith("text/html")
    assert ARTICLE_TITLE in result.text
    assert result.final_url == site.url(ARTICLE_PATH)


def test_fetch_url_without_a_client_uses_the_shipped_settings(site):
    result = fetch_url(site.url(PLAIN_PATH))
    assert result.ok and "Arlington" in result.text


def test_requests_carry_the_eventgraph_user_agent(site, client):
    client.fetch_page(site.url(ARTICLE_PATH))
    assert site.user_agents and all(agent == client.settings.user_agent for agent in site.user_agents)


def test_a_redirect_chain_is_followed_to_the_article(site, client):
    result = client.fetch_page(site.url("/hop/1"))
    assert result.ok and result.url == site.url("/hop/1")
    assert result.final_url == site.url(ARTICLE_PATH)
    assert site.hits("/hop/1") == site.hits("/hop/2") == site.hits(ARTICLE_PATH) == 1


def test_a_redirect_loop_stops_after_the_configured_number_of_hops(site, client):
    result = client.fetch_page(site.url("/loop"))
    assert result.error == f"more than {client.settings.max_redirects} redirects"
    assert site.hits("/loop") == client.settings.max_redirects + 1


def test_a_chain_longer_than_max_redirects_is_refused(site):
    with PoliteClient(fast_settings(max_redirects=1)) as short:
        assert short.fetch_page(site.url("/hop/1")).error == "more than 1 redirects"
    assert site.hits(ARTICLE_PATH) == 0


def test_a_pdf_is_refused_without_reading_it_as_text(site, client):
    result = client.fetch_page(site.url("/report.pdf"))
    assert result.error == "not HTML or text (application/pdf)"
    assert result.text is None and result.content == b""


def test_a_response_over_max_bytes_is_refused(site, client):
    result = client.fetch_page(site.url("/huge.html"))
    assert result.error == f"response larger than {client.settings.max_bytes} bytes"


def test_a_body_trickling_in_past_the_download_timeout_is_abandoned(site):
    with PoliteClient(fast_settings(download_timeout=0.3)) as polite:
        started = time.monotonic()
        result = polite.fetch_page(site.url("/drip"))
    assert result.error == "download took longer than 0.3 s"
    assert time.monotonic() - started < 0.9


def test_a_404_is_reported_and_not_retried(site, client):
    result = client.fetch_page(site.url("/missing.html"))
    assert result.error == "HTTP 404 Not Found" and not result.retryable
    assert site.hits("/missing.html") == 1


def test_a_bad_address_is_reported_without_any_request(site, client):
    assert client.fetch_page("www.example.com/news").error == "not an http(s) URL"
    assert client.fetch_page("http:///news").error == "URL has no host"


def test_a_closed_port_is_reported_as_a_connection_failure(client):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = client.fetch_page(f"http://127.0.0.1:{port}/news")
    assert "could not connect" in result.error and result.retryable


# -------------------------------------------------------------------------------------------- retries


def test_a_persistent_500_is_retried_with_growing_backoff_then_given_up(site, client):
    result = client.fetch_page(site.url("/always-500"))
    assert result.error == "HTTP 500 after 3 attempts" and result.retryable
    assert site.hits("/always-500") == 3
    first_wait, second_wait = gaps(site.times("/always-500"))
    assert first_wait >= 0.05 and second_wait >= 0.1
    assert second_wait > first_wait


def test_a_transient_503_recovers_on_a_later_attempt(site, client):
    result = client.fetch_page(site.url("/flaky"))
    assert result.ok and ARTICLE_TITLE in result.text
    assert result.attempts == 3 and site.hits("/flaky") == 3


def test_a_429_waits_as_long_as_retry_after_asks(site, client):
    result = client.fetch_page(site.url("/busy"))
    assert result.ok
    (wait,) = gaps(site.times("/busy"))
    assert wait >= 0.95


def test_a_retry_after_beyond_the_cap_is_not_waited_for(site, client):
    started = time.monotonic()
    result = client.fetch_page(site.url("/busy-for-an-hour"))
    assert time.monotonic() - started < 1
    assert result.error == "HTTP 429: the server asks to wait 3600 s, more than the 2 s cap"
    assert site.hits("/busy-for-an-hour") == 1


def test_a_slow_page_times_out_after_the_read_timeout(site):
    with PoliteClient(fast_settings(max_attempts=2, read_timeout=0.3)) as impatient:
        started = time.monotonic()
        result = impatient.fetch_page(site.url("/slow"))
    assert result.error == "timed out after 0.3 s (2 attempts)" and result.retryable
    assert site.hits("/slow") == 2
    assert time.monotonic() - started < site.slow_seconds


def test_retry_after_as_an_http_date():
    now = datetime(2023, 9, 19, 12, 0, tzinfo=UTC)
    headers = httpx.Headers({"Retry-After": format_datetime(now + timedelta(seconds=30), usegmt=True)})
    assert retry_after_seconds(headers, now) == 30
    assert retry_after_seconds(httpx.Headers({"Retry-After": "soon"}), now) is None


# ----------------------------------------------------------------------------------------- politeness


def test_requests_to_one_host_keep_the_minimum_interval(site):
    with PoliteClient(fast_settings(min_host_interval=0.6)) as polite:
        polite.fetch_page(site.url(ARTICLE_PATH))
        polite.fetch_page(site.url(BARE_PAGE_PATH))
    arrivals = sorted(site.times("/robots.txt") + site.times(ARTICLE_PATH) + site.times(BARE_PAGE_PATH))
    assert len(arrivals) == 3
    # Arrival times are taken by the server's threads: on a loaded machine one of them may be late,
    # which shortens the gap seen; 0.2 s of slack keeps the check about spacing, not scheduling.
    assert all(gap >= 0.4 for gap in gaps(arrivals)), gaps(arrivals)


def test_a_crawl_delay_in_robots_txt_slows_us_down_to_its_pace():
    robots = "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n"
    with LocalSite(robots_txt=robots) as slow_site, PoliteClient(fast_settings()) as polite:
        polite.fetch_page(slow_site.url(ARTICLE_PATH))
        polite.fetch_page(slow_site.url(BARE_PAGE_PATH))
        (wait,) = gaps(slow_site.times(ARTICLE_PATH) + slow_site.times(BARE_PAGE_PATH))
    assert wait >= 0.95


def test_a_crawl_delay_beyond_the_cap_is_obeyed_only_up_to_the_cap():
    robots = "User-agent: *\nCrawl-delay: 3600\n"
    capped = fast_settings(max_crawl_delay=0.2)
    with LocalSite(robots_txt=robots) as slow_site, PoliteClient(capped) as polite:
        polite.fetch_page(slow_site.url(ARTICLE_PATH))
        polite.fetch_page(slow_site.url(BARE_PAGE_PATH))
        (wait,) = gaps(slow_site.times(ARTICLE_PATH) + slow_site.times(BARE_PAGE_PATH))
    assert 0.15 <= wait < 1


def test_a_path_disallowed_by_robots_txt_is_never_requested(site, client):
    result = client.fetch_page(site.url("/private/memo.html"))
    assert result.error == "blocked by robots.txt" and not result.retryable
    assert site.hits("/private/memo.html") == 0


def test_a_redirect_into_a_disallowed_path_is_blocked(site, client):
    result = client.fetch_page(site.url("/hop/private"))
    assert result.error == "blocked by robots.txt"
    assert result.final_url == site.url("/private/memo.html")
    assert site.hits("/private/memo.html") == 0


def test_robots_txt_is_read_once_per_host(site, client):
    for path in (ARTICLE_PATH, BARE_PAGE_PATH, PLAIN_PATH, "/private/memo.html"):
        client.fetch_page(site.url(path))
    assert site.hits("/robots.txt") == 1


def test_a_robots_txt_answering_404_allows_everything():
    with LocalSite(robots_status=404) as open_site, PoliteClient(fast_settings()) as polite:
        assert polite.fetch_page(open_site.url("/private/memo.html")).ok


def test_a_robots_txt_answering_500_keeps_the_whole_host_out():
    with LocalSite(robots_status=500) as failing, PoliteClient(fast_settings()) as polite:
        results = [polite.fetch_page(failing.url(p)) for p in (ARTICLE_PATH, BARE_PAGE_PATH)]
        assert failing.hits(ARTICLE_PATH) == failing.hits(BARE_PAGE_PATH) == 0
        assert failing.hits("/robots.txt") == 1
    for result in results:
        assert result.error == "blocked: robots.txt answered HTTP 500, so the host is skipped this run"


def test_robots_can_be_switched_off_in_the_settings(site):
    with PoliteClient(fast_settings(respect_robots=False)) as careless:
        assert careless.fetch_page(site.url("/private/memo.html")).ok
    assert site.hits("/robots.txt") == 0


# ------------------------------------------------------------------------------------------- decoding


def test_the_declared_charset_decodes_the_body():
    body = "Gyumri – Kars border crossing".encode("cp1252")
    assert decode_body(body, "text/html; charset=windows-1252") == "Gyumri – Kars border crossing"


def test_a_meta_charset_is_used_when_the_header_has_none():
    body = '<html><head><meta charset="windows-1251"></head>Ереван</html>'.encode("cp1251")
    assert "Ереван" in decode_body(body, "text/html")


def test_utf8_is_the_fallback_and_bad_bytes_do_not_raise():
    assert decode_body("Şuşa".encode(), None) == "Şuşa"
    assert decode_body(b"caf\xe9", "text/plain; charset=no-such-charset").startswith("caf")


# ------------------------------------------------------------------------------------------ documents


def test_an_html_page_becomes_a_document_with_its_metadata(site, client):
    (document,) = documents_from_urls([site.url(ARTICLE_PATH)], client)
    assert isinstance(document, Document)
    assert document.title == ARTICLE_TITLE and document.author == ARTICLE_AUTHOR
    assert document.published == date(2023, 5, 14)
    assert document.url == site.url(ARTICLE_PATH) and document.input_format == "html"
    assert "Nikol Pashinyan and Azerbaijani President Ilham Aliyev met in Brussels" in " ".join(
        document.text.split()
    )
    assert "Copyright" not in document.text and "Subscribe" not in document.text


def test_a_plain_text_page_becomes_a_text_document(site, client):
    (document,) = documents_from_urls([site.url(PLAIN_PATH)], client)
    assert isinstance(document, Document) and document.input_format == "text"
    assert "Antony Blinken" in document.text and document.url == site.url(PLAIN_PATH)


def test_html_served_as_text_plain_is_still_read_as_html(site, client):
    (document,) = documents_from_urls([site.url("/news/mislabelled.txt")], client)
    assert document.input_format == "html" and document.title == ARTICLE_TITLE
    assert "<p>" not in document.text


def test_a_url_given_twice_is_fetched_and_yielded_once(site, client):
    results = list(documents_from_urls([site.url(ARTICLE_PATH), site.url(ARTICLE_PATH) + " "], client))
    assert len(results) == 1 and site.hits(ARTICLE_PATH) == 1


def test_the_same_article_under_two_addresses_is_yielded_once(site, client):
    results = list(documents_from_urls([site.url(ARTICLE_PATH), site.url("/hop/1")], client))
    assert [d.url for d in results] == [site.url(ARTICLE_PATH)]


def test_a_redirected_url_is_stored_under_its_final_address(site, client):
    (document,) = documents_from_urls([site.url("/hop/1")], client)
    assert document.url == site.url(ARTICLE_PATH)
    assert document.name == document_name(site.url(ARTICLE_PATH))


def test_a_page_without_article_text_is_rejected(site, client):
    (rejection,) = documents_from_urls([site.url(EMPTY_PAGE_PATH)], client)
    assert rejection == Rejection(site.url(EMPTY_PAGE_PATH), "no article text found on the page")


def test_a_mixed_list_yields_good_documents_and_one_rejection_per_bad_url(site):
    expected_reasons = {
        site.url("/report.pdf"): "not HTML or text (application/pdf)",
        site.url("/always-500"): "HTTP 500 after 2 attempts",
        site.url("/private/memo.html"): "blocked by robots.txt",
        site.url("/slow"): "timed out after 0.3 s (2 attempts)",
        site.url("/missing.html"): "HTTP 404 Not Found",
        "not-a-url": "not an http(s) URL",
    }
    good = [site.url(ARTICLE_PATH), site.url(PLAIN_PATH), site.url(BARE_PAGE_PATH)]
    urls = [good[0], *list(expected_reasons)[:3], good[1], *list(expected_reasons)[3:], good[2]]
    with PoliteClient(fast_settings(max_attempts=2, read_timeout=0.3)) as polite:
        results = list(documents_from_urls(urls, polite))
    assert len(results) == len(urls)
    documents = [r for r in results if isinstance(r, Document)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    assert [d.url for d in documents] == good
    assert {r.input: r.reason for r in rejections} == expected_reasons
