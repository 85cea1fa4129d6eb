"""A citation: one reference inside one footnote, and who may see it."""

from django.db import models
from django.db.models import Q

from documents.curation.json_fields import StringMapField
from documents.curation.locking import Versioned
from documents.models import Document

from .archival import ArchivalDocument, ArchivalFile
from .pinpoints import Unit, format_pinpoint
from .sources import Source


def citations_visible_to(user, via: str = "") -> Q:
    """Citations (reached through `via`, e.g. "files__citations__") in notes of documents
    `user` may see (Document.objects.visible_to)."""
    return Q(**{f"{via}footnote__document__in": Document.objects.visible_to(user)})


def attach_repeated(citations, related=()) -> None:
    """Set each of `citations`' Ibid. (`ibid_of`) and short form (`short_form_of`) to the
    citation it repeats: the one among `citations` (a document's, or a page's, fetched
    already) where it is there, else fetched in one query with its note and `related`. No
    query when every one is among them. Instead of joining each citation's targets twice
    more for what it repeats (33 tables on SQLite, 60 ms for the paper's 85 citations)."""
    citations = list(citations)
    by_pk = {citation.pk: citation for citation in citations}
    missing = {
        pk
        for citation in citations
        for pk in (citation.ibid_of_id, citation.short_form_of_id)
        if pk is not None and pk not in by_pk
    }
    if missing:
        fetched = Citation.objects.select_related("footnote", *related).order_by()
        by_pk.update(fetched.in_bulk(missing))
    for citation in citations:
        if citation.ibid_of_id is not None:
            citation.ibid_of = by_pk[citation.ibid_of_id]
        if citation.short_form_of_id is not None:
            citation.short_form_of = by_pk[citation.short_form_of_id]


def citing_ids(**target):
    """The ids of the citations of `target` (`archival_file=f`, `archival_document=d`) and of
    the Ibid. that repeat them, for `pk__in`: a union of two index lookups. (Written as
    `target OR ibid_of.target`, PostgreSQL read the whole table, twice when joined: 17-35 ms a
    query at 1,000 documents for a file or document cited a few hundred times.)"""
    direct = Citation.objects.filter(**target).order_by().values("pk")
    repeats = Citation.objects.filter(
        **{f"ibid_of__{name}": value for name, value in target.items()}
    )
    return direct.union(repeats.order_by().values("pk"), all=True)


class CitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Citations in notes of documents the user may see (drafts only for staff)."""
        return self.filter(citations_visible_to(user))


class Citation(Versioned, models.Model):
    """One reference inside one footnote (a note may hold several)."""

    class Kind(models.TextChoices):
        ARCHIVAL = "archival", "Archival document or file"
        PUBLISHED = "published", "Published source"
        IBID = "ibid", "Ibid."
        EXPLANATORY = "explanatory", "Explanatory note (no reference)"
        QUOTED_NOTE = "quoted-note", "Note of a quoted document"

    # The kinds that point at something a reader can look up (the rest explain or quote).
    REFERENCE_KINDS = (Kind.ARCHIVAL, Kind.PUBLISHED, Kind.IBID)

    footnote = models.ForeignKey(
        "documents.Footnote", on_delete=models.CASCADE, related_name="citations"
    )
    position = models.PositiveIntegerField(
        default=1, help_text="Order of the reference within the note."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    printed = models.TextField(
        blank=True, help_text="The words of the note that make this reference, as printed."
    )
    prefix = models.CharField(
        max_length=300,
        blank=True,
        help_text="Words introducing the reference, as printed: “See”, “For the text of the document, see”.",
    )
    printed_fields = StringMapField(
        help_text='The note\'s own spelling of fields whose normalised value differs: {"archive": "AVPRF AVIPRF", "kind": "Ciphred telegram"}.',
    )
    archival_document = models.ForeignKey(
        ArchivalDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    archival_file = models.ForeignKey(
        ArchivalFile, null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    division = models.CharField(
        max_length=200,
        blank=True,
        help_text="The part of the work cited, as the note names it: “Part I”, “chapter 7, “The Armistice””.",
    )
    pinpoint = models.CharField(
        max_length=100, blank=True, help_text="Pages or leaves cited, e.g. “75–98”, “18–21”."
    )
    pinpoint_unit = models.CharField(max_length=20, choices=Unit.choices, blank=True)
    ibid_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ibid_citations",
        help_text="For “Ibid.”: the citation it repeats.",
    )
    short_form_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_forms",
        help_text="For a shortened reference: the earlier full reference to the same thing.",
    )
    cited_in = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="secondary_citations",
        help_text="For “Cited in”: the work in which the archival reference was found.",
    )
    remark = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the note adds, e.g. “Translation by the author.”",
    )
    needs_review = models.BooleanField(
        default=False, help_text="Set where the parser or an editor was unsure."
    )
    editorial_note = models.TextField(
        blank=True, help_text="What the editors decided about this reference, and why."
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["footnote", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["footnote", "position"], name="citation_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.footnote}: {self.get_kind_display()} {self.position}"

    def save(self, *args, **kwargs):
        # The file a cited document lies in is stored on the citation too, so that a file's
        # page finds every note that cites it with one indexed lookup.
        if self.archival_document_id and not self.archival_file_id:
            self.archival_file_id = self.archival_document.file_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.footnote.get_absolute_url()

    @property
    def is_reference(self) -> bool:
        return self.kind in self.REFERENCE_KINDS

    @property
    def pinpoint_display(self) -> str:
        return format_pinpoint(self.pinpoint, self.pinpoint_unit)

    @property
    def target(self):
        """The citation whose content this one shows: itself, or what Ibid. repeats."""
        return self.ibid_of if self.kind == self.Kind.IBID and self.ibid_of_id else self
