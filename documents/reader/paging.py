"""Public lists in pages (?page=N): a list's page costs the same queries at 2 documents as at
1,000, and its size is bounded by the page size, not by the collection.

A page number that is not a number, or past the last page, is a 404 that says so and links to
the first and last pages (never a 500). The links to the other pages are plain links (no
JavaScript) in a <nav> with its own label; the current page is marked with aria-current.
"""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.template.response import TemplateResponse


class NoSuchPage(Exception):
    """The visitor asked for a page the list does not have."""

    def __init__(self, message: str, last: int):
        super().__init__(message)
        self.last = last


def page_url(request, number: int) -> str:
    """The address of page `number` of this list, keeping the other parameters."""
    query = request.GET.copy()
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = str(number)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def page_of(request, items, per_page: int, noun: str):
    """The page of `items` the request asks for (?page=N, 1 by default), or NoSuchPage."""
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    asked = request.GET.get("page", "1")
    try:
        number = int(asked)
    except ValueError:
        raise NoSuchPage(
            f"“{asked}” is not a page number: the {noun} are on {pages_held(paginator)}.",
            paginator.num_pages,
        ) from None
    try:
        return paginator.page(number)
    except InvalidPage:
        raise NoSuchPage(
            f"There is no page {number} of the {noun}: they are on {pages_held(paginator)}.",
            paginator.num_pages,
        ) from None


def pages_held(paginator) -> str:
    """“one page” or “pages 1 to N”, for the messages of a page that does not exist."""
    return "one page" if paginator.num_pages == 1 else f"pages 1 to {paginator.num_pages}"


def page_nav(request, page, label: str) -> dict | None:
    """What templates/documents/snippets/page_nav.html shows: previous and next, the page
    numbers near the current one (with the first and last), each with its address; None when
    the list fits one page."""
    if not page.has_other_pages():
        return None
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {
        "label": label,
        "number": page.number,
        "last": page.paginator.num_pages,
        "previous": page_url(request, page.number - 1) if page.has_previous() else None,
        "next": page_url(request, page.number + 1) if page.has_next() else None,
        "pages": [
            {
                "number": number,
                "url": page_url(request, number),
                "current": number == page.number,
            }
            if isinstance(number, int)
            else {"number": None}
            for number in numbers
        ],
    }


class PagedListMixin:
    """For a ListView: Django's pagination with our 404 for a page that does not exist, and
    `page_nav` in the context. Set `paginate_by`, `page_noun` ("documents") and `nav_label`."""

    page_noun = "items"
    nav_label = "Pages"

    def paginate_queryset(self, queryset, page_size):
        page = page_of(self.request, queryset, page_size, self.page_noun)
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        context["page_nav"] = page_nav(self.request, page, self.nav_label) if page else None
        return context

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except NoSuchPage as missing:
            return no_such_page(request, missing)


def no_such_page(request, missing: NoSuchPage) -> TemplateResponse:
    return TemplateResponse(
        request,
        "documents/no_such_page.html",
        {
            "message": str(missing),
            "first_url": page_url(request, 1),
            "last_url": page_url(request, missing.last) if missing.last > 1 else "",
        },
        status=404,
    )
