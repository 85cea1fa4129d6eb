"""How responses travel: brotli or gzip when the client accepts it and no secret is in the body (never
the admin: BREACH), ETags with 304s for conditional requests, and Cache-Control that lets a CDN
keep public pages briefly but never the admin or what a logged-in editor sees."""

import gzip

import brotli
import pytest

READER = "/documents/weathersby-soviet-role/"
TEI = "/documents/weathersby-soviet-role.tei.xml"
API = "/api/documents/weathersby-soviet-role/paragraphs"
PUBLIC = [READER, TEI, API, "/", "/documents/weathersby-soviet-role/cite.json", "/actors/"]
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}  # what Chromium sends


@pytest.mark.django_db
class TestCompression:
    @pytest.mark.parametrize(
        "url, content_type",
        [(READER, "text/html"), (TEI, "application/tei+xml"), (API, "application/json")],
    )
    def test_public_answers_are_gzipped_for_clients_that_accept_it(
        self, client, collection, url, content_type
    ):
        plain = client.get(url)
        packed = client.get(url, **GZIP)
        assert packed["Content-Type"].startswith(content_type)
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 3
        assert "Content-Encoding" not in plain

    @pytest.mark.parametrize(
        "url, content_type",
        [(READER, "text/html"), (TEI, "application/tei+xml"), (API, "application/json")],
    )
    def test_browsers_that_accept_brotli_get_it(self, client, collection, url, content_type):
        plain = client.get(url)
        packed = client.get(url, **BROWSER)
        assert packed["Content-Type"].startswith(content_type)
        assert packed["Content-Encoding"] == "br"
        assert "Accept-Encoding" in packed["Vary"]
        assert brotli.decompress(packed.content) == plain.content
        assert int(packed["Content-Length"]) == len(packed.content)
        gzipped = client.get(url, **GZIP)
        assert len(packed.content) < len(gzipped.content)

    def test_the_reader_travels_in_under_30_kib(self, client, collection):
        # Issue 10's compressed target for the paper's reader page (its raw size is not met:
        # see tests/test_reader_weight.py). A page asked for again is compressed at brotli's
        # best quality; the first answer, compressed fast, is already smaller than gzip's.
        first = client.get(READER, **BROWSER)
        again = client.get(READER, **BROWSER)
        assert first["Content-Encoding"] == again["Content-Encoding"] == "br"
        assert brotli.decompress(first.content) == brotli.decompress(again.content)
        assert len(again.content) <= 30 * 1024
        assert len(first.content) < len(client.get(READER, **GZIP).content)

    def test_brotli_refused_with_q0_falls_back_to_gzip(self, client, collection):
        packed = client.get(READER, HTTP_ACCEPT_ENCODING="br;q=0, gzip")
        assert packed["Content-Encoding"] == "gzip"

    def test_a_changed_page_is_compressed_anew(self, client, weathersby_paper):
        before = brotli.decompress(client.get(READER, **BROWSER).content)
        paragraph = weathersby_paper.paragraphs.get(position=1)
        paragraph.text = "An edited first paragraph."
        paragraph.save()
        after = brotli.decompress(client.get(READER, **BROWSER).content)
        assert b"An edited first paragraph." in after and b"An edited first" not in before

    def test_the_admin_is_never_compressed(self, editor_client, collection):
        for url in ("/admin/", "/admin/documents/document/", "/admin/documents/actor/"):
            response = editor_client.get(url, **BROWSER)
            assert response.status_code == 200
            assert "Content-Encoding" not in response, url

    def test_the_login_form_with_its_csrf_token_is_not_compressed(self, client, db):
        response = client.get("/admin/login/", **BROWSER)
        assert b"csrfmiddlewaretoken" in response.content
        assert "Content-Encoding" not in response

    def test_a_page_served_to_a_logged_in_editor_is_not_compressed(self, editor_client, collection):
        response = editor_client.get(READER, **BROWSER)
        assert response.status_code == 200
        assert "Content-Encoding" not in response


@pytest.mark.django_db
class TestConditionalRequests:
    @pytest.mark.parametrize("url", PUBLIC)
    def test_a_revalidation_of_an_unchanged_page_is_a_304_without_body(
        self, client, collection, url
    ):
        first = client.get(url, **GZIP)
        assert first.status_code == 200 and first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
        assert again.status_code == 304
        assert again.content == b""

    def test_an_edit_changes_the_etag(self, client, weathersby_paper):
        etag = client.get(READER)["ETag"]
        paragraph = weathersby_paper.paragraphs.get(position=1)
        paragraph.text = "An edited first paragraph."
        paragraph.save()  # as an editor saves it (signals keep the render and cache fresh)
        changed = client.get(READER, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200
        assert b"An edited first paragraph." in changed.content


@pytest.mark.django_db
class TestCacheControl:
    @pytest.mark.parametrize("url", PUBLIC)
    def test_public_pages_may_be_kept_briefly_by_a_shared_cache(self, client, collection, url):
        response = client.get(url)
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=60", "stale-while-revalidate=600"} <= directives
        assert "Cookie" in response["Vary"]

    def test_the_admin_is_private_and_never_stored(self, editor_client, collection):
        for url in ("/admin/", "/admin/documents/document/"):
            cache_control = editor_client.get(url)["Cache-Control"]
            assert "private" in cache_control and "no-store" in cache_control
            assert "public" not in cache_control

    def test_a_draft_preview_is_private_and_never_stored(self, editor_client, interview):
        interview.status = interview.Status.DRAFT
        interview.save()
        response = editor_client.get(interview.get_absolute_url())
        assert b"Draft: only staff can see this document." in response.content
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "ETag" not in response

    def test_a_missing_page_is_not_declared_cacheable(self, client, db):
        response = client.get("/documents/no-such-text/")
        assert response.status_code == 404
        assert "public" not in response.get("Cache-Control", "")


class TestBrotliBodies:
    def test_a_body_seen_once_is_compressed_fast_and_one_seen_again_at_best(self):
        from korea_archive.middleware import BrotliBodies

        page = b"<p>The Soviet Role in Early Postwar Korea, a paragraph of it.</p>\n" * 3000
        bodies = BrotliBodies(size=2)
        first = bodies.compress(page)
        best = bodies.compress(page)
        assert brotli.decompress(first) == brotli.decompress(best) == page
        assert first == brotli.compress(page, quality=BrotliBodies.FAST, mode=brotli.MODE_TEXT)
        assert best == brotli.compress(page, quality=BrotliBodies.BEST, mode=brotli.MODE_TEXT)
        assert bodies.compress(page) is best  # kept, not compressed again
        for other in (b"<p>one</p>" * 500, b"<p>two</p>" * 500):
            bodies.compress(other), bodies.compress(other)
        assert bodies.compress(page) is not best  # pushed out by the two others: made again
