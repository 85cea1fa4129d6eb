"""What is rendered once per change and served many times: parts of a published document."""

from django.db import models

from .text import Document


class RenderedPart(models.Model):
    """A part of a published document as the public sees it (the reader's body, its metadata,
    the TEI), rendered once and served until what it shows changes (documents.caching).

    Served only while `key` equals the document's `render_key`, which every change that
    alters the part replaces. Absolute addresses are stored with a placeholder origin, put
    right for each request. Never written for a draft: staff previews are rendered live."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="rendered_parts")
    name = models.CharField(max_length=40)
    key = models.UUIDField(help_text="The document's render_key when this was rendered.")
    build = models.CharField(
        max_length=16, help_text="The code and templates it was rendered by (stored.build)."
    )
    content = models.TextField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()  # written by the code only: nobody edits a render
        constraints = [
            models.UniqueConstraint(fields=["document", "name"], name="rendered_part_unique_name")
        ]

    def __str__(self):
        return f"{self.document} ({self.name})"
