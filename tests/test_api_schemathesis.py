"""Schemathesis against the API through WSGI (no server, no network): generated requests for
every endpoint, every answer checked against the OpenAPI description with all its checks.
Examples are bounded and derandomized so the run is the same each time and stays near a
minute. (Driven from a plain test: schemathesis's own pytest plugin does not run under
pytest 9.)"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, assume, given, settings

from documents.api.parameters import first_day, last_day

EXAMPLES = 20


def reversed_period(case) -> bool:
    """/events with an end before its start: each value valid, but JSON Schema cannot relate
    two parameters, so the description says in words that the range is refused (400, as the
    timeline page refuses it). Not positive data, whatever the generator thinks."""
    query = case.query or {}
    start, end = query.get("start"), query.get("end")
    if not (isinstance(start, str) and isinstance(end, str)):
        return False
    try:
        return last_day(end) < first_day(start)
    except ValueError:
        return False


@pytest.fixture
def connection_kept():
    """As Django's test client does: a request must not close the connection that holds the
    test's transaction (PostgreSQL would then see none of the loaded collection)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
def test_every_answer_is_in_the_description(collection, _plain_http, connection_kept):
    # The WSGI app is made here, once plain HTTP is in force (the security middleware reads
    # it when the app is made).
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
    failures = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            if case.meta is not None and case.meta.generation.mode.is_positive:
                assume(not reversed_period(case))
            # (schemathesis's WSGI transport does not undo the gzip the site answers with)
            # Every check, positive_data_acceptance too: what the description calls valid is
            # answered (a filter naming nothing with its declared 404, as an address naming
            # nothing; a period's pattern says which days exist; a reversed range, which the
            # description can only say in words, is not generated as valid: above).
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:
            failures[operation.label] = str(error)[:2000]
    assert failures == {}, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
