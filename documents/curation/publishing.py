"""Publishing: a document is a draft, invisible to the public, until an editor publishes it."""

from django.db import transaction

from documents.models import Document


def _set_status(documents, status, reason) -> int:
    """Save each document whose status changes (one by one, so each change enters the history)."""
    changed = 0
    with transaction.atomic():
        for document in documents:
            if document.status == status:
                continue
            document.status = status
            document._change_reason = reason
            document.save(update_fields=["status", "updated"])
            changed += 1
    return changed


def publish(documents) -> int:
    """Publish the given documents; returns how many were drafts."""
    return _set_status(documents, Document.Status.PUBLISHED, "published")


def unpublish(documents) -> int:
    """Return the given documents to draft (hidden from the public); returns how many changed."""
    return _set_status(documents, Document.Status.DRAFT, "returned to draft")
