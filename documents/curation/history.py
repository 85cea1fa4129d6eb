"""Revision history of curated content, kept by django-simple-history.

`CurationHistory` is simple-history's `HistoricalRecords` with three additions:

* **A baseline before the first edit.** Rows written in bulk (the importer, the collection
  loader) have no history of their own. Before such a row is first saved, its state as stored is
  recorded, so the very first edit can be seen as a diff and undone.
* **Deletions grouped by document.** When a document is deleted, every row deleted with it
  (sections, paragraphs, notes, anchors, mentions, cross-references, citations) is recorded with
  the same "deleted with its document (batch …)" reason; `documents.curation.restore` uses it to bring the
  document back whole without also resurrecting rows that an editor had deleted on purpose.
* **Longer change reasons** (a text column), so a reason can say what needs checking.
* **The records of a large deletion or restore written together.** Within a batch (a
  document deleted or restored: documents.curation.batching), each row's deletion or creation
  record is made as simple-history makes it and written when the batch ends, a few hundred to
  an INSERT, instead of one INSERT a row (the paper's 780 rows). A batch that fails writes
  none: the transaction rolls back anyway.

`DiffContextHelper` renders a change to a long text as a word diff (deleted words struck, added
words marked) instead of two truncated strings.
"""

import contextvars
import difflib
import itertools
import re
import uuid
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.core.signals import request_started
from django.db import models
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.template_utils import HistoricalRecordContextHelper

from documents.curation import batching

BASELINE_REASON = "state before the first recorded change"
BATCH_PREFIX = "deleted with its document (batch "

# (token, number of documents whose deletion is in progress) or None
_deletion_batch: contextvars.ContextVar = contextvars.ContextVar("deletion_batch", default=None)


def _reset_deletion_batch(**kwargs):
    """A deletion that failed half-way must not tag the next request's deletions."""
    _deletion_batch.set(None)


request_started.connect(
    _reset_deletion_batch, dispatch_uid="documents.curation.history.reset_batch"
)


def batch_reason(token: str) -> str:
    return f"{BATCH_PREFIX}{token})"


def _history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


class CurationHistory(HistoricalRecords):
    """HistoricalRecords with a baseline before the first edit and deletions grouped by document."""

    def __init__(self, *args, opens_deletion_batch=False, **kwargs):
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(*args, **kwargs)
        self.opens_deletion_batch = opens_deletion_batch

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        # Historical models live in "<app>.models" (importable, e.g. by `manage.py shell`) even
        # when the model itself is defined in a submodule of a models package.
        self.module = f"{cls._meta.app_label}.models"

    def finalize(self, sender, **kwargs):
        already = hasattr(sender._meta, "simple_history_manager_attribute")
        super().finalize(sender, **kwargs)
        if not already and getattr(sender._meta, "simple_history_manager_attribute", None):
            models.signals.pre_save.connect(self.record_baseline, sender=sender, weak=False)
            made = sender.__dict__[self.manager_name]
            setattr(sender, self.manager_name, _HistoryDescriptor(made))

    # -- a baseline for rows that were created without history (bulk_create) --------------------

    def record_baseline(self, sender, instance, raw=False, **kwargs):
        if raw or instance._state.adding or instance.pk is None or not _history_enabled():
            return
        if hasattr(instance, "skip_history_when_saving"):
            return
        history = getattr(sender, self.manager_name)
        pk_name = sender._meta.pk.attname
        if _waiting(history.model, kwargs.get("using"), instance.pk):
            return  # its record is made, to be written when the batch ends
        if history.filter(**{pk_name: instance.pk}).exists():
            return
        stored = sender._base_manager.filter(pk=instance.pk).first()
        if stored is None:
            return
        stored._history_date = timezone.now() - timedelta(milliseconds=1)
        stored._history_user = None  # who wrote it is not known
        stored._change_reason = BASELINE_REASON
        self.create_historical_record(stored, "+")

    # -- deletions grouped by document -----------------------------------------------------------

    def pre_delete(self, instance, **kwargs):
        super().pre_delete(instance, **kwargs)
        if self.opens_deletion_batch and _history_enabled():
            batch = _deletion_batch.get()
            if batch is None:
                _deletion_batch.set((uuid.uuid4().hex[:12], 1))
            else:
                _deletion_batch.set((batch[0], batch[1] + 1))

    def post_delete(self, instance, using=None, **kwargs):
        try:
            super().post_delete(instance, using=using, **kwargs)
        finally:
            batch = _deletion_batch.get()
            if self.opens_deletion_batch and batch is not None:
                _deletion_batch.set(None if batch[1] <= 1 else (batch[0], batch[1] - 1))

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        batch = _deletion_batch.get()
        if history_type == "-" and batch is not None and not reason:
            return batch_reason(batch[0])
        return reason


class _HistoryDescriptor(HistoryDescriptor):
    """`Model.history` with its manager class made once. simple-history's descriptor makes
    the class anew on every access (Manager.from_queryset, which walks the queryset class's
    members: ~0.6 ms), and every record it writes reads `instance.history` once: a paper's
    780 rows deleted or restored spent half a second there."""

    def __init__(self, made: HistoryDescriptor):
        super().__init__(made.model, manager=made.manager_class, queryset=made.queryset_class)
        self.manager = self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance, owner):
        return self.manager(self.model, instance)


_made = itertools.count()  # the order records were made in
WRITTEN_TOGETHER = ("+", "-")  # a row created (restored) or deleted


class _Record:
    """A record waiting for its batch's end (hashable by identity: it has no id yet)."""

    def __init__(self, record, using):
        self.record, self.using, self.order = record, using, next(_made)


def _key(history_model, using) -> tuple:
    return ("history records", history_model, using)


def _waiting(history_model, using, pk) -> bool:
    """Whether a record of this row is made and waits for the batch's end."""
    pk_name = history_model.instance_type._meta.pk.attname
    return any(
        getattr(item.record, pk_name) == pk
        for item in batching.collected(_key(history_model, using or "default"))
    )


def _write_later(sender, history_instance, **kwargs):
    """simple-history's create_historical_record saves the record it made right after sending
    this: for a creation or deletion record made within a batch, that save hands the record to
    the batch instead. Not a change ("~": an edit is recorded as it happens), nor a record
    that tracks many-to-many fields (its rows need the record's id at once)."""
    if (
        history_instance.history_type not in WRITTEN_TOGETHER
        or not batching.is_open()
        or history_instance._history_m2m_fields
    ):
        return

    def deferred_save(*args, using=None, **kwargs):
        record = _Record(history_instance, using)
        batching.defer(_key(sender, using or "default"), _write, [record])

    history_instance.save = deferred_save


def _write(records) -> None:
    """The records of one historical model (and database), in the order they were made, a few
    hundred to an INSERT."""
    records = sorted(records, key=lambda item: item.order)
    model = type(records[0].record)
    model.objects.using(records[0].using).bulk_create(
        [item.record for item in records], batch_size=500
    )


pre_create_historical_record.connect(
    _write_later, dispatch_uid="documents.curation.history.write_later"
)


# -- diffs an editor can read -----------------------------------------------------------------

_TOKENS = re.compile(r"\s+|\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
_CONTEXT = 8  # unchanged words kept on each side of a change


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def word_tokens(text: str) -> list[str]:
    """Words, spaces and punctuation, in order: what word diffs and merges compare."""
    return _tokens(text)


def word_diff(old: str, new: str) -> tuple[str, str]:
    """Two HTML strings: the old text with removed words in <del>, the new with added in <ins>.

    Long unchanged stretches are shortened to “…” so that the change itself is visible.
    """
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    old_parts, new_parts = [], []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = _shorten(a[i1:i2], first=index == 0, last=index == len(opcodes) - 1)
            old_parts.append(same)
            new_parts.append(same)
            continue
        if i2 > i1:
            old_parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # parts are escaped


def _shorten(tokens: list[str], *, first: bool, last: bool) -> str:
    words = [index for index, token in enumerate(tokens) if not token.isspace()]
    keep = _CONTEXT * 2 + 1
    if len(words) <= keep:
        return conditional_escape("".join(tokens))
    head = [] if first else tokens[: words[_CONTEXT] if _CONTEXT < len(words) else len(tokens)]
    tail = [] if last else tokens[words[-_CONTEXT] :]
    return conditional_escape("".join(head)) + "… " + conditional_escape("".join(tail))


class DiffContextHelper(HistoricalRecordContextHelper):
    """Show changes to text fields as word diffs; other fields as simple-history does."""

    def format_delta_change(self, change):
        field = self.model._meta.get_field(change.field)
        if field.choices:
            labels = dict(field.flatchoices)
            return replace(
                change,
                field=capfirst(field.verbose_name),
                old=labels.get(change.old, change.old),
                new=labels.get(change.new, change.new),
            )
        if isinstance(field, models.TextField | models.CharField):
            old, new = word_diff(str(change.old or ""), str(change.new or ""))
            return replace(change, field=capfirst(field.verbose_name), old=old, new=new)
        return super().format_delta_change(change)
