"""The page cache on its default backend, the one `make run` uses: Django's file cache
without zlib (documents/caching/file_cache.py), in a directory of its own. A page is served
from it byte for byte with the ETag it was stored with, revalidates to a 304, and a curated
save is visible on the next request."""

import pytest
from django.test import Client, override_settings

from documents.caching.file_cache import CULL_EVERY, PlainFileCache

from .test_page_cache import PAPER_URL, edit_paragraph, get


@pytest.fixture
def file_cache(tmp_path):
    backend = {"BACKEND": "documents.caching.file_cache.PlainFileCache", "LOCATION": str(tmp_path)}
    with override_settings(CACHES={"default": backend}):
        yield tmp_path


@pytest.mark.django_db
class TestOnTheFileCache:
    def test_a_page_is_served_from_the_files_with_its_etag(self, collection, file_cache):
        first, _ = get(PAPER_URL)
        assert first["X-Page-Cache"] == "miss"
        second, queries = get(PAPER_URL)
        assert second["X-Page-Cache"] == "hit" and queries == 0
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert any(file_cache.rglob("*.plaincache"))

    def test_a_hit_revalidates_to_a_304(self, collection, file_cache):
        etag = get(PAPER_URL)[0]["ETag"]
        again = Client().get(PAPER_URL, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""

    def test_a_save_is_visible_on_the_next_request(self, collection, file_cache):
        get(PAPER_URL)
        edit_paragraph(1, "A first paragraph an editor has just corrected.")
        after, _ = get(PAPER_URL)
        assert b"A first paragraph an editor has just corrected." in after.content


class TestTheBackend:
    def test_values_round_trip_touch_and_expire(self, tmp_path):
        cache = PlainFileCache(str(tmp_path), {})
        page = ("<p>“Soviet” – ¶1</p>".encode(), {"Content-Type": "text/html; charset=utf-8"})
        cache.set("reader", page, 60)
        assert cache.get("reader") == page
        assert cache.touch("reader", 120) and cache.get("reader") == page
        cache.set("gone", page, -1)
        assert cache.get("gone", "expired") == "expired"
        assert not cache.touch("missing")

    def test_a_write_does_not_list_the_directory_and_the_size_stays_bounded(self, tmp_path):
        """Django's file cache lists every entry before each write (46 ms with 19,000): here
        once every CULL_EVERY writes, culling as before when the cache is full."""

        class Counted(PlainFileCache):
            listings = 0

            def _list_cache_files(self):
                Counted.listings += 1
                return super()._list_cache_files()

        most = 500
        cache = Counted(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": most}})
        writes = 12 * CULL_EVERY
        largest = 0
        for n in range(writes):
            cache.set(f"page-{n}", b"<p>page</p>", 60)
            largest = max(largest, len(list(tmp_path.glob("*.plaincache"))))
        assert Counted.listings <= writes // CULL_EVERY + 1
        assert most < largest <= most + CULL_EVERY  # culled when full, a little late at most
        assert cache.get(f"page-{writes - 1}") == b"<p>page</p>"
