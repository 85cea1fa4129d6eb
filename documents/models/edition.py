"""The collection's version: what a citation names so that a reader can tell which state of the
collection was cited. A new version is recorded once per committed change the public can see
(documents.curation.edition says which changes count)."""

from django.db import models
from django.utils import timezone


class CollectionVersionQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-number").first()


class CollectionVersion(models.Model):
    """One published state of the collection: “2026-11-30.3” is the third published change of
    30 November 2026. Written by the code only (documents.curation.edition), never edited."""

    number = models.PositiveIntegerField(unique=True, help_text="1, 2, 3 … in publishing order.")
    label = models.CharField(
        max_length=20,
        unique=True,
        help_text="The version as cited: the day it was published and its rank that day.",
    )
    published = models.DateTimeField(default=timezone.now)

    objects = CollectionVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        default_permissions = ()  # written by the code only: nobody edits a version
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="collection_version_number_positive"
            )
        ]

    def __str__(self):
        return self.label
