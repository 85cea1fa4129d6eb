"""The read-only JSON API at /api/: documents, paragraphs, notes, citations, actors, events and
archives, with an OpenAPI description (/api/openapi.json) and a plain HTML page describing it
(/api/docs: no JavaScript, nothing from another host).

Built on django-ninja: parameters are typed, so anything malformed (page=abc, page_size=10**9,
kind=nonsense, a date that is not one) is refused with 400 and a message naming the parameter,
before any query runs; so is a parameter the endpoint does not take (a misspelt filter, which
would otherwise be ignored and return everything). A filter naming something that does not
exist (actor=nobody) is a 404, as an address naming nothing is, and so is an address under /api/
that no endpoint has (/api/documents/a%20b/), in JSON too. Only published documents, and what is reached through them, are shown.

Lists are paginated (page, page_size ≤ 100) and each endpoint reads a fixed number of queries
whatever the size of the collection: the count, one page, and one query per related list.

One module per thing served, each with its shapes, its queries and its addresses:
documents.py (texts, paragraphs, notes), citations.py (the references in the notes),
actors_and_events.py, archives.py (archives and their files). Shared by all: parameters.py
(the parameter types and how mistakes are answered), pagination.py, docs.py (/api/docs).
This module builds the API from them and gives korea_archive/urls.py its `urlpatterns`.
"""

from __future__ import annotations

from functools import partial

from django.urls import re_path, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from citations.api import archives, citations
from citations.api import texts as documents
from documents.api import actors_and_events
from documents.api.docs import PlainDocs
from documents.api.pagination import MAX_PAGE_SIZE
from documents.api.parameters import (
    SLUG_PATTERN,
    UnknownParameters,
    invalid_parameters,
    no_such_address,
    refuse_unknown_parameters,
    unknown_parameters,
)


class Utf8JSON(JSONRenderer):
    """Names in Cyrillic stay readable (АВПРФ, not \\u0410…); the body is UTF-8."""

    json_dumps_params = {"ensure_ascii": False}


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What was wrong, for a person to read."},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"parameter": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "accepted": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["detail"],
}


def _names_a_thing(parameter: dict) -> bool:
    """A query parameter typed `Slug`: a filter naming a document, an actor, an archive …"""
    schema = parameter.get("schema", {})
    variants = schema.get("anyOf", [schema])
    return parameter.get("in") == "query" and any(
        variant.get("pattern") == SLUG_PATTERN for variant in variants
    )


class KoreaArchiveAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The description, with every answer an endpoint can give besides its 200: a 400 for
        a malformed, unknown or repeated parameter (every endpoint), a 404 for an address
        naming nothing (those with a path parameter, or a filter naming a thing by its slug),
        both shaped as `Error`."""
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        as_error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path, methods in schema["paths"].items():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault(
                    "400",
                    {
                        "description": "A parameter is malformed, unknown or repeated.",
                        "content": as_error,
                    },
                )
                if "{" in path or any(map(_names_a_thing, operation.get("parameters", []))):
                    responses.setdefault(
                        "404",
                        {
                            "description": "Nothing published has this address, or a filter "
                            "names nothing published.",
                            "content": as_error,
                        },
                    )
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        """`korea_archive_api_<endpoint>`, whichever module the endpoint is written in: clients
        generated from the OpenAPI description name their methods after these, so they stay as
        they were when the API was one module."""
        return f"korea_archive_api_{operation.view_func.__name__}"


api = KoreaArchiveAPI(
    title="Korea archive reader API",
    version="1",
    description=(
        "Read-only access to the published texts, their paragraphs and notes, the structured "
        "references in the notes, the people, bodies and events they speak of, and the "
        "archives they cite. Lists are paginated with `page` and `page_size` (at most "
        f"{MAX_PAGE_SIZE}); malformed parameters are answered with 400 and a message, a filter "
        "or an address naming nothing with 404."
    ),
    urls_namespace="api",
    docs=PlainDocs(),
    renderer=Utf8JSON(),
)
api.add_exception_handler(ValidationError, partial(invalid_parameters, api=api))
api.add_exception_handler(UnknownParameters, partial(unknown_parameters, api=api))
api.add_decorator(refuse_unknown_parameters)


@api.get("/", url_name="index", summary="What the API holds", include_in_schema=False)
def index(request):
    def url(name, **kwargs):
        return request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))

    return {
        "documents": url("documents"),
        "citations": url("citations"),
        "actors": url("actors"),
        "events": url("events"),
        "archives": url("archives"),
        "openapi": url("openapi-json"),
        "docs": url("openapi-view"),
    }


# The OpenAPI description and /api/docs list the endpoints in the order they are added here.
api.add_router("", documents.router)
api.add_router("", citations.router)
api.add_router("", actors_and_events.router)
api.add_router("", archives.router)

# For include("korea_archive.api") in korea_archive/urls.py: the API's addresses, named "api:…",
# then everything else under /api/ (last, so it answers only where no endpoint does; it only
# ever answers 404, whatever the method, so it needs no CSRF token).
urlpatterns = [
    *api.urls[0],
    re_path(r"^docs/$", RedirectView.as_view(pattern_name="api:openapi-view"), name="docs-slash"),
    re_path(r"", csrf_exempt(partial(no_such_address, api=api)), name="no-such-address"),
]
app_name = "api"
