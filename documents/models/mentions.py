"""Mentions: a span of a passage that names an actor or an event, and which texts mention what
(the drafts-leave-no-trace rule of the register is read from them)."""

from collections.abc import Callable

from django.db import models
from django.db.models import Exists, Q
from django.db.models.expressions import RawSQL

from documents.curation.history import CurationHistory
from documents.curation.locking import Versioned

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


def _draft_mentioned(target: str, field: str = "pk") -> Q:
    """Whether `field` is the id of an actor or event some draft mentions: two uncorrelated
    subqueries that start from the drafts (few, however large the published corpus), where a
    correlated EXISTS would read every published mention of every row looking for a draft one."""
    from .text import Document, Footnote, Paragraph  # text.py imports this module

    # (each step an IN over ids, so that both databases go from the drafts to their
    # passages to their mentions by the foreign keys' indexes)
    drafts = Document.objects.exclude(status=Document.Status.PUBLISHED).values("pk")
    mentions = Mention.objects.filter(**{f"{target}__isnull": False})
    ids = [
        mentions.filter(paragraph__in=Paragraph.objects.filter(document__in=drafts).values("pk")),
        mentions.filter(footnote__in=Footnote.objects.filter(document__in=drafts).values("pk")),
    ]
    ids = [queryset.values(target) for queryset in ids]
    return Q(**{f"{field}__in": ids[0]}) | Q(**{f"{field}__in": ids[1]})


def _only_drafts_mention(target: str, ref, field: str = "pk") -> Q:
    """Whether only drafts mention the actor or event `ref` points at (`field` holds its id).
    Drafts are asked first, about the few rows they mention; asking first whether a draft
    mentions each row read every published mention of every row (the home page's counts,
    /actors/ and /events/ took seconds at 1,000 documents)."""
    return _draft_mentioned(target, field) & ~_mentioned(target, ref, published=True)


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
        "Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
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
        # The search's actor and event facets (documents/search/facets.py) join the matching
        # passages to their mentions: these let the database read the pairs from the index alone.
        indexes = [
            models.Index(
                fields=[passage, target],
                condition=Q(**{f"{passage}__isnull": False, f"{target}__isnull": False}),
                name=f"mention_{passage}_{target}",
            )
            for passage in ("paragraph", "footnote")
            for target in ("actor", "event")
        ]

    def __str__(self):
        return f"“{self.surface}” → {self.actor or self.event}"

    @property
    def passage(self):
        return self.paragraph or self.footnote

    def get_absolute_url(self):
        return self.passage.get_absolute_url()


_compiled: dict[str, RawSQL] = {}


def only_in_drafts(model, rule: Callable[[], Q]) -> Q:
    """Rows of `model` that `rule()` (a Q over the model) hides, as `pk IN (<SQL>)` with the
    SQL compiled once per process. The drafts-only rules nest a dozen subqueries: compiling
    them took the ORM longer (some 10 ms a request) than the database takes to answer, on
    every page that lists actors or events. The SQL holds no value that changes (tables,
    columns, the status names), so one compilation serves every request."""
    name = model._meta.label
    if name not in _compiled:
        query = model._base_manager.filter(rule()).values("pk").query
        _compiled[name] = RawSQL(*query.sql_with_params())
    return Q(pk__in=_compiled[name])
