"""Events of the register, with how precisely their dates are known."""

from django.db import models
from django.db.models import OuterRef, Q

from documents import dates
from documents.addresses import slug_url
from documents.curation.history import CurationHistory
from documents.curation.locking import Versioned
from documents.dates import DateSpan

from .mentions import _only_drafts_mention, only_in_drafts


class DatePrecision(models.TextChoices):
    """How precisely an event's date is known (shown and exported by documents.dates)."""

    DAY = dates.DAY, "Day"
    MONTH = dates.MONTH, "Month"
    YEAR = dates.YEAR, "Year"


class EventQuerySet(models.QuerySet):
    def public(self):
        """All events but those only drafts mention: an event made for a draft stays out of
        sight until its text is published (drafts leave no trace). One no text mentions yet
        is a register entry like any other."""
        return self.exclude(
            only_in_drafts(Event, lambda: _only_drafts_mention("event", OuterRef("pk")))
        )

    def visible_to(self, user):
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.public()


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
    actors = models.ManyToManyField("Actor", blank=True, related_name="events")

    history = CurationHistory(excluded_fields=["version"], m2m_fields=[actors])

    objects = EventQuerySet.as_manager()

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
        return slug_url("documents:event", self.slug)

    @property
    def display_date(self) -> str:
        if self.date_label:
            return self.date_label
        return DateSpan.of_event(self.date, self.precision, self.end_date).display()
