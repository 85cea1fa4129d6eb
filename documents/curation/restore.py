"""Undo the deletion of a document: bring it back with everything deleted along with it.

When a document is deleted, django-simple-history records the last state of the document and of
every row deleted with it (sections, paragraphs, notes, note anchors, mentions,
cross-references, citations …), all with the same "deleted with its document (batch …)" reason
(see documents.curation.history). Restoring re-creates those rows with their old ids, so permalinks,
anchors and links are exactly as they were. A row is restored only if it belongs to the restored
document (it points at something restored) and everything it points at exists again; rows an
editor deleted on purpose before the document was deleted carry no batch reason and stay deleted.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from documents.curation import batching
from documents.curation.history import BATCH_PREFIX
from documents.models import Document, Footnote, Paragraph

RESTORED_REASON = "restored with its document"


class RestoreRefused(Exception):
    """The document cannot be restored; the message says why. Nothing was changed."""


@dataclass
class DeletedDocument:
    record: object  # the HistoricalDocument deletion record
    paragraphs: int = 0
    notes: int = 0

    @property
    def batch(self):
        reason = self.record.history_change_reason or ""
        return reason if reason.startswith(BATCH_PREFIX) else None


@dataclass
class RestoreSummary:
    document: Document
    restored: dict = field(default_factory=dict)  # verbose_name_plural → count
    skipped: list = field(default_factory=list)  # sentences

    def __str__(self):
        parts = ", ".join(f"{count} {name}" for name, count in self.restored.items() if count)
        text = f"Restored “{self.document}”" + (f" with {parts}" if parts else "")
        if self.skipped:
            text += f"; {len(self.skipped)} row(s) could not be restored"
        return text + "."


def deleted_documents() -> list[DeletedDocument]:
    """The documents that are deleted now, newest deletion first, with what would come back."""
    history = Document.history.model
    records = history.objects.filter(history_type="-").exclude(id__in=Document.objects.values("pk"))
    latest = {}
    for record in records.select_related("history_user").order_by("-history_date"):
        latest.setdefault(record.id, record)
    result = [DeletedDocument(record) for record in latest.values()]
    batches = {item.batch for item in result if item.batch}
    counts = {}
    for model, key in ((Paragraph, "paragraphs"), (Footnote, "notes")):
        rows = (
            model.history.model.objects.filter(history_type="-", history_change_reason__in=batches)
            .values("history_change_reason", "document_id")
            .annotate(n=models.Count("history_id"))
        )
        for row in rows:
            counts[(key, row["history_change_reason"], row["document_id"])] = row["n"]
    for item in result:
        item.paragraphs = counts.get(("paragraphs", item.batch, item.record.id), 0)
        item.notes = counts.get(("notes", item.batch, item.record.id), 0)
    return result


def _tracked_models():
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) and model is not Document
    ]


def _foreign_keys(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is not None
    ]


def _instance(record):
    """The row as it was, without the queries simple-history's `.instance` makes."""
    model = record.instance_type
    values = {f.attname: getattr(record, f.attname) for f in record.tracked_fields}
    return model(**values)


def restore_document(history_id) -> RestoreSummary:
    """Restore the document deleted in the given history record, with its rows; all or nothing."""
    history = Document.history.model
    record = history.objects.filter(history_id=history_id, history_type="-").first()
    if record is None:
        raise RestoreRefused("there is no such deletion in the history")
    if Document.objects.filter(pk=record.id).exists():
        raise RestoreRefused(f"“{record.title}” exists already; there is nothing to restore")
    if Document.objects.filter(slug=record.slug).exists():
        raise RestoreRefused(
            f"another document now has the address “{record.slug}”; change its slug first"
        )
    batch = record.history_change_reason or ""
    # What each restored row asks to bring up to date (a note's search terms) is done once,
    # at the end, in the same transaction (curation/batching.py).
    with transaction.atomic(), batching.batch():
        document = _instance(record)
        document._change_reason = "restored"
        document.save(force_insert=True)
        Document.objects.filter(pk=document.pk).update(created=record.created)  # not "now"
        summary = RestoreSummary(document)
        restored = defaultdict(set)
        restored[Document].add(document.pk)
        pending = []
        if batch.startswith(BATCH_PREFIX):
            for model in _tracked_models():
                pending.extend(
                    model.history.model.objects.filter(
                        history_type="-", history_change_reason=batch
                    ).order_by(model._meta.pk.attname, "-history_date")
                )
        live = _LiveRows(pending)
        progress = True
        while pending and progress:
            progress = False
            waiting = []
            for row in pending:
                verdict = _may_restore(row, restored, live)
                if verdict is True:
                    model = row.instance_type
                    pk = getattr(row, model._meta.pk.attname)
                    if pk in restored[model]:
                        continue  # an older deletion record of a row already restored
                    obj = _instance(row)
                    obj._change_reason = RESTORED_REASON
                    obj.save(force_insert=True)
                    restored[model].add(pk)
                    name = str(model._meta.verbose_name_plural)
                    summary.restored[name] = summary.restored.get(name, 0) + 1
                    progress = True
                elif verdict is None:
                    waiting.append(row)
            pending = waiting
        for row in pending:
            if _belongs(row, restored):
                summary.skipped.append(f"{row.instance_type._meta.verbose_name} {row}")
    return summary


class _LiveRows:
    """Which of the rows the rows to restore point at exist now: looked up before the first
    is restored, a query per model and batching.ROWS_PER_QUERY rows (a query per row took
    the paper's restore 209 queries)."""

    def __init__(self, rows):
        wanted = defaultdict(set)
        for row in rows:
            for f in _foreign_keys(row.instance_type):
                value = getattr(row, f.attname)
                if value is not None:
                    wanted[f.related_model].add(value)
        self.known = defaultdict(set)
        for model, pks in wanted.items():
            for chunk in batching.in_chunks(sorted(pks)):
                found = model._base_manager.filter(pk__in=chunk).values_list("pk", flat=True)
                self.known[model].update(found)

    def exists(self, model, pk):
        return pk in self.known[model]


def _belongs(row, restored) -> bool:
    return any(
        getattr(row, f.attname) in restored.get(f.related_model, ())
        for f in _foreign_keys(row.instance_type)
    )


def _may_restore(row, restored, live):
    """True: restore it now; None: it may become restorable later; False: not ours."""
    keys = _foreign_keys(row.instance_type)
    if not _belongs(row, restored):
        # It may point at a row restored later in this pass (an anchor before its note).
        return None
    for f in keys:
        value = getattr(row, f.attname)
        if value is None or value in restored.get(f.related_model, ()):
            continue
        if not live.exists(f.related_model, value):
            return None
    return True
