"""Where the footnotes point: archives and their files, archival documents, published sources,
and citations (one reference inside one footnote)."""

from django.db import models
from django.urls import reverse


class Archive(models.Model):
    slug = models.SlugField(
        max_length=50, unique=True, help_text="Lower-case Latin abbreviation, e.g. “avprf”."
    )
    abbreviation = models.CharField(max_length=50, help_text="Latin abbreviation, e.g. “AVPRF”.")
    abbreviation_original = models.CharField(
        max_length=50, blank=True, help_text="In the original script, e.g. “АВПРФ”."
    )
    name = models.CharField(max_length=300, help_text="Full name in English.")
    name_original = models.CharField(
        max_length=300, blank=True, help_text="Full name in the original language."
    )
    place = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["abbreviation"]

    def __str__(self):
        return self.abbreviation

    def get_absolute_url(self):
        return reverse("citations:archive", kwargs={"archive": self.slug})


class ArchivalFile(models.Model):
    """A file (delo) at its archival address: fond / opis / delo (/ papka)."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="files")
    fond = models.CharField(
        max_length=100, help_text="As normalised, e.g. “0102”, “059a”, “USGASK”."
    )
    opis = models.CharField(max_length=50, blank=True)
    delo = models.CharField(max_length=50, blank=True)
    papka = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["archive", "fond", "opis", "delo", "papka"]
        constraints = [
            models.UniqueConstraint(
                fields=["archive", "fond", "opis", "delo", "papka"],
                name="archivalfile_unique_address",
            )
        ]

    def __str__(self):
        parts = [f"{self.archive} f. {self.fond}"]
        for label, value in (("op.", self.opis), ("d.", self.delo), ("p.", self.papka)):
            if value:
                parts.append(f"{label} {value}")
        return ", ".join(parts)

    def get_absolute_url(self):
        return reverse("citations:file", kwargs={"archive": self.archive.slug, "pk": self.pk})


class ArchivalDocument(models.Model):
    """One item in an archival file: a telegram, a record of conversation, a report …"""

    file = models.ForeignKey(ArchivalFile, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=500, blank=True)
    kind = models.CharField(
        max_length=100, blank=True, help_text="e.g. “ciphered telegram”, “record of conversation”."
    )
    date = models.CharField(
        max_length=50,
        blank=True,
        help_text="As precisely as the note gives it (ISO: 1952-08-20, 1945-12).",
    )
    author = models.CharField(max_length=200, blank=True)
    addressee = models.CharField(max_length=200, blank=True)
    folios = models.CharField(max_length=100, blank=True, help_text="Listy (leaves), e.g. “18–21”.")

    class Meta:
        ordering = ["file", "date", "title"]

    def __str__(self):
        return self.title or self.kind or f"document in {self.file}"

    def get_absolute_url(self):
        return self.file.get_absolute_url()


class Source(models.Model):
    """A published work, with the fields CSL-JSON names."""

    class Type(models.TextChoices):
        BOOK = "book", "Book"
        ARTICLE = "article-journal", "Journal article"
        CHAPTER = "chapter", "Chapter"
        THESIS = "thesis", "Thesis"
        REPORT = "report", "Report or working paper"
        DOCUMENT = "document", "Document collection"

    slug = models.SlugField(max_length=150, unique=True)
    csl_type = models.CharField(max_length=30, choices=Type.choices, default=Type.BOOK)
    authors = models.JSONField(
        default=list, blank=True, help_text='CSL names: [{"family": "Matray", "given": "James"}].'
    )
    editors = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=500)
    container_title = models.CharField(max_length=500, blank=True)
    collection_title = models.CharField(max_length=300, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    publisher_place = models.CharField(max_length=200, blank=True)
    issued = models.CharField(
        max_length=50, blank=True, help_text="Year (or ISO date) of publication."
    )
    pages = models.CharField(max_length=50, blank=True)
    genre = models.CharField(max_length=100, blank=True, help_text="e.g. “Ph.D. Dissertation”.")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('citations:sources')}#{self.slug}"


class Citation(models.Model):
    """One reference inside one footnote (a note may hold several)."""

    class Kind(models.TextChoices):
        ARCHIVAL = "archival", "Archival document or file"
        PUBLISHED = "published", "Published source"
        IBID = "ibid", "Ibid."
        EXPLANATORY = "explanatory", "Explanatory note (no reference)"
        QUOTED_NOTE = "quoted-note", "Note of a quoted document"

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
    archival_document = models.ForeignKey(
        ArchivalDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    archival_file = models.ForeignKey(
        ArchivalFile, null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    pinpoint = models.CharField(
        max_length=100,
        blank=True,
        help_text="Pages or folios cited, e.g. “pp. 75–98”, “listy 18–21”.",
    )
    ibid_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ibid_citations",
        help_text="For “Ibid.”: the citation it repeats.",
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
        default=False, help_text="Set by the parser where it was unsure."
    )

    class Meta:
        ordering = ["footnote", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["footnote", "position"], name="citation_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.footnote}: {self.get_kind_display()} {self.position}"

    def get_absolute_url(self):
        return self.footnote.get_absolute_url()
