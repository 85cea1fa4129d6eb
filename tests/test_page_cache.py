"""The page cache: anonymous GETs of public pages served from the cache, never stale (a
curated save moves it to a new version), never for staff, the admin, POSTs or errors; in
this process's memory here, and in a real Redis shared by two "app processes"."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from documents.models import Document, Paragraph

from .linking_samples import PAPER

PAPER_URL = f"/documents/{PAPER}/"
PUBLIC_PAGES = [
    "/",
    "/documents/",
    PAPER_URL,
    f"/documents/{PAPER}.tei.xml",
    f"/documents/{PAPER}/cite.json",
    f"/documents/{PAPER}/notes/1/",
    "/actors/",
    "/events/",
    "/archives/",
    "/sources/",
    "/search/?q=Stalin",
    "/api/documents",
]
IN_CI = bool(os.environ.get("CI"))


def get(url, client=None, **extra):
    """(response, number of queries) for a GET by a visitor with no cookie."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url, **extra)
    return response, len(queries)


def edit_paragraph(position: int, text: str) -> None:
    paragraph = Paragraph.objects.get(document__slug=PAPER, position=position)
    paragraph.text = text
    paragraph.save()


@pytest.mark.django_db
class TestPageCache:
    @pytest.mark.parametrize("url", PUBLIC_PAGES)
    def test_the_second_anonymous_request_makes_no_query(self, collection, url):
        first, _ = get(url)
        assert first.status_code == 200
        second, queries = get(url)
        assert (second.status_code, queries, second["X-Page-Cache"]) == (200, 0, "hit")
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        # Its length is said, as on the miss: without it the server sends the body in chunks
        # (a copy of the whole page per request) and a client cannot show progress.
        assert second["Content-Length"] == first["Content-Length"] == str(len(first.content))

    def test_a_curated_save_is_on_the_next_request(self, collection):
        get(PAPER_URL)
        before, _ = get("/search/?q=corrected")  # cached: no passage says it yet
        assert b"as an editor put it" not in before.content
        edit_paragraph(3, "Stalin, as an editor put it in a corrected paragraph.")
        page, queries = get(PAPER_URL)
        assert queries > 0 and b"as an editor put it in a corrected paragraph" in page.content
        found, _ = get("/search/?q=corrected")  # (the word itself is highlighted)
        assert b"as an editor put it" in found.content

    def test_staff_neither_read_nor_fill_it_and_their_pages_are_private(
        self, collection, editor_client
    ):
        get(PAPER_URL)
        staff, queries = get(PAPER_URL, editor_client)
        assert queries > 0 and "X-Page-Cache" not in staff
        assert "private" in staff["Cache-Control"]
        get("/actors/", editor_client)
        anonymous, queries = get("/actors/")
        assert queries > 0 and anonymous["X-Page-Cache"] == "miss"

    def test_a_draft_previewed_by_staff_never_reaches_the_public(self, collection, editor_client):
        paper = Document.objects.get(slug=PAPER)
        paper.status = Document.Status.DRAFT
        paper.save()
        assert get(PAPER_URL, editor_client)[0].status_code == 200
        assert get(PAPER_URL)[0].status_code == 404

    def test_only_successful_responses_are_kept(self, collection):
        get("/documents/no-such-text/")
        response, queries = get("/documents/no-such-text/")
        assert response.status_code == 404 and queries > 0

    def test_the_admin_and_posts_are_never_cached(self, collection):
        for _ in range(2):
            login = Client().get("/admin/login/")
            assert login.status_code == 200 and "X-Page-Cache" not in login
        get("/api/docs")
        docs, _ = get("/api/docs")
        assert "X-Page-Cache" not in docs
        Client().get("/search/?q=Kim")
        posted = Client().post("/search/?q=Kim")
        assert "X-Page-Cache" not in posted

    def test_a_response_that_sets_a_cookie_is_not_kept(self, collection):
        # The admin login page hands out a CSRF cookie: it is never kept (and is excluded).
        first = Client().get("/admin/login/")
        assert first.cookies
        assert "X-Page-Cache" not in first

    def test_the_switch_turns_it_off(self, collection, settings):
        settings.PAGE_CACHE = False
        get(PAPER_URL)
        response, queries = get(PAPER_URL)
        assert queries > 0 and "X-Page-Cache" not in response

    def test_a_visitor_whose_session_cookie_logs_nobody_in_gets_the_cached_page(
        self, collection, settings
    ):
        # A session cookie sends the request past the fast path (AnonymousHitMiddleware) to
        # the one that asks who is logged in: nobody, so the page still comes from the cache.
        first, _ = get(PAPER_URL)
        visitor = Client()
        visitor.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-0123456789abcdef"
        second, _ = get(PAPER_URL, visitor)
        assert (second.status_code, second["X-Page-Cache"]) == (200, "hit")
        assert second.content == first.content

    def test_a_cached_page_is_refused_to_a_host_not_allowed(self, collection):
        assert get(PAPER_URL)[0].status_code == 200
        assert get(PAPER_URL)[0]["X-Page-Cache"] == "hit"
        refused, _ = get(PAPER_URL, HTTP_HOST="attacker.example")
        assert refused.status_code == 400 and b"Weathersby" not in refused.content

    def test_another_host_is_another_page(self, collection, settings):
        settings.ALLOWED_HOSTS = ["testserver", "archive.example.org"]
        get(PAPER_URL)
        other, queries = get(PAPER_URL, HTTP_HOST="archive.example.org")
        assert queries > 0 and b"http://archive.example.org/documents/" in other.content


# -- a real Redis --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url():
    """REDIS_URL when set (scripts/with-redis.sh sets it); else a redis-server of our own in a
    temporary directory; else skipped, saying why (in CI: a failure)."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        reason = "redis-server not found: install Debian's 'redis-server' package (make test does, as root)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="korea-archive-redis-") as directory:
        process = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", directory]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), 0.1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(10)
    assert not Path(directory).exists()


@pytest.fixture
def two_processes(redis_url, settings):
    """The settings of two app servers sharing one Redis: two cache aliases, each its own
    Django RedisCache client (as two processes would have), the same keys."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {"default": dict(backend), "other": dict(backend)}
    settings.PAGE_CACHE_ALIAS = "default"
    yield settings
    import redis

    client = redis.Redis.from_url(redis_url)
    stale = client.keys(f"{prefix}:*")
    if stale:
        client.delete(*stale)  # only this test's keys: never FLUSHDB a Redis we were given


@pytest.mark.django_db
class TestRedis:
    def test_the_page_cache_lives_in_redis(self, collection, two_processes):
        from django.core.cache import caches

        assert type(caches["default"]).__name__ == "RedisCache"
        get(PAPER_URL)
        response, queries = get(PAPER_URL)
        assert (queries, response["X-Page-Cache"]) == (0, "hit")
        import redis

        client = redis.Redis.from_url(two_processes.CACHES["default"]["LOCATION"])
        prefix = two_processes.CACHES["default"]["KEY_PREFIX"]
        assert client.keys(f"{prefix}:*page.*")

    def test_a_curated_save_makes_the_next_request_fresh(self, collection, two_processes):
        get(PAPER_URL)
        edit_paragraph(5, "A paragraph corrected while Redis held the page.")
        response, queries = get(PAPER_URL)
        assert queries > 0 and b"corrected while Redis held the page" in response.content

    def test_two_app_processes_share_it(self, collection, two_processes):
        get(PAPER_URL)  # process A fills
        two_processes.PAGE_CACHE_ALIAS = "other"
        response, queries = get(PAPER_URL)  # process B reads what A stored
        assert (queries, response["X-Page-Cache"]) == (0, "hit")
        two_processes.PAGE_CACHE_ALIAS = "default"
        edit_paragraph(7, "Saved on one app server, read on the other.")  # saved in A
        two_processes.PAGE_CACHE_ALIAS = "other"
        response, queries = get(PAPER_URL)  # B sees it at once
        assert queries > 0 and b"Saved on one app server, read on the other." in response.content


@pytest.mark.django_db
def test_a_worker_keeps_only_its_most_recent_pages_in_memory(collection):
    # Each process keeps the last pages it served (documents/caching/pages.py RecentPages):
    # bounded, so a crawl of every search does not grow a worker without end, and a page
    # pushed out is still served from the shared cache.
    from documents.caching.pages import recent

    for number in range(recent.size + 5):
        get(f"/search/?q=Stalin&page={number % 3 + 1}&n={number}")
    assert len(recent.entries) == recent.size
    first, queries = get("/search/?q=Stalin&page=1&n=0")
    assert (first.status_code, queries, first["X-Page-Cache"]) == (200, 0, "hit")
