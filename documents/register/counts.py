"""How many mentions of each actor and event the texts a visitor may see hold (the register's
and the timeline's “12 mentions”, “3 passages”): over the whole corpus, so computed once per
collection version for the public (caching/memo.py), live for staff, who see drafts too."""

from __future__ import annotations

from django.db.models import Count

from documents.caching import memo
from documents.models import Document, Mention


def _counted(documents) -> dict[str, dict[int, int]]:
    """{"actor": {id: mentions}, "event": {id: mentions}} in `documents`: two grouped
    queries (a mention stands in a paragraph or in a note, never both)."""
    counts: dict[str, dict[int, int]] = {"actor": {}, "event": {}}
    for via in ("paragraph", "footnote"):
        rows = (
            Mention.objects.filter(**{f"{via}__document__in": documents})
            .values_list("actor", "event")
            .annotate(mentions=Count("pk"))
            .order_by()
        )
        for actor, event, mentions in rows:
            kind, pk = ("actor", actor) if actor is not None else ("event", event)
            counts[kind][pk] = counts[kind].get(pk, 0) + mentions
    return counts


def mention_counts(user) -> dict[str, dict[int, int]]:
    """The mentions of each actor and event in the documents `user` may see."""
    if user is not None and user.is_active and user.is_staff:
        return _counted(Document.objects.visible_to(user).values("pk"))
    return memo.per_version(
        "mention-counts", lambda: _counted(Document.objects.published().values("pk"))
    )
