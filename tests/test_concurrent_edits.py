"""Two editors saving the same paragraph at the same moment, for real: two threads posting at
once to a server running in its own process, on a database file (SQLite) or a database of its
own (PostgreSQL), the way a deployment runs. No 500, and no lost text: in every round one save
wins, the other editor is shown the conflict page with their own text in it, and the stored
text is exactly one of the two.

(The in-process live server cannot show this on SQLite: it shares one in-memory database between
its threads, which locks differently from the file a deployment uses.)
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings

from .admin_support import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 30

SETUP = """
from django.contrib.auth import get_user_model
from tests.admin_support import import_paper, make_editor
paper = import_paper()
for name in ("ann", "ben"):
    make_editor(get_user_model(), name)
print(paper.paragraphs.get(position=7).pk)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_database(name):
    """A fresh database `name` on the PostgreSQL server the tests use; its URL, and a dropper."""
    import psycopg

    server = settings.DATABASES["default"]
    params = {
        "host": server["HOST"],
        "port": server["PORT"] or 5432,
        "user": server["USER"],
        "password": server["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }

    def run(sql):
        with psycopg.connect(**params) as connection:
            connection.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    url = "postgres://{user}:{password}@{host}:{port}/{name}".format(
        name=name, **{key: urllib.parse.quote(str(value)) for key, value in params.items()}
    )
    return url, lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def server():
    """The site served by `manage.py runserver` (threaded) in a process of its own, on the
    engine the tests run on, with the paper and two editors; yields (address, paragraph pk)."""
    workdir = tempfile.mkdtemp(prefix="korea-archive-race-")
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        url, drop = _postgres_database(f"korea_archive_race_{os.getpid()}")
    else:
        url, drop = f"sqlite:///{workdir}/race.sqlite3", lambda: None
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        # What is tested is the save: the paper's render after each winning commit (a third
        # of a round) is left to its next reader (tests/test_rendered.py tests that path).
        "RENDER_ON_SAVE_MAX": "0",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def manage(*args, **options):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            **options,
        )

    manage("migrate", "--verbosity=0")
    paragraph_pk = int(manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    port = _free_port()
    log = open(Path(workdir) / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(address + "/admin/login/", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    try:
        yield address, paragraph_pk
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        drop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Editor:
    """A browser of one editor: cookies, a login, GET and POST of admin pages."""

    def __init__(self, address, name):
        self.address = address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )
        login = self.form(self.get("/admin/login/")[1], "login-form")
        login.update({"username": name, "password": PASSWORD, "next": "/admin/"})
        status, _ = self.post("/admin/login/", login)
        assert status == 302, f"{name} could not log in"

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx
            return error.code, error.read().decode(errors="replace")

    def get(self, path):
        return self._open(urllib.request.Request(self.address + path))

    def post(self, path, data):
        body = urllib.parse.urlencode(list(_pairs(data))).encode()
        return self._open(urllib.request.Request(self.address + path, data=body))

    @staticmethod
    def form(html, form_id):
        """What the browser would post back, unchanged, from the form with `form_id`."""
        form = lxml.html.fromstring(html).get_element_by_id(form_id)
        values = {}
        for name, value in form.form_values():
            values.setdefault(name, []).append(value)
        return values


def at_once(posts):
    """Post every {name: (editor, url, data)} from its own thread, released together."""
    barrier = threading.Barrier(len(posts))
    answers = {}

    def save(name, editor, url, data):
        barrier.wait()
        answers[name] = editor.post(url, data)

    threads = [threading.Thread(target=save, args=(name, *post)) for name, post in posts.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _pairs(data):
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            yield name, item


def test_thirty_rounds_of_two_editors_saving_one_paragraph_at_once(server):
    address, paragraph_pk = server
    url = f"/admin/documents/paragraph/{paragraph_pk}/change/"
    editors = {name: Editor(address, name) for name in ("ann", "ben")}
    errors = lost = conflicts_shown = 0
    for number in range(1, ROUNDS + 1):
        forms = {}
        for name, editor in editors.items():
            status, html = editor.get(url)
            assert status == 200
            forms[name] = Editor.form(html, "paragraph_form")
        texts = {}
        for name, form in forms.items():
            texts[name] = f"{form['text'][0].rstrip()} {name}-wording-{number}"
            form["text"] = [texts[name]]
        answers = at_once({name: (editors[name], url, forms[name]) for name in editors})
        statuses = {name: status for name, (status, _) in answers.items()}
        errors += sum(status >= 500 for status in statuses.values())
        assert sorted(statuses.values()) == [200, 302], (number, statuses)
        winner = next(name for name, status in statuses.items() if status == 302)
        loser = next(name for name in editors if name != winner)
        page = answers[loser][1]
        assert "Not saved" in page and "curation-conflict" in page, number
        tree = lxml.html.fromstring(page)
        yours = " ".join(
            cell.text_content()
            for cell in tree.xpath("//section[@class='curation-conflict']//td[@class='yours']")
        )
        assert f"{loser}-wording-{number}" in yours, f"round {number}: {loser}'s text not shown"
        shown = Editor.form(page, "paragraph_form")
        # the loser's text is kept whole for "keep mine", and its words are in the merge
        kept = shown["conflict_mine-text"][0]
        assert kept.strip() == texts[loser].strip(), f"round {number}: {loser}'s text lost"
        assert f"{loser}-wording-{number}" in shown["text"][0], number
        conflicts_shown += 1
        status, html = editors[winner].get(url)
        stored = Editor.form(html, "paragraph_form")["text"][0]
        lost += stored.strip() != texts[winner].strip()
        assert stored.strip() == texts[winner].strip(), number
    print(
        f"\n{ROUNDS} rounds of two simultaneous saves on "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: "
        f"500s {errors}, conflict pages with the loser's text {conflicts_shown}, "
        f"lost texts {lost}"
    )
