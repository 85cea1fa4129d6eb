"""Documents, their sections and paragraphs, footnotes and the places the footnotes are anchored."""

import uuid

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from documents.addresses import note_url, slug_url
from documents.curation.batching import deleting
from documents.curation.history import CurationHistory
from documents.curation.json_fields import StringListField
from documents.curation.locking import Versioned
from documents.linking.anchoring import AnchoredText


def _count(model):
    """How many rows of `model` belong to the outer query's document (0 when none).
    COUNT(*), not of the key: PostgreSQL then counts from the index on the document column
    alone (an index-only scan), without reading each row (the API's page of twenty at 1,000
    documents: 1.6 → 0.65 ms of the database's time)."""
    rows = (
        model.objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(total=Count("*"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Document.Status.PUBLISHED)

    def visible_to(self, user):
        """Published documents for the public; drafts too for staff (who see a draft banner)."""
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def with_counts(self):
        """Paragraph and note counts, each by its own correlated subquery: counting over a
        join of paragraphs and notes would build paragraphs × notes rows per document and
        group them by every column, the whole source text included."""
        return self.annotate(
            paragraph_count=_count(Paragraph),
            note_count=_count(Footnote),
        )

    def for_reader(self, user=None):
        """Everything the reader page shows, in a fixed number of queries: sections,
        paragraphs with their note anchors, mentions and cross-references, notes with their
        anchors and mentions. Cross-references into documents `user` may not see (drafts,
        for the public) are left out."""
        from .linking import CrossReference, Mention

        visible = Document.objects.visible_to(user).values("pk")
        mentions = Mention.objects.select_related("actor", "event").order_by("start", "end")
        return self.prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position")),
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.order_by("position").prefetch_related(
                    Prefetch("note_refs", queryset=FootnoteRef.objects.select_related("footnote")),
                    Prefetch("mentions", queryset=mentions),
                    Prefetch(
                        "xrefs_out",
                        queryset=CrossReference.objects.filter(
                            target__document__in=visible
                        ).select_related("target__document"),
                    ),
                    Prefetch(
                        "xrefs_in",
                        queryset=CrossReference.objects.filter(
                            source__document__in=visible
                        ).select_related("source__document"),
                    ),
                ),
            ),
            Prefetch(
                "footnotes",
                queryset=Footnote.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "refs",
                        queryset=FootnoteRef.objects.select_related("paragraph").order_by(
                            "ordinal"
                        ),
                    ),
                    Prefetch("mentions", queryset=mentions),
                ),
            ),
        )


class Document(Versioned, models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        INTERVIEW = "interview", "Interview"
        PRIMARY = "primary", "Primary source"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Part of the document's address; never change it once published.",
    )
    title = models.CharField(max_length=300)
    short_label = models.CharField(
        max_length=60,
        blank=True,
        help_text="How lists name the text in a few words, e.g. “Weathersby, Soviet Role”; "
        "the full title is shown on the text itself. Empty: the title is used.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    authors = models.CharField(
        max_length=300,
        blank=True,
        help_text="As printed, e.g. “Kathryn Weathersby”. Several authors separated by “; ”.",
    )
    affiliation = models.CharField(max_length=300, blank=True)
    interviewee = models.CharField(
        max_length=200, blank=True, help_text="For interviews: the person answering."
    )
    publication = models.CharField(
        max_length=300,
        blank=True,
        help_text="Journal, outlet or collection. Leave empty if the text does not say.",
    )
    publication_date = models.CharField(
        max_length=50,
        blank=True,
        help_text="As precisely as known (“2024”, “2024-05”). Leave empty if unknown.",
    )
    language = models.CharField(max_length=10, default="en")
    abstract = models.TextField(blank=True)
    keywords = StringListField(help_text='A list of keywords as printed: ["Korean War", "Stalin"].')
    editorial_note = models.TextField(
        blank=True, help_text="What the editors added or decided (title, speakers, …)."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_text = models.TextField(
        blank=True, editable=False, help_text="The imported text exactly as received."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    render_key = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Changes whenever anything the public reader or the exports show of this "
        "document changes; a stored render made under another key is never served "
        "(documents.caching).",
    )

    objects = DocumentQuerySet.as_manager()

    history = CurationHistory(
        excluded_fields=["version", "updated", "render_key"], opens_deletion_batch=True
    )

    class Meta:
        ordering = ["title"]
        indexes = [
            # The orders pages list documents in, walked in order and left at the page's end
            # instead of every row read and sorted: on SQLite the columns stored after the
            # imported text (created, render_key …) are read through its overflow pages (60
            # KB for the paper). Home page's first texts; the list's and the API's order.
            models.Index(fields=["status", "created", "id"], name="document_added_order"),
            models.Index(fields=["status", "kind", "title", "id"], name="document_list_order"),
        ]

    def __str__(self):
        return self.title

    def delete(self, *args, **kwargs):
        # Its paragraphs, notes and what hangs on them go too: what each row's deletion makes
        # stale is looked up for all of them at once, before (which documents show them), and
        # what each asks to bring up to date (a note's search terms) is done once, at the end.
        with deleting([self]):
            return super().delete(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("documents:reader", self.slug)

    @property
    def label(self) -> str:
        """The short label where editors gave one, else the title."""
        return self.short_label or self.title

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def author_list(self):
        return [name.strip() for name in self.authors.split(";") if name.strip()]


class Section(Versioned, models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(help_text="Order within the document, from 1.")
    title = models.CharField(max_length=300, blank=True)

    history = CurationHistory(excluded_fields=["version"])

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="section_unique_position"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="section_position_positive"),
        ]

    def __str__(self):
        return self.title or f"{self.document} (untitled section {self.position})"

    @property
    def anchor(self):
        return f"s-{self.position}"

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}#{self.anchor}"


class Paragraph(AnchoredText, Versioned, models.Model):
    class Kind(models.TextChoices):
        BODY = "body", "Body"
        QUESTION = "question", "Question"
        ANSWER = "answer", "Answer"
        QUOTATION = "quotation", "Quotation"

    class Speaker(models.TextChoices):
        NONE = "", "—"
        INTERVIEWER = "interviewer", "Interviewer"
        HISTORIAN = "historian", "Historian (interviewee)"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField(
        help_text="The permanent paragraph number (#p-N). Never renumbered."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BODY)
    speaker = models.CharField(max_length=20, choices=Speaker.choices, blank=True, default="")
    text = models.TextField(
        help_text="The exact wording, without note markers (they are stored as anchors)."
    )
    source_line = models.PositiveIntegerField(null=True, blank=True, editable=False)

    history = CurationHistory(excluded_fields=["version"])

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="paragraph_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="paragraph_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.document} ¶{self.position}"

    @property
    def anchor(self):
        return f"p-{self.position}"

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}#{self.anchor}"


class Footnote(AnchoredText, Versioned, models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveIntegerField(help_text="The number printed in the text.")
    text = models.TextField(help_text="The exact wording of the note.")
    source_line = models.PositiveIntegerField(null=True, blank=True, editable=False)

    history = CurationHistory(excluded_fields=["version"])

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="footnote_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="footnote_number_positive"),
        ]

    def __str__(self):
        return f"{self.document}, note {self.number}"

    @property
    def anchor(self):
        return f"fn-{self.number}"

    def get_absolute_url(self):
        return note_url(self.document.slug, self.number)


class FootnoteRef(models.Model):
    """A note marker: footnote `footnote` is anchored in `paragraph` at character `offset`."""

    footnote = models.ForeignKey(Footnote, on_delete=models.CASCADE, related_name="refs")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="note_refs")
    offset = models.PositiveIntegerField(
        help_text="Character offset in the paragraph text where the marker stands."
    )
    ordinal = models.PositiveIntegerField(
        default=1, help_text="1 for the first marker of this note, 2 for a second …"
    )

    history = CurationHistory()

    class Meta:
        ordering = ["paragraph_id", "offset"]
        constraints = [
            models.UniqueConstraint(
                fields=["footnote", "ordinal"], name="footnoteref_unique_ordinal"
            ),
            models.UniqueConstraint(
                fields=["paragraph", "offset", "footnote"], name="footnoteref_unique_place"
            ),
        ]

    def __str__(self):
        return f"note {self.footnote.number} at {self.paragraph} +{self.offset}"

    @property
    def anchor(self):
        suffix = "" if self.ordinal == 1 else f"-{self.ordinal}"
        return f"fnref-{self.footnote.number}{suffix}"

    def get_absolute_url(self):
        return f"{self.paragraph.document.get_absolute_url()}#{self.anchor}"
