"""Actors of the register: their addresses (past slugs too), the spellings the texts print
(aliases) and the forms of their names in any script (name forms)."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from documents.addresses import slug_url
from documents.curation.history import CurationHistory
from documents.curation.locking import Versioned
from documents.linking import names

from .events import Event
from .mentions import _draft_mentioned, _mentioned, _only_drafts_mention, only_in_drafts


def _actors_only_drafts_use() -> Q:
    taking_part = Event.actors.through.objects.filter(actor=OuterRef("pk"))
    hidden_event = _only_drafts_mention("event", OuterRef("event"), field="event")
    # (drafts first: they are few, the published mentions are the corpus)
    in_drafts = _draft_mentioned("actor") | Exists(taking_part.filter(hidden_event))
    in_public = _mentioned("actor", OuterRef("pk"), published=True) | Exists(
        taking_part.exclude(hidden_event)
    )
    return in_drafts & ~in_public


class ActorQuerySet(models.QuerySet):
    def public(self):
        """All actors but those only drafts use: mentioned only in drafts, or taking part only
        in events only drafts mention (see EventQuerySet.public)."""
        return self.exclude(only_in_drafts(Actor, _actors_only_drafts_use))

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
        return slug_url("documents:actor", self.slug)

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
