"""A published document's parts rendered once and stored (RenderedPart), served per request.

The reader's metadata and body are the documents app's parts; other apps add theirs with
`add_renderer` (citations adds the TEI). A part is served while it was rendered under the
document's current `render_key` (invalidation.py replaces the key on every change that alters
what the document shows); a part that is missing or stale is rendered on the spot and stored,
and invalidation.py renders what a save changed as soon as it is committed.

The key is read (with the document) before the data a render reads, so a render stored
under a key never reflects data older than the key: a change committed meanwhile has
replaced the key, and the stale render is never served.

Absolute addresses (the page's own URL in “Cite this”, the TEI's links) depend on the host a
request came to: parts are rendered for a placeholder origin, replaced on the way out by the
request's own scheme and validated host. What every published document shows but no change to
it alters (the collection's version after its “Cite this”: citations registers it with
`add_placeholder`) is stored as a placeholder and filled in on the way out too, so a change
renders again only the documents it alters.

Only published documents are rendered here, always as the public sees them (staff previews,
which show drafts and links into drafts, are rendered live by the views).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from documents.models import Document, RenderedPart

# An origin no request can have (.invalid is reserved, RFC 6761).
ORIGIN = "https://rendered-origin.invalid"

# What a render is made by: code, templates and static files. A deployment that changes any
# of them makes every stored part and cached page out of date, without anyone remembering to
# clear anything.
BUILT_FROM = ("documents", "citations", "korea_archive", "templates", "static")
BUILT_FROM_SUFFIXES = {".py", ".html", ".css", ".js", ".svg"}


@cache
def build() -> str:
    """A fingerprint of the code and templates that render (a few ms, once per process)."""
    digest = hashlib.sha256()
    for top in BUILT_FROM:
        for path in sorted((Path(settings.BASE_DIR) / top).rglob("*")):
            if path.suffix in BUILT_FROM_SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# (part names, render(document, request) -> {name: text})
Renderer = Callable[[Document, HttpRequest], dict[str, str]]
_renderers: dict[str, Renderer] = {}


def add_renderer(names: Iterable[str], render: Renderer) -> None:
    """`render(document, request)` returns the named parts of a published document, for the
    placeholder request it is given (its build_absolute_uri writes the placeholder origin)."""
    for name in names:
        _renderers[name] = render


def part_names() -> tuple[str, ...]:
    """The parts rendered for every published document after each change."""
    return tuple(_renderers)


# prefix -> render(document, request, key) -> {"prefix:key": text}
FamilyRenderer = Callable[[Document, HttpRequest, str], dict[str, str]]
_families: dict[str, FamilyRenderer] = {}


def add_family(prefix: str, render: FamilyRenderer) -> None:
    """Parts named "prefix:key" (a note page: "note:14"), of which a document has many: each
    rendered when first asked for and stored like the others (served while the document's
    render_key is the one it was rendered under), but not rendered again after every change."""
    _families[prefix] = render


def _render_part(name: str, document: Document, request: HttpRequest) -> dict[str, str]:
    if name in _renderers:
        return _renderers[name](document, request)
    prefix, _, key = name.partition(":")
    return _families[prefix](document, request, key)


class PlaceholderRequest(HttpRequest):
    """What templates and renderers read of a request: an anonymous visitor at ORIGIN."""

    def __init__(self):
        super().__init__()
        from django.contrib.auth.models import AnonymousUser

        self.user = AnonymousUser()
        self.method = "GET"

    def get_host(self):
        return ORIGIN.split("://", 1)[1]

    def _get_scheme(self):
        return ORIGIN.split("://", 1)[0]


def render_parts(document: Document, names: Iterable[str] | None = None) -> dict[str, str]:
    """Render the named parts (all by default) of a published document, and store them under
    the document's `render_key` as read before the render began."""
    if not document.is_published:
        raise ValueError(f"{document.slug} is a draft: drafts are never stored")
    names = list(names or part_names())
    request = PlaceholderRequest()
    rendered: dict[str, str] = {}
    with _rendering_to_store():
        for name in names:
            if name not in rendered:
                rendered.update(_render_part(name, document, request))
    RenderedPart.objects.bulk_create(
        [
            RenderedPart(
                document=document,
                name=name,
                key=document.render_key,
                build=build(),
                content=text,
            )
            for name, text in rendered.items()
        ],
        update_conflicts=True,
        unique_fields=["document", "name"],
        update_fields=["key", "build", "content", "rendered_at"],
    )
    return rendered


def origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


# token -> fill(): what a stored part shows in the token's place when it is served
_placeholders: dict[str, Callable[[], str]] = {}
_storing: ContextVar[bool] = ContextVar("storing", default=False)


def add_placeholder(token: str, fill: Callable[[], str]) -> None:
    """A renderer writes `token` (letters, digits and "-": the same escaped or not, in HTML,
    JSON and XML) where it would write what `fill()` returns at the time of a request, when
    `storing()` is true."""
    _placeholders[token] = fill


def storing() -> bool:
    """Whether what is being rendered now is stored (for every request) rather than served
    to one request: see add_placeholder."""
    return _storing.get()


@contextlib.contextmanager
def _rendering_to_store() -> Iterator[None]:
    reset = _storing.set(True)
    try:
        yield
    finally:
        _storing.reset(reset)


def for_request(parts: dict[str, str], request: HttpRequest) -> dict[str, str]:
    """Stored parts with the request's own origin for the placeholder origin, and each
    placeholder filled in (each fill asked once, if any part has its token)."""
    here = origin(request)
    served = {name: text.replace(ORIGIN, here) for name, text in parts.items()}
    for token, fill in _placeholders.items():
        if any(token in text for text in served.values()):
            value = fill()
            served = {name: text.replace(token, value) for name, text in served.items()}
    return served


def served_parts(document: Document, names: Iterable[str], request: HttpRequest) -> dict[str, str]:
    """The named parts of a published document (fetched with its render_key) for `request`:
    one query when they are stored and fresh; rendered now and stored when not."""
    names = list(names)
    stored = dict(
        RenderedPart.objects.filter(
            document=document, key=document.render_key, build=build(), name__in=names
        ).values_list("name", "content")
    )
    missing = [name for name in names if name not in stored]
    if missing:
        stored.update(render_parts(document, missing))
    return for_request({name: stored[name] for name in names}, request)


def fresh_parts(
    names: Iterable[str], request: HttpRequest, **document_lookup
) -> tuple[Document | None, dict[str, str]]:
    """The document found by `document_lookup` (fields of the document equal to values, e.g.
    slug and status; the document without its source text) and its named parts for `request`
    (as served_parts gives them), in one query, when every part is stored and fresh (rendered
    under the document's current render_key, by this build); (None, {}) otherwise: the caller
    then fetches the document and asks served_parts, which renders what is missing. For the
    request that finds everything stored, which is nearly every request, a query fewer."""
    names = list(names)
    if not names:
        return None, {}
    params = [build(), *names, *document_lookup.values()]
    rows = list(Document.objects.raw(_fresh_parts_sql(tuple(document_lookup), len(names)), params))
    if len(rows) != len(names) or len({row.pk for row in rows}) != 1:
        return None, {}
    return rows[0], for_request({row.part_name: row.part_content for row in rows}, request)


@cache
def _fresh_parts_sql(lookup: tuple[str, ...], names: int) -> str:
    """fresh_parts' query, written once per shape from the models' own table and column names.
    The ORM's version of it (select_related, defer, F) took ~0.55 ms a request to build and
    compile against 0.13 ms for this one, on pages that take 2 ms in all (in-process, SQLite):
    the stored pages are the ones served most."""
    quote = connection.ops.quote_name
    document, part = Document._meta, RenderedPart._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    shown = ", ".join(
        f"d.{quote(field.column)}"
        for field in document.concrete_fields
        if field.name != "source_text"
    )
    found = " AND ".join(f"d.{column(document, name)} = %s" for name in lookup)
    return (
        f"SELECT {shown}, p.{column(part, 'name')} AS part_name, "
        f"p.{column(part, 'content')} AS part_content "
        f"FROM {quote(document.db_table)} d JOIN {quote(part.db_table)} p "
        f"ON p.{column(part, 'document')} = d.{column(document, 'id')} "
        f"AND p.{column(part, 'key')} = d.{column(document, 'render_key')} "
        f"WHERE p.{column(part, 'build')} = %s "
        f"AND p.{column(part, 'name')} IN ({', '.join(['%s'] * names)})"
        + (f" AND {found}" if found else "")
    )
