"""What a change makes stale, in one module: every save and deletion of curated data.

Two things are kept fresh:

- **The stored renders** (stored.py) of exactly the documents a change alters: each curated
  model says which documents show it (`depends_on`; citations adds its models from its
  AppConfig.ready), and their `render_key` is replaced in the same transaction as the change.
  The documents concerned are found through the database both before a save (where the row
  was: a mention moved to another passage) and after it (where it is now), and before a
  deletion (while its links still exist); for many rows in one go (a document deleted or
  restored with everything hanging on it: curation/batching.py), once for all of them, per
  model, rather than row by row. A document returned to draft loses its stored
  parts. After the commit, the changed published documents are rendered again at once
  (up to RENDER_ON_SAVE_MAX of them; any others on their next request).
- **The page cache** (pages.py): any save, deletion or many-to-many change of a model of a
  curated app replaces the collection version, at once and again after the commit (so that
  a page read while the change was not yet committed is not kept under the new version).

- **The collection's version** (curation/edition.py): a change that alters a published
  document (or publishes one, or returns one to draft) records a new version once committed,
  and the page cache moves on. Every published document shows it (“Cite this”), but the
  stored parts hold a placeholder filled in per request (stored.add_placeholder), so the
  documents the change does not alter keep their stored parts.

Signals cover save(), delete() (Django sends them for every row a cascade deletes),
many-to-many changes, django-simple-history's revert (an ordinary save) and
documents.curation.restore (ordinary saves). QuerySet.update(), bulk_create and bulk_update
send none: the code that uses them (the importer, the collection loader and its curation
steps) calls `documents_changed` when it is done.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from documents.caching import pages, stored
from documents.curation import batching, edition
from documents.models import (
    Actor,
    ActorAlias,
    CollectionVersion,
    CrossReference,
    Document,
    Event,
    Footnote,
    FootnoteRef,
    Mention,
    NameForm,
    Paragraph,
    RenderedPart,
    Section,
)

# model -> documents_of(pks): querysets of the ids of the documents that show those rows
DocumentsOf = Callable[[list[int]], list[models.QuerySet]]
_dependencies: dict[type[models.Model], list[DocumentsOf]] = {}
CURATED_APPS = {"documents", "citations"}
NOT_CURATED = {RenderedPart, CollectionVersion}  # (the renders; the versions, recorded below)


def depends_on(model: type[models.Model], documents_of: DocumentsOf) -> None:
    """Declare that documents show `model`'s rows: `documents_of(pks)` gives querysets of
    the ids of those that show any of the rows `pks` (e.g.
    Paragraph.objects.filter(mentions__in=pks).values("document")). Several apps may declare
    documents for one model (citations adds to Document's)."""
    _dependencies.setdefault(model, []).append(documents_of)


def _mentioning(**lookup) -> list[models.QuerySet]:
    return [
        Paragraph.objects.filter(**{f"mentions__{k}": v for k, v in lookup.items()}).values(
            "document"
        ),
        Footnote.objects.filter(**{f"mentions__{k}": v for k, v in lookup.items()}).values(
            "document"
        ),
    ]


# A document shows its own rows; a margin note shows the other text's name and ¶ number; the
# mentions' actors and events appear (name, address, other names) in the body and metadata.
depends_on(
    Document,
    lambda pks: [
        Document.objects.filter(pk__in=pks).values("pk"),
        Paragraph.objects.filter(xrefs_out__target__document__in=pks).values("document"),
        Paragraph.objects.filter(xrefs_in__source__document__in=pks).values("document"),
    ],
)
depends_on(Section, lambda pks: [Section.objects.filter(pk__in=pks).values("document")])
depends_on(
    Paragraph,
    lambda pks: [
        Paragraph.objects.filter(pk__in=pks).values("document"),
        Paragraph.objects.filter(xrefs_out__target__in=pks).values("document"),
        Paragraph.objects.filter(xrefs_in__source__in=pks).values("document"),
    ],
)
depends_on(Footnote, lambda pks: [Footnote.objects.filter(pk__in=pks).values("document")])
depends_on(
    FootnoteRef, lambda pks: [Paragraph.objects.filter(note_refs__in=pks).values("document")]
)
depends_on(Actor, lambda pks: _mentioning(actor__in=pks))
depends_on(ActorAlias, lambda pks: _mentioning(actor__aliases__in=pks))
# An actor's name forms are written in the TEI's register (persName with xml:lang).
depends_on(NameForm, lambda pks: _mentioning(actor__name_forms__in=pks))
depends_on(Event, lambda pks: _mentioning(event__in=pks))
depends_on(
    Mention,
    lambda pks: [
        Paragraph.objects.filter(mentions__in=pks).values("document"),
        Footnote.objects.filter(mentions__in=pks).values("document"),
    ],
)
depends_on(
    CrossReference,
    lambda pks: [
        Paragraph.objects.filter(xrefs_out__in=pks).values("document"),
        Paragraph.objects.filter(xrefs_in__in=pks).values("document"),
    ],
)


def affected_status(model, pks: Iterable[int | None]) -> dict[int, bool]:
    """The documents that show rows `pks` of `model`, each with whether it is published."""
    resolvers = _dependencies.get(model)
    pks = [pk for pk in pks if pk is not None]
    if not resolvers or not pks:
        return {}
    shown = {}
    for chunk in batching.in_chunks(pks):
        query = models.Q(pk__in=[])
        for documents_of in resolvers:
            for ids in documents_of(chunk):
                query |= models.Q(pk__in=ids)
        rows = Document.objects.filter(query).values_list("pk", "status")
        shown.update({pk: status == Document.Status.PUBLISHED for pk, status in rows})
    return shown


def documents_changed(ids: Iterable[int], *, public: bool | None = None) -> None:
    """The stored renders of these documents are stale: replace their keys (now, in the
    caller's transaction) and render them again after the commit; and the page cache moves
    to a new version. When the change is `public` (it alters a document that is or was
    published; None: ask the database), a new collection version is recorded after the commit."""
    ids = set(ids)
    if ids:
        if public is None:
            public = Document.objects.published().filter(pk__in=ids).exists()
        if public:
            _new_version_after_commit()
        Document.objects.filter(pk__in=ids).update(render_key=uuid.uuid4())
        _render_after_commit(ids)
    collection_changed()


def _new_version_after_commit() -> None:
    """One new collection version per committed transaction that changed what the public
    sees. Every published document shows it, but its stored parts carry a placeholder that
    is given the version of the moment when served (stored.add_placeholder): only the
    documents the change alters are rendered again."""
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault("_collection_version_changes", [0])
    pending[0] += 1

    def new_version():
        if not pending[0]:
            return  # an earlier callback of this transaction recorded it
        pending[0] = 0
        edition.record()
        pages.bump_collection_version()

    transaction.on_commit(new_version, robust=True)


def collection_changed() -> None:
    """Move the page cache on: at once (for what this process reads before the commit; only
    if it has cached a page since its last move) and once after the commit (for everyone),
    however many rows the transaction changes. (Also with PAGE_CACHE off here: another
    process may have it on.)"""
    pages.bump_collection_version(only_if_filled=True)
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault("_page_cache_moves", [0])
    pending[0] += 1

    def bump():
        if pending[0]:
            pending[0] = 0
            pages.bump_collection_version()

    transaction.on_commit(bump, robust=True)  # the first to run moves it, the others see 0


def _render_after_commit(ids: set[int]) -> None:
    """One render per changed document after the commit, however many rows changed: the
    first callback to run takes every document waiting (left over after a rollback too: a
    render reads what is committed, so rendering one more is only a little work)."""
    connection = transaction.get_connection()
    waiting = connection.__dict__.setdefault("_documents_to_render", set())
    waiting |= ids

    def render():
        todo = set(waiting)
        waiting.clear()
        if not todo:  # an earlier callback of this transaction took them (one per row changed)
            return
        published = Document.objects.published().filter(pk__in=todo).order_by("pk")
        for document in published[: settings.RENDER_ON_SAVE_MAX]:
            stored.render_parts(document)

    transaction.on_commit(render, robust=True)  # (at once outside a transaction)


# -- the signals --------------------------------------------------------------------------------


def _curated(sender) -> bool:
    # (django-simple-history's historical rows come with the change they record.)
    return (
        sender._meta.app_label in CURATED_APPS
        and sender not in NOT_CURATED
        and not hasattr(sender, "instance_type")
    )


def before_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or sender not in _dependencies:
        return
    instance._documents_before_save = affected_status(sender, [instance.pk])


def after_save(sender, instance, raw=False, **kwargs):
    if not _curated(sender):
        return
    before = instance.__dict__.pop("_documents_before_save", {})
    if sender is Document and not instance.is_published:
        # Never kept for a draft, even under a key no one will ask for again.
        RenderedPart.objects.filter(document=instance).delete()
    # Many rows saved in one go (a document restored with its paragraphs, notes and what hangs
    # on them, curation/batching.py): which documents show them is looked up once they are all
    # written, per model, instead of after each.
    saved = (sender, instance.pk, tuple(before.items()))
    if not batching.defer("invalidation.saved", _saved_together, [saved]):
        _saved_together([saved])


def _saved_together(saved: Iterable[tuple]) -> None:
    """Rows saved: [(model, pk, documents that showed the row before, as (id, published))].
    Public when a document that shows a row was published before its save (a change to it, or
    its return to draft) or is after it (a change, or its publication)."""
    shown_in: dict[int, bool] = {}
    by_model: dict[type[models.Model], list[int]] = {}
    for model, pk, before in saved:
        by_model.setdefault(model, []).append(pk)
        for document, published in before:
            shown_in[document] = shown_in.get(document, False) or published
    for model, pks in by_model.items():
        for document, published in affected_status(model, pks).items():
            shown_in[document] = shown_in.get(document, False) or published
    documents_changed(shown_in, public=any(shown_in.values()))


def before_delete(sender, instance, **kwargs):
    if _curated(sender) and not batching.announced(sender, instance.pk):
        shown_in = affected_status(sender, [instance.pk])
        documents_changed(shown_in, public=any(shown_in.values()))


def before_deleting(sender, rows, **kwargs):
    """A deletion of many rows at once (a document with its paragraphs, notes and what hangs
    on them): which documents show them, found per model in a few queries rather than a few
    per row (curation/batching.py `deleting`)."""
    shown_in: dict[int, bool] = {}
    for model, instances in rows.items():
        if _curated(model):
            shown_in.update(affected_status(model, [row.pk for row in instances]))
    documents_changed(shown_in, public=any(shown_in.values()))


def after_delete(sender, instance, **kwargs):
    if _curated(sender):
        collection_changed()


def relation_changed(sender, instance, action, **kwargs):
    # No stored render shows a many-to-many relation (an event's actors): pages only.
    if action.startswith("post_") and _curated(type(instance)):
        collection_changed()


def after_migrate(**kwargs) -> None:
    collection_changed()
    edition.forget()  # (a migration may write versions: 0013 starts a published collection)


def connect() -> None:
    """Connect the receivers to every curated model (by sender: other models keep Django's
    fast deletes)."""
    from django.apps import apps

    uid = "documents.caching.invalidation"
    batching.about_to_delete.connect(before_deleting, dispatch_uid=uid)
    for model in apps.get_models(include_auto_created=True):
        if not _curated(model):
            continue
        if model._meta.auto_created:  # a many-to-many table
            m2m_changed.connect(relation_changed, sender=model, dispatch_uid=uid)
            continue
        pre_save.connect(before_save, sender=model, dispatch_uid=uid)
        post_save.connect(after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(after_delete, sender=model, dispatch_uid=uid)
