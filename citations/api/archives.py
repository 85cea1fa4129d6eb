"""The archives published notes cite, and their files (fond / opis / delo / papka): /archives,
/archives/{slug}, /archives/{slug}/files. An archive or file that only a draft cites is not
shown."""

from __future__ import annotations

from django.db.models import Count, Q
from ninja import Field, Query, Router, Schema

from citations.models import ArchivalFile, Archive
from documents.api.output import Out
from documents.api.pagination import KeptRows, PageParams, page_of, paginate
from documents.api.parameters import Text, not_found
from documents.caching import memo
from documents.models import Document

router = Router()


class ArchiveOut(Out):
    slug: str
    abbreviation: str
    abbreviation_original: str
    name: str
    name_original: str
    place: str
    url: str


class ArchiveWithCountsOut(ArchiveOut):
    file_count: int
    citation_count: int


class FileOut(Out):
    id: int
    archive: str
    collection: str
    fond: str
    opis: str
    delo: str
    papka: str
    reel: str
    address: str
    url: str


class FileWithCountsOut(FileOut):
    document_count: int
    citation_count: int


def archive_dict(request, archive) -> dict:
    return {
        "slug": archive.slug,
        "abbreviation": archive.abbreviation,
        "abbreviation_original": archive.abbreviation_original,
        "name": archive.name,
        "name_original": archive.name_original,
        "place": archive.place,
        "url": request.build_absolute_uri(archive.get_absolute_url()),
    }


def file_dict(request, file) -> dict:
    return {
        "id": file.pk,
        "archive": file.archive.slug,
        "collection": file.collection,
        "fond": file.fond,
        "opis": file.opis,
        "delo": file.delo,
        "papka": file.papka,
        "reel": file.reel,
        "address": file.address,
        "url": request.build_absolute_uri(file.get_absolute_url()),
    }


def cited(prefix: str) -> Q:
    """Citations (reached through `prefix`) in published notes."""
    return Q(**{f"{prefix}footnote__document__in": Document.objects.published().values("pk")})


def archives_queryset():
    citing = cited("files__citations__")
    return (
        Archive.objects.filter(citing)
        .annotate(
            file_count=Count("files", filter=citing, distinct=True),
            citation_count=Count("files__citations", filter=citing, distinct=True),
        )
        .order_by("abbreviation")
    )


def kept_archives() -> KeptRows:
    """The archives published notes cite, with their counts, as of the collection version:
    the counts read every citation (at 1,000 documents ~45 ms a request on SQLite), and
    they are the same for every caller until a change (memo.per_version)."""
    return KeptRows(memo.per_version("api.archives", lambda: list(archives_queryset())))


def archive_counts_dict(request, archive) -> dict:
    data = archive_dict(request, archive)
    data.update(file_count=archive.file_count, citation_count=archive.citation_count)
    return data


@router.get(
    "/archives",
    response=page_of(ArchiveWithCountsOut),
    url_name="archives",
    summary="Archives cited",
)
def archives(request, pages: Query[PageParams]):
    return paginate(request, kept_archives(), pages, lambda a: archive_counts_dict(request, a))


def cited_archive(slug: str):
    """The archive `slug` if a published note cites it, or 404."""
    found = next((archive for archive in kept_archives().rows if archive.slug == slug), None)
    if found is None:
        not_found(f"No published note cites an archive {slug!r}.")
    return found


@router.get(
    "/archives/{slug:slug}",
    response=ArchiveWithCountsOut,
    url_name="archive",
    summary="One archive",
)
def archive(request, slug: str):
    return archive_counts_dict(request, cited_archive(slug))


class FileFilters(Schema):
    fond: Text | None = Field(None, description="Only files in this fond (e.g. 0102, 059a).")


@router.get(
    "/archives/{slug:slug}/files",
    response=page_of(FileWithCountsOut),
    url_name="files",
    summary="An archive's files (fond / opis / delo / papka) that published notes cite",
)
def files(request, slug: str, filters: Query[FileFilters], pages: Query[PageParams]):
    # The same existence rule as /archives/{slug}: an archive only drafts cite is not there.
    found = cited_archive(slug)
    citing = cited("citations__")
    queryset = (
        ArchivalFile.objects.filter(archive=found)
        .filter(citing)
        .annotate(
            document_count=Count("documents", distinct=True),
            citation_count=Count("citations", filter=citing, distinct=True),
        )
        .order_by("collection", "fond", "opis", "delo", "papka", "reel")
    )
    if filters.fond:
        queryset = queryset.filter(fond__iexact=filters.fond)

    def build(file):
        file.archive = found
        data = file_dict(request, file)
        data.update(document_count=file.document_count, citation_count=file.citation_count)
        return data

    return paginate(request, queryset, pages, build)
