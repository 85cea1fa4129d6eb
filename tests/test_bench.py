"""The load benchmark's smoke run (make bench-smoke): it keeps working, and every page answers.

Starts gunicorn on a throwaway database and drives each page for a second with wrk. Times are
printed (run with -s to see the table), never asserted."""

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import load

pytestmark = pytest.mark.bench


@pytest.fixture(scope="module")
def smoke():
    if not shutil.which("wrk") and os.geteuid() != 0 and not os.environ.get("CI"):
        pytest.skip("wrk is not installed: install Debian's 'wrk' package to run the bench smoke")
    return load.main(["--smoke"])


def test_every_page_answers_under_load(smoke):
    [(table, results)] = smoke
    print("\n" + table)
    assert [r.url for r in results[1:]] == [url for _, url in load.PAGES]
    for result in results:
        assert 200 <= result.status < 300, (result.url, result.status)
        assert (result.errors, result.non_2xx) == (0, 0), result.url


def test_the_ceiling_is_the_readers_own_html(smoke):
    [(_, results)] = smoke
    ceiling, reader = results[0], results[2]
    assert ceiling.url.startswith("/static/")
    assert reader.url == "/documents/weathersby-soviet-role/"
    assert ceiling.size == reader.size
