"""What the texts speak of and how passages connect: actors, events, mentions, cross-references."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from documents import dates
from documents.curation.history import CurationHistory
from documents.curation.locking import Versioned
from documents.dates import DateSpan
from documents.linking import names

from .text import Document


def _mentioned(target: str, ref, published: bool) -> Q:
    """Whether a published text (or a draft) mentions the actor or event `ref` points at: two
    correlated EXISTS (a mention stands in a paragraph or in a note), cheap with the indexes."""
    from .text import Document  # text.py imports this module

    statuses = [status for status in Document.Status.values if (status == "published") == published]
    mentions = Mention.objects.filter(**{target: ref})
    return Exists(mentions.filter(paragraph__document__status__in=statuses)) | Exists(
        mentions.filter(footnote__document__status__in=statuses)
    )


def _only_drafts_mention(target: str, ref) -> Q:
    return _mentioned(target, ref, published=False) & ~_mentioned(target, ref, published=True)


class EventQuerySet(models.QuerySet):
    def public(self):
        """All events but those only drafts mention: an event made for a draft stays out of
        sight until its text is published (drafts leave no trace). One no text mentions yet
        is a register entry like any other."""
        return self.exclude(_only_drafts_mention("event", OuterRef("pk")))

    def visible_to(self, user):
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.public()


class ActorQuerySet(models.QuerySet):
    def public(self):
        """All actors but those only drafts use: mentioned only in drafts, or taking part only
        in events only drafts mention (see EventQuerySet.public)."""
        taking_part = Event.actors.through.objects.filter(actor=OuterRef("pk"))
        hidden_event = _only_drafts_mention("event", OuterRef("event"))
        in_drafts = _mentioned("actor", OuterRef("pk"), published=False) | Exists(
            taking_part.filter(hidden_event)
        )
        in_public = _mentioned("actor", OuterRef("pk"), published=True) | Exists(
            taking_part.exclude(hidden_event)
        )
        return self.exclude(in_drafts & ~in_public)

    def visible_to(self, user):
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.public()


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

    objects = ActorQuerySet.as_manager()

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

    @classmethod
    def from_db(cls, db, field_names, values):
        actor = super().from_db(db, field_names, values)
        actor._loaded_slug = actor.__dict__.get("slug")
        return actor

    def save(self, *args, **kwargs):
        """A changed slug keeps the old address: it is recorded as a past slug (which
        /actors/<old>/ and the API redirect to), and the new one stops being anyone's past."""
        old = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if old and old != self.slug:
            PastActorSlug.objects.filter(slug=self.slug).delete()
            PastActorSlug.objects.update_or_create(slug=old, defaults={"actor": self})
        self._loaded_slug = self.slug

    @classmethod
    def by_past_slug(cls, slug: str):
        """The actor that once had `slug` (renamed, or the survivor of a merge), or None."""
        past = PastActorSlug.objects.select_related("actor").filter(slug=slug).first()
        return past.actor if past else None


class PastActorSlug(models.Model):
    """An address an actor had before (a renamed slug, or a duplicate merged into it): cited
    addresses stay good, answering 301 to the actor now."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="past_slugs")
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return f"{self.slug} → {self.actor.slug}"

    def get_absolute_url(self):
        return self.actor.get_absolute_url()


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


class NameForm(models.Model):
    """One form of an actor's name, with its language and script (a BCP 47 tag) and, for a
    form in Latin letters, the romanization system. ActorAlias stays what it was: the spellings
    as printed in the texts, which the mention matcher tags; name forms are the names a reader
    may know the actor by, in any script, which search resolves and the register shows."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="name_forms")
    text = models.CharField(max_length=200, help_text="The name as written, e.g. “김일성”.")
    language = models.CharField(
        max_length=10,
        choices=[(tag, f"{tag} — {label}") for tag, (label, _) in names.LANGUAGES.items()],
        help_text="Language and script (BCP 47): the text must be in that script.",
    )
    system = models.CharField(
        max_length=20,
        blank=True,
        choices=list(names.SYSTEMS.items()),
        help_text="For a form in Latin letters only: the romanization it follows.",
    )
    family = models.CharField(
        max_length=100, blank=True, help_text="Persons: the family name as in this form."
    )
    given = models.CharField(
        max_length=100, blank=True, help_text="Persons: the given name(s) as in this form."
    )
    preferred = models.BooleanField(
        default=False, help_text="The form the register displays (one per actor)."
    )
    generated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Derived by a rule from an original-script form, not entered by an editor.",
    )
    basis = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the form rests on, e.g. “the paper, p. 3”, “Hanja in his official biography”.",
    )
    folded = models.CharField(max_length=200, editable=False, db_index=True)

    history = CurationHistory()

    class Meta:
        ordering = ["actor", "-preferred", "generated", "language", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "text", "language"], name="name_form_unique_per_actor"
            ),
            models.UniqueConstraint(
                fields=["actor"], condition=Q(preferred=True), name="one_preferred_name_form"
            ),
        ]

    def __str__(self):
        return f"{self.text} [{self.language}] → {self.actor}"

    def get_absolute_url(self):
        return self.actor.get_absolute_url()

    @property
    def script(self) -> str:
        return names.LANGUAGES.get(self.language, ("", ""))[1]

    def clean(self):
        from django.core.exceptions import ValidationError

        found = names.problems(self.text, self.language, self.system)
        if found:
            raise ValidationError(found)

    def save(self, *args, **kwargs):
        self.folded = names.fold_name(self.text)
        super().save(*args, **kwargs)


class DatePrecision(models.TextChoices):
    """How precisely an event's date is known (shown and exported by documents.dates)."""

    DAY = dates.DAY, "Day"
    MONTH = dates.MONTH, "Month"
    YEAR = dates.YEAR, "Year"


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
        return reverse("documents:event", kwargs={"slug": self.slug})

    @property
    def display_date(self) -> str:
        if self.date_label:
            return self.date_label
        return DateSpan.of_event(self.date, self.precision, self.end_date).display()


def mentions_visible_to(user, via: str = "") -> Q:
    """Mentions (reached through `via`, e.g. "mentions__") standing in a paragraph or a note of
    a document `user` may see (Document.objects.visible_to)."""
    visible = Document.objects.visible_to(user).values("pk")
    return Q(**{f"{via}paragraph__document__in": visible}) | Q(
        **{f"{via}footnote__document__in": visible}
    )


class MentionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Mentions in documents the user may see (drafts only for staff)."""
        return self.filter(mentions_visible_to(user))


class Mention(Versioned, models.Model):
    """A span of a paragraph (or of a footnote) that names an actor or an event."""

    objects = MentionQuerySet.as_manager()

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
