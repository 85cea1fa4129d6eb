"""Lists come in pages: `page` and `page_size` (at most MAX_PAGE_SIZE), the count, and links to
the pages either side that keep the other parameters. A page costs two queries (the count and
the page, with its prefetches) whatever its size; a list kept as of the collection version
(KeptRows, KeptPages) none once kept."""

from __future__ import annotations

from math import ceil

from django.db import connection
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

from documents.api.output import Out
from documents.caching import memo

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


class Compiled:
    """A list's two queries (its count and a page), taken once from the SQL the ORM writes for
    `queryset` and run as they are on every request. For the lists asked most that have no
    prefetch (raw SQL has none): building and compiling the queryset anew cost more than
    running it (the document list at 1,000 documents, SQLite: ~1.5 of its ~4.5 ms).
    `queryset`'s parameters are constants, kept with the SQL: compile one per filter value."""

    def __init__(self, queryset):
        self.model = queryset.model
        self.sql, self.params = queryset.query.sql_with_params()
        keys, key_params = queryset.order_by().values("pk").query.sql_with_params()
        self.count_sql, self.count_params = f"SELECT COUNT(*) FROM ({keys}) counted", key_params

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return cursor.fetchone()[0]

    def __getitem__(self, rows: slice) -> list:
        limit = f"{self.sql} LIMIT %s OFFSET %s"
        return list(
            self.model.objects.raw(limit, (*self.params, rows.stop - rows.start, rows.start))
        )


class KeptRows:
    """A list kept whole (memo.per_version), paged like a queryset."""

    def __init__(self, rows: list):
        self.rows = rows

    def count(self) -> int:
        return len(self.rows)

    def __getitem__(self, rows: slice) -> list:
        return self.rows[rows]


class KeptPages:
    """A Compiled list whose pages are kept, each with the list's count, as of the collection
    version (memo.per_version): a page asked again before the next change costs no query. For
    the long lists the public pages through (the documents, 1,000 in the benchmarks), where
    keeping the whole list (KeptRows) would read it all back for one page."""

    def __init__(self, name: str, compiled: Compiled):
        self.name, self.compiled = name, compiled

    def counted_page(self, start: int, stop: int) -> tuple[int, list]:
        def compute():
            count = self.compiled.count()
            return count, (self.compiled[start:stop] if start < count else [])

        return memo.per_version(f"{self.name}.{start}.{stop}", compute)


def _counted_page(listed, start: int, stop: int) -> tuple[int, list]:
    if isinstance(listed, KeptPages):
        return listed.counted_page(start, stop)
    count = listed.count()
    return count, (list(listed[start:stop]) if start < count else [])


def paginate(request: HttpRequest, queryset, params: PageParams, build) -> dict:
    """One page of `queryset` (or of a Compiled or kept list): a count query, then the page
    (with its prefetches). `build` turns each object into its JSON shape."""
    start = (params.page - 1) * params.page_size
    count, rows = _counted_page(queryset, start, start + params.page_size)
    items = [build(obj) for obj in rows]
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
