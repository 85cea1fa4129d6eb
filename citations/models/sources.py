"""Published (or presented) works, with the fields CSL-JSON names."""

from urllib.parse import urlsplit

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

from documents.addresses import slug_url
from documents.curation.json_fields import CSLNamesField
from documents.curation.locking import Versioned


class HttpsURLField(models.URLField):
    """An address that must be https; a typed address without a scheme is read as https."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self):
        # A migration names the field by its stable path, citations.models (the one module
        # tests/test_migrations_frozen.py lets migrations import), not by this module.
        name, _path, args, kwargs = super().deconstruct()
        return name, "citations.models.HttpsURLField", args, kwargs


class Source(Versioned, models.Model):
    """A published (or presented) work, with the fields CSL-JSON names."""

    class Type(models.TextChoices):
        BOOK = "book", "Book"
        ARTICLE = "article-journal", "Journal article"
        CHAPTER = "chapter", "Chapter"
        THESIS = "thesis", "Thesis"
        REPORT = "report", "Report or working paper"
        PAPER = "paper-conference", "Conference paper"
        PERIODICAL = "periodical", "Periodical issue"
        DOCUMENT = "document", "Other document"

    slug = models.SlugField(max_length=150, unique=True)
    csl_type = models.CharField(max_length=30, choices=Type.choices, default=Type.BOOK)
    authors = CSLNamesField(
        help_text='CSL names: [{"family": "Matray", "given": "James"}] or [{"literal": "Xinhua"}].'
    )
    editors = CSLNamesField(help_text='CSL names, as for the authors: [{"family": …, "given": …}].')
    translators = CSLNamesField(
        help_text='CSL names, as for the authors: [{"family": …, "given": …}].'
    )
    title = models.CharField(max_length=500, blank=True)
    translated_title = models.CharField(
        max_length=500, blank=True, help_text="A translation of the title printed beside it."
    )
    container_title = models.CharField(max_length=500, blank=True)
    collection_title = models.CharField(max_length=300, blank=True)
    number = models.CharField(max_length=50, blank=True, help_text="e.g. a working paper number.")
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    publisher_place = models.CharField(max_length=200, blank=True)
    event = models.CharField(max_length=300, blank=True, help_text="For a conference paper.")
    event_place = models.CharField(max_length=200, blank=True)
    issued = models.CharField(
        max_length=50,
        blank=True,
        help_text="Year (or ISO / EDTF date) of publication; empty when the note does not say.",
    )
    pages = models.CharField(max_length=50, blank=True)
    genre = models.CharField(max_length=100, blank=True, help_text="e.g. “Ph.D. Dissertation”.")
    url = HttpsURLField(
        "address online",
        max_length=300,
        blank=True,
        validators=[URLValidator(schemes=["https"], message="An https:// address.")],
        help_text="A stable public address of the work (https), e.g. the Office of the "
        "Historian's page of a FRUS volume; only where checked.",
    )
    is_documents_edition = models.BooleanField(
        "edition of documents",
        default=False,
        help_text="A publication of primary documents (a FRUS volume, a documents collection, a "
        "journal's translated documents): a note citing it rests on published documents, not on "
        "secondary literature.",
    )
    editorial_note = models.TextField(
        blank=True, help_text="What the editors decided about this reference, and why."
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title="") | ~Q(container_title="") | ~Q(event=""),
                name="source_has_a_title",
            )
        ]

    def __str__(self):
        if self.title or self.container_title:
            return self.title or self.container_title
        return f"Untitled paper, {self.event}"

    @property
    def url_host(self) -> str:
        """'history.state.gov' for the work's address online."""
        return urlsplit(self.url).hostname or ""

    @property
    def sort_key(self) -> tuple:
        """Bibliography order: first author's family name (or the title), then the title."""
        first = self.authors[0] if self.authors else {}
        lead = first.get("family") or first.get("literal") or self.title or self.container_title
        return (lead.casefold(), (self.title or self.container_title).casefold(), self.issued)

    def get_absolute_url(self):
        # Its own page (every note citing it), whichever page of the bibliography it is on.
        return slug_url("citations:source", self.slug)


def csl_name(name: dict) -> str:
    """{'family': 'Matray', 'given': 'James'} → 'James Matray'; {'literal': …} as is."""
    if "literal" in name:
        return name["literal"]
    return " ".join(part for part in (name.get("given", ""), name.get("family", "")) if part)
