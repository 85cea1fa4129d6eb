"""Lists come in pages: `page` and `page_size` (at most MAX_PAGE_SIZE), the count, and links to
the pages either side that keep the other parameters. A page costs two queries (the count and
the page, with its prefetches) whatever its size."""

from __future__ import annotations

from math import ceil

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

from documents.api.output import Out

MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        20, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (at most {MAX_PAGE_SIZE})."
    )


class Page(Out):
    count: int = Field(description="Items in the whole list.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="Address of the next page, if any.")
    previous: str | None


def page_of(item_schema):
    """The page shape for a list of `item_schema` (its name in the OpenAPI description)."""
    return create_model(
        f"{item_schema.__name__}Page", __base__=Page, items=(list[item_schema], ...)
    )


def paginate(request: HttpRequest, queryset, params: PageParams, build) -> dict:
    """One page of `queryset`: a count query, then the page (with its prefetches). `build`
    turns each object into its JSON shape."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    items = (
        [build(obj) for obj in queryset[start : start + params.page_size]] if start < count else []
    )
    pages = ceil(count / params.page_size) if count else 0

    def link(page):
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": link(params.page + 1) if params.page < pages else None,
        "previous": link(params.page - 1) if 1 < params.page <= pages else None,
        "items": items,
    }
