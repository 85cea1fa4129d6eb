"""`make run` as a newcomer meets it: scripts/serve.sh (what `make run` runs) sets up a fresh
SQLite database and serves the site through gunicorn with DEBUG off, over local plain HTTP
(LOCAL_HTTP=1). An editor logs in to the admin, with a cookie-keeping HTTP client and in
Chromium; static files come from whitenoise; pages are gzipped."""

import gzip
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
USERNAME, PASSWORD = "newcomer", "a long local passphrase 7"

# `make run` serves SQLite whatever the pass: running this again in the PostgreSQL pass would
# repeat it exactly (see one_pass in pyproject.toml).
pytestmark = pytest.mark.one_pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(process, port: int, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped (exit {process.returncode}):\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the server did not answer on port {port}:\n{log.read_text()}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The base address of a real gunicorn serving a fresh SQLite database, as `make run`."""
    folder = tmp_path_factory.mktemp("make-run")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "0",
        "LOCAL_HTTP": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",  # two processes: the login must hold across workers
        # serve.sh collects the static files: into a folder of its own, not the one the
        # suite's live server (in another pytest worker) may be serving meanwhile.
        "STATIC_ROOT": str(folder / "staticfiles"),
        "CACHE_DIR": str(folder / "cache"),  # and a page cache of its own (the bench has one)
        "PY": sys.executable,
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "create_editor", USERNAME],
        cwd=ROOT,
        env={**env, "EDITOR_PASSWORD": PASSWORD},
        check=True,
        capture_output=True,
    )
    log = folder / "server.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve.sh")], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        wait_until_serving(process, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def opener():
    """An HTTP client that keeps cookies, as a browser does."""
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def get(site, path, **headers):
    request = urllib.request.Request(site + path, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error


class TestMakeRun:
    def test_an_editor_logs_in_to_the_admin_over_plain_http(self, site):
        client, jar = opener()
        login = client.open(f"{site}/admin/login/?next=/admin/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        form = urllib.parse.urlencode(
            {
                "username": USERNAME,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
                "next": "/admin/",
            }
        ).encode()
        index = client.open(f"{site}/admin/login/?next=/admin/", data=form, timeout=30)
        assert index.geturl() == f"{site}/admin/"
        page = index.read().decode()
        assert "Log out" in page and "Documents" in page
        cookies = {cookie.name: cookie for cookie in jar}
        assert not cookies["sessionid"].secure and not cookies["csrftoken"].secure
        assert "no-store" in index.headers["Cache-Control"]

    def test_debug_is_off(self, site):
        missing = get(site, "/no-such-page/")
        assert missing.status == 404
        body = missing.read().decode()
        assert "URLconf" not in body and "Traceback" not in body

    def test_no_redirect_to_https_and_no_hsts_locally(self, site):
        home = get(site, "/")
        assert home.status == 200 and home.geturl() == f"{site}/"
        assert "Strict-Transport-Security" not in home.headers

    def test_static_files_by_whitenoise_with_hashed_names(self, site):
        home = get(site, "/").read().decode()
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home).group(1)
        response = get(site, stylesheet, **{"Accept-Encoding": "gzip"})
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]

    def test_the_reader_is_gzipped_and_revalidated(self, site):
        reader = get(site, "/documents/weathersby-soviet-role/", **{"Accept-Encoding": "gzip"})
        assert reader.headers["Content-Encoding"] == "gzip"
        assert b"Soviet Role in Early Postwar Korea" in gzip.decompress(reader.read())
        again = get(
            site,
            "/documents/weathersby-soviet-role/",
            **{"Accept-Encoding": "gzip", "If-None-Match": reader.headers["ETag"]},
        )
        assert again.status == 304


def test_local_http_refuses_to_serve_a_public_host():
    """LOCAL_HTTP=1 (no HTTPS redirect, no Secure cookies) must not reach production."""
    env = {**os.environ, "DEBUG": "0", "LOCAL_HTTP": "1", "ALLOWED_HOSTS": "archive.example.org"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "LOCAL_HTTP=1 turns off HTTPS protections" in result.stderr
    assert "archive.example.org" in result.stderr


@pytest.mark.browser
def test_admin_login_in_chromium(site, browser):
    tab = browser.new_page()
    try:
        tab.goto(f"{site}/admin/")
        tab.fill("#id_username", USERNAME)
        tab.fill("#id_password", PASSWORD)
        tab.click("input[type=submit]")
        tab.wait_for_url(f"{site}/admin/")
        assert tab.locator("#site-name").inner_text() == "Korea archive: curation"
        assert tab.get_by_role("link", name="Documents").first.is_visible()
    finally:
        tab.close()
