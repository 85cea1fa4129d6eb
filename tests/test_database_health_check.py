"""A PostgreSQL connection kept between requests (CONN_MAX_AGE) is checked at the start of
each request: without a round trip while it is healthy, and replaced when the server has
closed it, so that the request does not fail (korea_archive/postgresql/base.py)."""

import select
import time

import pytest
from django.db import close_old_connections, connection, connections

from documents.models import Document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kept():
    """Django's connection, kept open between requests as CONN_MAX_AGE keeps it."""
    if connection.vendor != "postgresql":
        pytest.skip("the health check of PostgreSQL's connections")
    connection.ensure_connection()
    connection.close_at = None  # (whatever CONN_MAX_AGE the test settings have)
    yield connection
    connection.close()


def other_session(sql, params):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        other.close()


def last_query(pid) -> str:
    [(query,)] = other_session("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
    return query


def test_a_healthy_connection_is_checked_without_a_query(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 42 AS before_the_next_request")
    pid = kept.connection.info.backend_pid
    close_old_connections()  # the next request begins: its check is due
    kept.close_if_health_check_failed()  # what its first query does first
    assert kept.connection is not None and kept.connection.info.backend_pid == pid
    assert last_query(pid) == "SELECT 42 AS before_the_next_request"  # no SELECT 1 was sent


def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it(kept):
    pid = kept.connection.info.backend_pid
    assert other_session("SELECT pg_terminate_backend(%s)", [pid]) == [(True,)]
    deadline = time.monotonic() + 10
    while not select.select([kept.connection.fileno()], [], [], 0.1)[0]:
        assert time.monotonic() < deadline, "the server did not close the connection"
    close_old_connections()  # the next request begins
    assert Document.objects.filter(slug="no-such-text").count() == 0  # its first query works
    assert kept.connection.info.backend_pid != pid
