"""What a request to the API may say, and how a mistake in it is answered.

Parameters are typed, so a malformed one (page=abc, kind=nonsense, a date that is not one) is
refused with 400 and a message naming it before any query runs (`invalid_parameters`); so is a
parameter the endpoint does not take (`refuse_unknown_parameters`: a misspelt filter would
otherwise be ignored and return everything). A well-formed filter naming something that does
not exist is a 404 (`known`), as an address naming nothing is; an address under /api/ that no
endpoint has is a 404 in JSON too (`no_such_address`).

The handlers take the API as a keyword (`partial(handler, api=api)`), as django-ninja's own do.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import wraps
from typing import Annotated, get_args, get_origin, get_type_hints

from django.urls import reverse
from ninja import Field
from ninja.errors import HttpError, ValidationError
from ninja.params.models import Query as QueryParameter
from pydantic import AfterValidator, BaseModel

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


CONTROLS = "\x00-\x1f\x7f-\x9f"


def printable(value: str) -> str:
    """No control characters (the OpenAPI pattern says the same, so clients know)."""
    if re.search(f"[{CONTROLS}]", value):
        raise ValueError("must not hold control characters")
    return value


def real_period(value: str) -> str:
    """'1950', '1950-06' or '1950-06-25', naming a year, month or day that exists."""
    year, *rest = (int(part) for part in value.split("-"))
    month, day = (rest + [1, 1])[:2]
    if year < 1:
        raise ValueError("the year must be 1 or later")
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a date ({error})") from None
    return value


def first_day(period: str) -> datetime.date:
    """The first day of '1950', '1950-06' or '1950-06-25'."""
    year, *rest = (int(part) for part in period.split("-"))
    month, day = (rest + [1, 1])[:2]
    return datetime.date(year, month, day)


def last_day(period: str) -> datetime.date:
    """The last day of '1950' (31 December), '1950-06' (30 June) or '1950-06-25'."""
    year, *rest = (int(part) for part in period.split("-"))
    if len(rest) == 2:
        return datetime.date(year, *rest)
    month = rest[0] if rest else 12
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=150)]

# The periods real_period accepts, as a pattern the OpenAPI description states, so that a
# client (and schemathesis) knows 1950-02-30 and 0000 are refused: a year from 0001, a month
# 01–12, a day that the month has (29 February in leap years only).
_YEAR = r"(?:000[1-9]|00[1-9]\d|0[1-9]\d\d|[1-9]\d\d\d)"
_LEAP_YEAR = r"(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
)
PERIOD_PATTERN = f"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
# A date at its precision: a year, a month or a day (1950, 1950-06, 1950-06-25). Checked by
# the simple pattern and real_period (whose message says what is wrong: “day is out of range
# for month”); described by the exact pattern.
Period = Annotated[
    str,
    Field(
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        max_length=10,
        json_schema_extra={"pattern": PERIOD_PATTERN},
    ),
    AfterValidator(real_period),
]
Text = Annotated[
    str,
    Field(min_length=1, max_length=100, pattern=f"^[^{CONTROLS}]+$"),
    AfterValidator(printable),
]


def invalid_parameters(request, error: ValidationError, *, api):
    """400 with a message a person can read, and the details by parameter."""
    details = []
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("query", "path")]
        parameter = location[-1] if location else ""
        details.append({"parameter": parameter, "message": item.get("msg", "invalid value")})
    message = "; ".join(f"{d['parameter']}: {d['message']}" for d in details) or "invalid request"
    return api.create_response(
        request, {"detail": f"Invalid parameters: {message}", "errors": details}, status=400
    )


class UnknownParameters(Exception):
    def __init__(self, names: list[str], known: list[str]):
        super().__init__(names)
        self.names, self.known = names, known


def unknown_parameters(request, error: UnknownParameters, *, api):
    """400 naming the parameters the endpoint does not take, and (`accepted`) those it does."""
    takes = ", ".join(error.known) if error.known else "no parameters"
    listed = ", ".join(repr(name) for name in error.names)
    return api.create_response(
        request,
        {
            "detail": f"Unknown parameter{'s' if len(error.names) > 1 else ''} {listed}. "
            f"This address takes {takes}.",
            "errors": [{"parameter": n, "message": "unknown parameter"} for n in error.names],
            "accepted": error.known,
        },
        status=400,
    )


def query_parameters(view_func) -> list[str]:
    """The query parameters an endpoint declares: the fields of its Query[Schema] arguments
    (or a single Query[...] argument's name)."""
    names = set()
    for argument, hint in get_type_hints(view_func, include_extras=True).items():
        if get_origin(hint) is not Annotated:
            continue
        model, *markers = get_args(hint)
        if not any(isinstance(marker, QueryParameter) for marker in markers):
            continue
        if isinstance(model, type) and issubclass(model, BaseModel):
            names |= {field.alias or name for name, field in model.model_fields.items()}
        else:
            names.add(argument)
    return sorted(names)


def refuse_unknown_parameters(view_func):
    """A misspelt filter (?knid=ibid) must not be ignored, returning everything: a query
    parameter the endpoint does not declare is refused with 400 (once the declared ones have
    passed their own checks), before the view reads anything."""
    known = query_parameters(view_func)

    @wraps(view_func)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - set(known))
        if unknown:
            raise UnknownParameters(unknown, known)
        repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
        if repeated:
            refuse(
                f"Parameter{'s' if len(repeated) > 1 else ''} given more than once: "
                f"{', '.join(repr(name) for name in repeated)}. Give each once."
            )
        return view_func(request, *args, **kwargs)

    return checked


def refuse(message: str):
    raise HttpError(400, message)


def not_found(message: str):
    raise HttpError(404, message)


def first_or_404(queryset, message: str):
    """The first object of `queryset`, or 404 with `message`."""
    found = queryset.first()
    if found is None:
        not_found(message)
    return found


def known(model_or_queryset, slug: str, label: str):
    """The object named by a filter, or 404: a filter that names nothing is a mistake, to be
    said rather than answered with an empty list. Not a 400: the slug is well formed (the
    description says which slugs are), and the query is part of the address, so
    /api/events?actor=nobody names no list as /api/actors/nobody names no actor.

    Pass a queryset to limit what counts as existing (a draft document must look exactly
    like one that does not exist)."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    obj = queryset.filter(slug=slug).first()
    if obj is None:
        not_found(f"Unknown {label} {slug!r}.")
    return obj


def no_such_address(request, *, api):
    """Any other address under /api/ (one no object can have: /api/documents/a%20b/): a 404 in
    JSON like the API's others, not the site's HTML page."""
    index = request.build_absolute_uri(reverse("api:index"))
    return api.create_response(
        request,
        {
            "detail": f"No such address in the API: {request.path}. Its addresses are listed at {index}"
        },
        status=404,
    )
