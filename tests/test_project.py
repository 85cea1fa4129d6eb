"""The project as a whole: migrations complete, production settings pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_settings_pass_check_deploy():
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-5c1f0e9a7b3d42e6a8f1c0d9e7b6a5f4",
        "ALLOWED_HOSTS": "archive.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_default_key_is_flagged_by_check_deploy():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DEBUG": "0", "ALLOWED_HOSTS": "archive.example.org"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_no_asset_from_another_host():
    """No CDN, web font or analytics: templates and static files name no other host."""
    offenders = []
    for folder in ("templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".html", ".css", ".js"}:
                text = path.read_text(encoding="utf-8")
                if "//" in text and any(
                    marker in text for marker in ("http://", "https://", 'src="//', "url(//")
                ):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
def test_postgresql_compiles_no_query_just_in_time():
    """At 1,000 documents PostgreSQL's JIT spent 186 ms compiling a 20 ms count of the public
    actors (on the home page, the register, the search facets): the settings turn it off."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_postgresql_prices_random_reads_as_for_memory_or_ssd():
    """At random_page_cost 4 (a spinning disk) PostgreSQL read all 37,912 paragraphs and
    21,577 notes to join an event's mentions to their texts, where looking each up is faster
    on a collection held in memory or on an SSD: the settings say 1.1."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the planner's costs are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
