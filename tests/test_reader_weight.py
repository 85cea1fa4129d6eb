"""What a reader downloads for the paper: a <head> that carries the work's own metadata and
links to the rest, and no template indentation. The bounds stand well below what the page
weighed before (237 KiB raw, 44 KiB gzipped, a 58 KiB <head>), so that the bulk cannot creep
back unnoticed."""

import gzip
import re

import pytest

READER = "/documents/weathersby-soviet-role/"


@pytest.fixture
def page(client, collection):
    return client.get(READER).content


@pytest.mark.django_db
class TestReaderWeight:
    def test_the_head_is_small(self, page):
        head = page.split(b"</head>")[0]
        assert len(head) <= 8 * 1024
        assert b'name="citation_title"' in head  # what Zotero reads stays
        assert b"citation_reference" not in head

    def test_the_page_and_its_compressed_size(self, page):
        # 180 KiB before each note's marker said what the note rests on (about 8 KiB more:
        # a class, a letter and a spoken label on 58 markers and 58 notes, and the legend).
        # A guard against creep, not the target: issue 10 asks ≤ 120 KiB raw (not met: the
        # paper's words alone are 84 KiB, and typed note markers, their legend and a Cite link
        # per paragraph came since) and ≤ 30 KiB compressed, which brotli meets and gzip cannot
        # (tests/test_http_delivery.py; the words alone gzip to 25 KiB).
        assert len(page) <= 192 * 1024
        assert len(gzip.compress(page)) <= 38 * 1024

    def test_no_blank_lines_or_indentation_runs(self, page):
        assert not re.search(rb"\n[ \t]*\n", page)
        assert not re.search(rb"\n[ \t]{2,}", page)
