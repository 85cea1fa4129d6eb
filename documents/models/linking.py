"""What the texts speak of and how passages connect: actors, events, mentions, cross-references."""

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from documents.curation.history import CurationHistory
from documents.curation.locking import Versioned


class Actor(Versioned, models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        STATE = "state", "State"
        PARTY = "party", "Party"
        INSTITUTION = "institution", "Institution or body"
        ORGANISATION = "organisation", "International organisation"
        MILITARY = "military", "Armed force"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(
        max_length=200, help_text="The name the register lists, e.g. “Kim Il Sung”."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    dates = models.CharField(
        max_length=50, blank=True, help_text="Life dates or dates of existence, only where certain."
    )
    description = models.TextField(
        blank=True, help_text="A short editorial note: who this is, as the texts need it."
    )
    # Authority identifiers tell the register's people apart from namesakes; filled only
    # where an editor has checked the record, empty otherwise.
    wikidata = models.CharField(
        "Wikidata item",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*\Z", "A Wikidata item: Q and digits, e.g. Q42.")],
        help_text="The Wikidata item's identifier (Q and digits), once checked against the item.",
    )
    viaf = models.CharField(
        "VIAF cluster",
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^[1-9][0-9]*\Z", "A VIAF identifier: digits only.")],
        help_text="The VIAF cluster's number, once checked against the record.",
    )

    history = CurationHistory(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def authority_links(self) -> list[tuple[str, str, str]]:
        """(authority, identifier, address) for each identifier an editor filled."""
        links = []
        if self.wikidata:
            links.append(
                ("Wikidata", self.wikidata, f"https://www.wikidata.org/wiki/{self.wikidata}")
            )
        if self.viaf:
            links.append(("VIAF", self.viaf, f"https://viaf.org/viaf/{self.viaf}/"))
        return links

    def get_absolute_url(self):
        return reverse("documents:actor", kwargs={"slug": self.slug})


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=200, help_text="A spelling, a name in another script, a code name …"
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="e.g. “code name in telegrams”, “Cyrillic”."
    )

    history = CurationHistory()

    class Meta:
        ordering = ["actor", "name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="alias_unique_per_actor")
        ]

    def __str__(self):
        return f"{self.name} → {self.actor}"

    def get_absolute_url(self):
        return self.actor.get_absolute_url()


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


MONTHS = [datetime.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def format_date(value: datetime.date, precision: str) -> str:
    """Show a date only as precisely as it is known: '1945', 'December 1945', '9 August 1945'."""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_span(start: datetime.date, end: datetime.date | None, precision: str) -> str:
    """A date or a span, sharing what the two ends share: '16–26 December 1945',
    '11 September – 2 October 1945', 'July 1951 – July 1953'."""
    first = format_date(start, precision)
    if end is None or format_date(end, precision) == first:
        return first
    last = format_date(end, precision)
    if precision == DatePrecision.DAY and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{last}"
        return f"{start.day} {MONTHS[start.month - 1]} – {last}"
    return f"{first} – {last}"


class Event(Versioned, models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    date = models.DateField(
        help_text="The (first) day; for a month or year enter its first day and set the precision."
    )
    precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="For a span: the last day (same precision)."
    )
    date_label = models.CharField(
        max_length=100,
        blank=True,
        help_text="Overrides the shown date, e.g. “early December 1945”.",
    )
    place = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    actors = models.ManyToManyField(Actor, blank=True, related_name="events")

    history = CurationHistory(excluded_fields=["version"], m2m_fields=[actors])

    class Meta:
        ordering = ["date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="event_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.display_date})"

    def get_absolute_url(self):
        return reverse("documents:event", kwargs={"slug": self.slug})

    @property
    def display_date(self) -> str:
        if self.date_label:
            return self.date_label
        return format_span(self.date, self.end_date, self.precision)


class Mention(Versioned, models.Model):
    """A span of a paragraph (or of a footnote) that names an actor or an event."""

    paragraph = models.ForeignKey(
        "Paragraph", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    footnote = models.ForeignKey(
        "Footnote", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    start = models.PositiveIntegerField(help_text="Character offset where the mention starts.")
    end = models.PositiveIntegerField(help_text="Character offset just after the mention.")
    surface = models.CharField(
        max_length=200, help_text="The words as they stand in the text at start:end."
    )
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )

    history = CurationHistory(excluded_fields=["version"])

    class Meta:
        ordering = ["paragraph_id", "footnote_id", "start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(paragraph__isnull=False) & Q(footnote__isnull=True))
                | (Q(paragraph__isnull=True) & Q(footnote__isnull=False)),
                name="mention_in_paragraph_or_note",
            ),
            models.CheckConstraint(
                condition=(Q(actor__isnull=False) & Q(event__isnull=True))
                | (Q(actor__isnull=True) & Q(event__isnull=False)),
                name="mention_of_actor_or_event",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="mention_span_not_empty"
            ),
        ]

    def __str__(self):
        return f"“{self.surface}” → {self.actor or self.event}"

    @property
    def passage(self):
        return self.paragraph or self.footnote

    def get_absolute_url(self):
        return self.passage.get_absolute_url()


class CrossReference(Versioned, models.Model):
    class Relation(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        CONTRASTS = "contrasts", "Contrasts with"
        ELABORATES = "elaborates", "Elaborates"
        SAME_SUBJECT = "same-subject", "Same subject"

    source = models.ForeignKey("Paragraph", on_delete=models.CASCADE, related_name="xrefs_out")
    target = models.ForeignKey("Paragraph", on_delete=models.CASCADE, related_name="xrefs_in")
    relation = models.CharField(
        max_length=20, choices=Relation.choices, default=Relation.SAME_SUBJECT
    )
    reason = models.CharField(
        max_length=300, help_text="One line: why a reader should compare these passages."
    )

    history = CurationHistory(excluded_fields=["version"])

    class Meta:
        ordering = ["source_id", "target_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="xref_unique_pair"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="xref_not_to_itself"
            ),
        ]

    def __str__(self):
        return f"{self.source} ↔ {self.target}"

    def get_absolute_url(self):
        return self.source.get_absolute_url()
