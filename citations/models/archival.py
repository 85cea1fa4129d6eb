"""Archives, the files at their archival addresses, and the archival documents held in them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from documents.curation.locking import Versioned

from .pinpoints import Unit, format_pinpoint


class Archive(Versioned, models.Model):
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


class ArchivalFile(Versioned, models.Model):
    """A file at its archival address: fond / opis / delo (/ papka), or a collection and reel."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="files")
    collection = models.CharField(
        max_length=200,
        blank=True,
        help_text="For archives not arranged in fonds: the collection, e.g. “Dmitrii Volkogonov Papers”.",
    )
    fond = models.CharField(
        max_length=100,
        blank=True,
        help_text="As normalised, e.g. “0102”, “059a”, “USGASK”.",
    )
    opis = models.CharField(max_length=50, blank=True)
    delo = models.CharField(max_length=50, blank=True)
    papka = models.CharField(max_length=50, blank=True)
    reel = models.CharField(max_length=50, blank=True, help_text="Microfilm reel, where cited.")

    class Meta:
        ordering = ["archive", "collection", "fond", "opis", "delo", "papka", "reel"]
        constraints = [
            models.UniqueConstraint(
                fields=["archive", "collection", "fond", "opis", "delo", "papka", "reel"],
                name="archivalfile_unique_address",
            ),
            models.CheckConstraint(
                condition=~Q(collection="") | ~Q(fond=""),
                name="archivalfile_has_fond_or_collection",
            ),
        ]

    def __str__(self):
        return f"{self.archive} {self.address}"

    ADDRESS_FIELDS = ("fond", "opis", "delo", "papka", "reel")
    ABBREVIATIONS = {"fond": "f.", "opis": "op.", "delo": "d.", "papka": "p.", "reel": "reel"}

    def address_parts(self) -> list[tuple[str, str]]:
        """The address fields that are filled, in archival order: [("fond", "0102"), …]."""
        return [(name, getattr(self, name)) for name in self.ADDRESS_FIELDS if getattr(self, name)]

    def spelled_address(self, abbreviated: bool = False) -> str:
        """'fond 0102, opis 1, delo 15, papka 1' or, abbreviated, 'f. 0102, op. 1, d. 15, p. 1'
        (preceded by the collection, where the file belongs to one)."""
        parts = [self.collection] if self.collection else []
        for name, value in self.address_parts():
            parts.append(f"{self.ABBREVIATIONS[name] if abbreviated else name} {value}")
        return ", ".join(parts)

    @property
    def address(self) -> str:
        """'f. 0102, op. 1, d. 15, p. 1' (or the collection and reel)."""
        return self.spelled_address(abbreviated=True)

    def get_absolute_url(self):
        return reverse("citations:file", kwargs={"archive": self.archive.slug, "pk": self.pk})


class ArchivalDocument(Versioned, models.Model):
    """One primary document: a telegram, a record of conversation, a report … held in an
    archival file (with its folios) and/or known from a publication (a FRUS volume)."""

    file = models.ForeignKey(
        ArchivalFile, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    published_in = models.ForeignKey(
        "Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="For a document the note cites from a publication (e.g. a FRUS volume).",
    )
    title = models.CharField(max_length=500, blank=True)
    kind = models.CharField(
        max_length=100, blank=True, help_text="e.g. “ciphered telegram”, “record of conversation”."
    )
    number = models.CharField(
        max_length=100,
        blank=True,
        help_text="The document's own number, e.g. “Paper no. 732”, a State Department file number.",
    )
    date = models.CharField(
        max_length=50,
        blank=True,
        help_text="As precisely as the note gives it (ISO / EDTF: 1952-08-20, 1945-12, 1951-01-09/1951-01-12).",
    )
    author = models.CharField(max_length=200, blank=True)
    addressee = models.CharField(max_length=200, blank=True)
    summary = models.CharField(
        max_length=500, blank=True, help_text="What the note says the document does, in its words."
    )
    folios = models.CharField(max_length=100, blank=True, help_text="e.g. “18–21”.")
    folio_unit = models.CharField(max_length=20, choices=Unit.choices, blank=True)

    class Meta:
        ordering = ["file", "date", "title"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The title, or what the note says of an untitled document:
        'Ciphered telegram from Shtykov to Vyshinsky', 'Notes by Emil Bodnăraș'."""
        if self.title:
            return self.title
        if not (self.kind or self.author):
            return f"Document in {self.file or self.published_in}"
        label = (self.kind or "document").capitalize()
        if self.author:
            label += f" {'by' if self.kind in ('notes', 'report') else 'from'} {self.author}"
        if self.addressee:
            label += f" to {self.addressee}"
        return label

    @property
    def folios_display(self) -> str:
        return format_pinpoint(self.folios, self.folio_unit)

    def get_absolute_url(self):
        return reverse("citations:cited-document", kwargs={"pk": self.pk})
