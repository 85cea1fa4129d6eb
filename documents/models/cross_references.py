"""Cross-references: two passages a reader should compare, and why."""

from django.db import models
from django.db.models import Q

from documents.curation.history import CurationHistory
from documents.curation.locking import Versioned


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
