"""Where the footnotes point: archives and their files, archival documents, published sources,
and citations (one reference inside one footnote).

Normalised values live in the fields; the note's own spelling of them ("AVPRF AVIPRF",
"Fond фонд 04311", "Ciphred telegram") is kept beside them in ``Citation.printed_fields``.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history import register

from documents.curation.history import CurationHistory
from documents.curation.json_fields import CSLNamesField, StringMapField
from documents.curation.locking import Versioned
from documents.models import Document


class Unit(models.TextChoices):
    """What a pinpoint counts: printed pages, archival leaves (listy) or archival pages (str.)."""

    PAGE = "page", "page (p.)"
    LEAF = "leaf", "leaf (list / listy)"
    ARCHIVAL_PAGE = "archival-page", "archival page (str.)"


@dataclass(frozen=True)
class UnitWords:
    """Every name a pinpoint unit goes by, in one place."""

    abbreviated: tuple[str, str]  # (singular, plural) in a reference's fields: "l. 55", "ll. 18–21"
    spelled: tuple[str, str]  # as the archives name them in a reference line: "listy 18–21"
    csl: str  # the CSL locator label
    tei: str  # TEI <citedRange unit>


UNIT_WORDS = {
    Unit.PAGE: UnitWords(("p.", "pp."), ("p.", "pp."), csl="page", tei="page"),
    Unit.LEAF: UnitWords(("l.", "ll."), ("list", "listy"), csl="folio", tei="leaf"),
    Unit.ARCHIVAL_PAGE: UnitWords(("str.", "str."), ("str.", "str."), csl="page", tei="page"),
}
NO_UNIT = UnitWords(("", ""), ("", ""), csl="page", tei="")  # a pinpoint whose unit is unknown


def unit_words(unit: str) -> UnitWords:
    return UNIT_WORDS.get(unit, NO_UNIT)


def format_pinpoint(value: str, unit: str, *, spelled: bool = False) -> str:
    """'75–98' + page → 'pp. 75–98'; '55' + leaf → 'l. 55' ('list 55' spelled out)."""
    if not value:
        return ""
    words = unit_words(unit)
    singular, plural = words.spelled if spelled else words.abbreviated
    label = plural if any(mark in value for mark in "–-,") else singular
    return f"{label} {value}".strip()


def citations_visible_to(user, via: str = "") -> Q:
    """Citations (reached through `via`, e.g. "files__citations__") in notes of documents
    `user` may see (Document.objects.visible_to)."""
    return Q(**{f"{via}footnote__document__in": Document.objects.visible_to(user)})


class CitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Citations in notes of documents the user may see (drafts only for staff)."""
        return self.filter(citations_visible_to(user))

    def with_targets(self):
        """Everything a reference shows, including what an Ibid. or a short form resolves to."""
        related = [
            "footnote__document",
            "archival_file__archive",
            "archival_document",
            "source",
            "cited_in",
        ]
        for via in ("ibid_of", "short_form_of"):
            related += [f"{via}__{name}" for name in related]
        return self.select_related(*related)


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


class HttpsURLField(models.URLField):
    """An address that must be https; a typed address without a scheme is read as https."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


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
        return f"{reverse('citations:sources')}#{self.slug}"


def csl_name(name: dict) -> str:
    """{'family': 'Matray', 'given': 'James'} → 'James Matray'; {'literal': …} as is."""
    if "literal" in name:
        return name["literal"]
    return " ".join(part for part in (name.get("given", ""), name.get("family", "")) if part)


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


# History of every curated row, kept with the documents app's machinery so that a note and its
# citations are restored together (see documents.curation.history). Like the documents' rows,
# each carries a version that refuses a save made on a stale copy (the version is not history).
for _model in (Archive, ArchivalFile, ArchivalDocument, Source, Citation):
    register(_model, app="citations", records_class=CurationHistory, excluded_fields=["version"])
