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

A part is served as bytes (UTF-8), read from the database as bytes (SQLite by a cast,
PostgreSQL by the cursor reading text as bytes) and put right with bytes.replace: no
decoding and encoding again of 185 KiB per request. With them comes a `digest` naming the
exact bytes served (the stored rows' versions, the origin and the filled-in placeholders),
from which the response's ETag is made without hashing the body (pages.set_etag): a fresh
row version is a fresh render (`rendered_at` changes with every write).
"""

from __future__ import annotations

import contextlib
import hashlib
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.models.sql import Query
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from psycopg.types.string import TextLoader

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


def render_parts(document: Document, names: Iterable[str] | None = None) -> dict[str, Stored]:
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
    rows = RenderedPart.objects.bulk_create(
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
    return {row.name: Stored(row.content.encode(), version(row)) for row in rows}


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


@dataclass(frozen=True)
class Stored:
    """A stored part as read: its bytes, and the row's version (version())."""

    content: bytes
    version: str


def version(row: RenderedPart) -> str:
    """What names one stored row's content: its document, name and key (the build is that
    of this process: only its renders are served) and when it was written (every render
    writes it anew)."""
    return _version(row.document_id, row.name, row.key, row.rendered_at)


def _version(document_id, name: str, key, written) -> str:
    if isinstance(written, str):  # as SQLite gives it to raw SQL: naive UTC
        written = parse_datetime(written)
    if timezone.is_naive(written):
        written = written.replace(tzinfo=UTC)
    return f"{document_id}.{name}.{key}.{written.timestamp():.6f}"


@dataclass(frozen=True)
class Served:
    """Parts as a request gets them: `parts` (name -> UTF-8 bytes) and `digest`, which
    changes whenever any of those bytes would."""

    parts: dict[str, bytes]
    digest: str

    def __getitem__(self, name: str) -> bytes:
        return self.parts[name]

    def __bool__(self) -> bool:
        return bool(self.parts)


NOTHING_SERVED = Served({}, "")


def for_request(parts: dict[str, Stored], request: HttpRequest) -> Served:
    """Stored parts with the request's own origin for the placeholder origin, and each
    placeholder filled in (each fill asked once, if any part has its token)."""
    here = origin(request)
    placeholder, here_bytes = ORIGIN.encode(), here.encode()
    served = {name: part.content.replace(placeholder, here_bytes) for name, part in parts.items()}
    seed = [here, *(f"{name}={part.version}" for name, part in sorted(parts.items()))]
    for token, fill in _placeholders.items():
        token_bytes = token.encode()
        if any(token_bytes in content for content in served.values()):
            value = fill()
            seed.append(f"{token}={value}")
            value_bytes = value.encode()
            served = {name: text.replace(token_bytes, value_bytes) for name, text in served.items()}
    digest = hashlib.md5("\n".join(seed).encode(), usedforsecurity=False).hexdigest()
    return Served(served, digest)


def served_parts(document: Document, names: Iterable[str], request: HttpRequest) -> Served:
    """The named parts of a published document (fetched with its render_key) for `request`:
    one query when they are stored and fresh; rendered now and stored when not."""
    names = list(names)
    stored = {
        row.name: Stored(row.content.encode(), version(row))
        for row in RenderedPart.objects.filter(
            document=document, key=document.render_key, build=build(), name__in=names
        )
    }
    missing = [name for name in names if name not in stored]
    if missing:
        stored.update(render_parts(document, missing))
    return for_request({name: stored[name] for name in names}, request)


def fresh_parts(
    names: Iterable[str], request: HttpRequest, **document_lookup
) -> tuple[Document | None, Served]:
    """The document found by `document_lookup` (fields of the document equal to values, e.g.
    slug and status; the document without its source text) and its named parts for `request`
    (as served_parts gives them), in one query, when every part is stored and fresh (rendered
    under the document's current render_key, by this build); (None, nothing) otherwise: the caller
    then fetches the document and asks served_parts, which renders what is missing. For the
    request that finds everything stored, which is nearly every request, a query fewer."""
    names = list(names)
    if not names:
        return None, NOTHING_SERVED
    params = [build(), *names, *document_lookup.values()]
    rows = _rows_with_bytes(_fresh_parts_sql(tuple(document_lookup), len(names)), params)
    shown, pk = len(_shown_fields()), _shown_fields().index(Document._meta.pk)
    if len(rows) != len(names) or len({row[pk] for row in rows}) != 1:
        return None, NOTHING_SERVED
    document = _document(rows[0][:shown])
    parts = {
        name: Stored(content, _version(document.pk, name, document.render_key, written))
        for name, content, written in (row[shown:] for row in rows)
    }
    return document, for_request(parts, request)


class _TextAsBytes(TextLoader):
    """A PostgreSQL text value as the bytes the server sent: UTF-8, the client encoding
    Django sets on every connection. Decoding 185 KiB of stored TEI to a str, to encode it
    again for the response, was about half the time its query took (in-process, the median
    1.3 → 0.7 ms; the TEI's whole request 2.2–2.7 → 1.6–2.0 ms)."""

    def load(self, data) -> bytes:
        return bytes(data)


def _rows_with_bytes(sql: str, params: list) -> list[tuple]:
    """The rows of `sql` with its text columns as UTF-8 bytes on PostgreSQL (for this one
    cursor: its adapters are its own), through Django's cursor (logged and counted like any
    other query). On SQLite the query casts what it wants as bytes itself."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.cursor.adapters.register_loader("text", _TextAsBytes)
        cursor.execute(sql, params)
        return cursor.fetchall()


@cache
def _shown_fields() -> tuple:
    """The document's columns fresh_parts reads: all but the source text."""
    return tuple(field for field in Document._meta.concrete_fields if field.name != "source_text")


def _document(values) -> Document:
    """A Document from fresh_parts' columns, converted as the ORM would (JSON, SQLite's
    dates); a text column that came as bytes (PostgreSQL, _rows_with_bytes) decoded."""
    fields = _shown_fields()
    values = [value.decode() if isinstance(value, bytes) else value for value in values]
    database = connections[connection.alias]
    for position, (functions, column) in _converters(database):
        for function in functions:
            values[position] = function(values[position], column, database)
    return Document.from_db(connection.alias, [field.attname for field in fields], values)


_converters_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _converters(database) -> list[tuple[int, tuple[list, object]]]:
    """What the ORM applies to each of fresh_parts' document columns on `database` (this
    thread's connection), found once per connection (asking the compiler took 0.1 ms)."""
    found = _converters_of.get(database)
    if found is None:
        compiler = database.ops.compiler("SQLCompiler")(Query(Document), database, None)
        table = Document._meta.db_table
        columns = [field.get_col(table) for field in _shown_fields()]
        found = list(compiler.get_converters(columns).items())
        _converters_of[database] = found
    return found


@cache
def _fresh_parts_sql(lookup: tuple[str, ...], names: int) -> str:
    """fresh_parts' query, written once per shape from the models' own table and column names.
    The ORM's version of it (select_related, defer, F) took ~0.55 ms a request to build and
    compile against 0.13 ms for this one, on pages that take 2 ms in all (in-process, SQLite):
    the stored pages are the ones served most."""
    quote = connection.ops.quote_name
    document, part = Document._meta, RenderedPart._meta
    # The text as UTF-8 bytes, which is what goes out: the driver does not decode it to a str
    # for the response to encode it back (the paper's TEI, 185 KiB: 1.15 → 0.69 ms a request
    # in-process on SQLite). On SQLite the query casts it; PostgreSQL's bytes (convert_to)
    # come as hex text, slower to read than the text itself, so there the cursor reads text
    # as bytes (_rows_with_bytes).
    as_bytes = "CAST({} AS BLOB)".format if connection.vendor == "sqlite" else str

    def column(meta, name):
        return quote(meta.get_field(name).column)

    shown = ", ".join(f"d.{quote(field.column)}" for field in _shown_fields())
    found = " AND ".join(f"d.{column(document, name)} = %s" for name in lookup)
    content = f"p.{column(part, 'content')}"
    return (
        f"SELECT {shown}, p.{column(part, 'name')} AS part_name, "
        f"{as_bytes(content)} AS part_content, "
        f"p.{column(part, 'rendered_at')} AS part_written "
        f"FROM {quote(document.db_table)} d JOIN {quote(part.db_table)} p "
        f"ON p.{column(part, 'document')} = d.{column(document, 'id')} "
        f"AND p.{column(part, 'key')} = d.{column(document, 'render_key')} "
        f"WHERE p.{column(part, 'build')} = %s "
        f"AND p.{column(part, 'name')} IN ({', '.join(['%s'] * names)})"
        + (f" AND {found}" if found else "")
    )
