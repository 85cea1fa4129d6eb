"""Shared fixtures, named for the domain: the two curated texts, clients for each kind of user."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import call_command

try:
    from _pytest.nodeid import NodeId  # pytest 9
except ImportError:
    NodeId = None

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAPER_TEXT = FIXTURES / "texts" / "weathersby-soviet-role.txt"
INTERVIEW_TEXT = FIXTURES / "texts" / "shen-zhihua-interview.txt"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))


def pytest_sessionstart(session):
    # Production static storage (hashed names) is used in tests too: collect once per run, in
    # the main process. Under pytest-xdist this runs before the workers start, and they do not
    # collect again (collectstatic rewrites every file: a worker collecting while another's
    # live server reads them crashed a run).
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    call_command("collectstatic", "--noinput", verbosity=0)


def pytest_collection_modifyitems(config, items):
    """Tests that use no database first (among them the longest: the bench smoke, the
    concurrent saves and `make run`, which start servers of their own), then database tests
    that do not ask for the collection, then those that do (the collection is emptied and put
    back once each way, not per test: see _collection_only_when_asked); pytest-django's own
    order is kept otherwise (plain database tests, then transactional ones). Browser tests
    need Chromium: outside CI they are skipped, saying why; in CI they run (and fail)."""
    items.sort(key=_order)
    _committed_fixtures_together(items)
    _grouped_for_workers(items)
    if IN_CI or shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    reason = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (make test does, as root)"
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


def _order(item) -> int:
    return -1 if _kind(item) == "" else _without_the_collection_first(item)


def _grouped_for_workers(items) -> None:
    """For `make test`'s scheduling (pytest-xdist `--dist loadgroup`: each test goes to the
    next free worker, so the two finish together): the tests of a module that share something
    made once per module on a worker (a module-scoped fixture: a server, a parsed text; a
    curated.committed_fixture) are sent to one worker together, each run of them (module,
    place in the order, kind of database test) as one unit, so a worker's tests stay in the
    order above."""
    from . import curated

    shared = set(curated.committed_fixture_names())
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        module_wide = any(
            definitions[-1].scope in ("module", "class", "package")
            and definitions[-1].baseid  # (not the session's, defined in conftest or a plugin)
            for definitions in info.name2fixturedefs.values()
        )
        if module_wide or shared & set(info.names_closure):
            module = Path(item.nodeid.split("::")[0]).stem
            group = f"{module}/{_order(item)}/{_kind(item) or 'none'}"
            item.add_marker(pytest.mark.xdist_group(group))
            if getattr(item.config.option, "loadgroup", False) and "@" not in item.nodeid:
                _named_for_its_group(item, group)


def _named_for_its_group(item, group: str) -> None:
    """The nodeid suffix by which xdist's scheduler sends a group to one worker. xdist's own
    hook (3.8) writes it to `_nodeid`, which pytest 9 no longer reads (its nodeid is built from
    a NodeId): on pytest 9 it groups nothing, so the suffix is written here, either way."""
    name = f"{item.nodeid}@{group}"
    if NodeId is not None and isinstance(getattr(item, "_id", None), NodeId):
        item._id = NodeId.parse(name)
    else:
        item._nodeid = name


def _without_the_collection_first(item) -> int:
    """0 for a plain database test that does not ask for the collection, 1 for any other
    (the sort is stable: pytest-django's order holds within each)."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or names & TRANSACTIONAL_FIXTURES
    )
    plain_db = (marker is not None or bool(names & DB_FIXTURES)) and not transactional
    return 0 if plain_db and not names & COLLECTION_FIXTURES else 1


def _committed_fixtures_together(items) -> None:
    """Within each module's run of tests, those that ask for the same curated.committed_fixture
    moved up to follow the first of them: its data is then made once for the module, not once
    for each stretch of them (the other tests of a class in between would take it away). The
    runs themselves stay where they are (a run ends where the module or the kind of database
    test changes, so pytest-django's order of plain and transactional tests holds)."""
    from . import curated

    run, first, keys, previous = 0, {}, [], None
    for index, item in enumerate(items):
        where = (item.nodeid.split("::")[0], _without_the_collection_first(item), _kind(item))
        run += where != previous
        previous = where
        names = set(getattr(item, "fixturenames", ())) & set(curated.committed_fixture_names())
        asked = min(names) if names else None
        keys.append((run, first.setdefault((run, asked), index) if asked else index))
    order = sorted(range(len(items)), key=keys.__getitem__)
    items[:] = [items[index] for index in order]


def _kind(item) -> str:
    """ "transactional", "plain" (a database test in a transaction) or "" (no database)."""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    if (
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or names & TRANSACTIONAL_FIXTURES:
        return "transactional"
    return "plain" if marker is not None or names & DB_FIXTURES else ""


@pytest.fixture(autouse=True, scope="session")
def _plain_http():
    """The test client and the live server speak plain HTTP; production settings would redirect
    them to HTTPS. Session-scoped and autouse so it is in force before the live server starts."""
    from django.conf import settings

    previous = settings.SECURE_SSL_REDIRECT
    settings.SECURE_SSL_REDIRECT = False
    yield
    settings.SECURE_SSL_REDIRECT = previous


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Editors are made and logged in by the hundred: hash their test passwords with MD5
    instead of PBKDF2's million rounds (0.4 s each here). The other hashers stay listed, so
    checking a password works as in production; no test asserts the algorithm."""
    from django.conf import settings

    previous = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *previous]
    yield
    settings.PASSWORD_HASHERS = previous


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the curated collection loaded once and committed (see curated.py)."""
    from . import curated

    with django_db_blocker.unblock():
        curated.load_once()


COLLECTION_FIXTURES = {"collection"}  # weathersby_paper and interview use it
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
DB_FIXTURES = {"db", *TRANSACTIONAL_FIXTURES}


@pytest.fixture(autouse=True)
def _collection_only_when_asked(request):
    """Give each database test the collection if it asks for it (directly or through a fixture
    such as `weathersby_paper`), an empty database otherwise (see curated.py)."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & DB_FIXTURES:
        yield
        return
    from . import curated

    transactional = bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or names & TRANSACTIONAL_FIXTURES
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    wanted = bool(names & COLLECTION_FIXTURES)
    # Usually pytest_runtest_setup below has already committed the state wanted; not for the
    # first database test of a process (the database is made in its setup), nor when the
    # tests run in another order: then the change is made inside the test's own transaction.
    if wanted and not curated.state.loaded:
        curated.restore()
    elif not wanted and curated.state.loaded:
        curated.empty()
    yield
    if transactional:  # pytest-django flushes every table after a transactional test
        curated.state.loaded = False
        curated.state.on_top = curated.state.on_top_value = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a database test's fixtures (and its transaction) begin: if it wants the other
    state than the committed one, empty the tables or put the collection back, committed, and
    remember it (and the same for the data of a curated.committed_fixture it asks for). The
    tests come sorted (pytest_collection_modifyitems), so this happens a few times per run;
    emptying inside each test's transaction instead, as before, cost 0.3-0.8 s for each of the
    ~370 database tests that do not ask for the collection."""
    from pytest_django.plugin import blocking_manager_key

    from . import curated

    if not curated.state.tables:  # the test database is not made yet (see the fixture)
        return
    names = set(getattr(item, "fixturenames", ()))
    if item.get_closest_marker("django_db") is None and not names & DB_FIXTURES:
        return
    wanted = bool(names & COLLECTION_FIXTURES)
    with item.config.stash[blocking_manager_key].unblock():
        curated.switch(wanted, names)  # and the data of a committed fixture it asks for


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_run():
    """The page cache in this process's memory: the settings' file cache is shared with the
    site and with other runs on this machine."""
    from django.test.utils import override_settings

    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    with override_settings(CACHES={"default": locmem}):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the database it saw was rolled back)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def collection(db):
    """Both curated texts, loaded exactly as `make run` loads them (once per session: a test
    may change them, its transaction is rolled back). The collection's version is in the
    cache, as on a running site (read once per new version: query counts measure the page)."""
    from documents.curation import edition

    from . import curated

    documents = curated.documents()
    edition.current()
    return documents


@pytest.fixture
def weathersby_paper(collection):
    return collection["weathersby-soviet-role"]


@pytest.fixture
def interview(collection):
    return collection["shen-zhihua-interview"]


@pytest.fixture
def editor(django_user_model):
    """A member of the Editors group: staff, not a superuser."""
    from .admin_support import make_editor

    return make_editor(django_user_model)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def two_editors(django_user_model):
    """Two logged-in browsers of members of Editors: Ann's and Ben's."""
    from django.test import Client

    from .admin_support import make_editor

    clients = []
    for name in ("ann", "ben"):
        client = Client()
        client.force_login(make_editor(django_user_model, name))
        clients.append(client)
    return clients


@pytest.fixture
def imported_interview(db):
    """The interview imported as an editor imports a text (no curation applied)."""
    from .admin_support import import_interview

    return import_interview()


@pytest.fixture
def paper(db):
    """The paper imported under the slug "paper" and published (no curation applied)."""
    from .admin_support import import_paper

    return import_paper()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    browser = (
        CHROMIUM if Path(CHROMIUM).exists() else f"none ({CHROMIUM} missing: browser tests skip)"
    )
    return [f"database: {engine}", f"browser: {browser}"]


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, except that static files are served as in production:
    by whitenoise, from the collected files with hashed names (Django's test handler would
    look them up unhashed in the finders and answer 404)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.answering = _Answering()
    server.thread.static_handler = server.answering.counted  # (no static handler of its own)
    server.start()
    yield server
    server.stop()


class _Answering:
    """The requests the live server is answering. Closing a tab does not stop the server's
    thread answering what the tab asked last (a note's page fetched for a popover, stored on
    its first read): a browser test's tab waits for it (browser_tabs.open_tab) before the
    tables are flushed, or the thread writes into the flush (on SQLite the in-memory database
    is one connection shared with the tests) and the flush fails on a foreign key."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def counted(self, application):
        def answer(environ, start_response):
            with self.changed:
                self.count += 1
            try:
                return application(environ, start_response)
            finally:
                with self.changed:
                    self.count -= 1
                    self.changed.notify_all()

        return answer

    def wait_until_idle(self, timeout: float = 30) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.count == 0, timeout), (
                f"the live server was still answering {self.count} request(s) after {timeout} s"
            )


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the database calls the tests
    # make between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser tab; `page.site` is the live server's base address.

    Requests to any other host are aborted and recorded in `page.foreign_requests`,
    so a test can assert that a page loads nothing from elsewhere (see browser_tabs.open_tab).
    """
    from .browser_tabs import open_tab

    with open_tab(browser, live_server) as tab:
        yield tab
