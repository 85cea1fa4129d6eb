"""Optimistic locking: an edit made on a stale copy of an object is refused, never silently applied.

Every versioned row carries a `version` number that each save increments. A form remembers the
version it was opened on (a hidden field) and the values the editor first saw (Django's hidden
initial values). When the editor saves a form in which they changed something and someone else
has saved the object since, the save is refused and both versions are shown; untouched inline
rows are never saved, so two editors working on different paragraphs of one document do not
conflict. The save itself is a conditional UPDATE (`WHERE version = <the one the editor saw>`),
so two saves racing past the form check still cannot both win.
"""

from django import forms
from django.db import models, router, transaction
from django.db.models import F
from django.forms.models import model_to_dict
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from documents.curation import text_merge
from documents.curation.conflicts import (
    ConflictRow,
    clean_value,
    data_keys,
    is_text,
    put_value,
    python_value,
    shown,
    unprefixed,
)


class EditConflict(Exception):
    """The row was changed by someone else after this copy of it was read."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(
            f"{instance._meta.verbose_name} “{instance}” was changed by someone else since it "
            "was opened; nothing was saved"
        )


class Versioned(models.Model):
    """Abstract mixin: a version number that every save increments, refusing stale copies."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Incremented by every save; a save made on an older version is refused.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        # One transaction: a save refused after the version moved (a value of the wrong
        # shape, a constraint) leaves the version as it was.
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(type(self))):
            rows = type(self)._base_manager.filter(pk=self.pk, version=self.version)
            if rows.update(version=F("version") + 1):
                self.version += 1  # what the save below writes
                try:
                    return super().save(*args, **kwargs)
                except BaseException:
                    self.version -= 1
                    raise
            if type(self)._base_manager.filter(pk=self.pk).exists():
                raise EditConflict(self)
            # the row is gone (a restore re-creates it): save as usual
            return super().save(*args, **kwargs)


class VersionField(forms.IntegerField):
    """The version a form was opened on. Never counts as a change made by the editor."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


# How the editor resolves a conflict, posted from the conflict screen (raw keys, not form fields:
# the screen writes them inside the form, after its prefix).
PENDING, RESOLUTION, MINE = "conflict_version", "conflict_resolution", "conflict_mine-"
RESOLUTIONS = {
    "merge": "Save what is in the form: the merge (check it, edit it as you like)",
    "theirs": "Keep theirs: drop my changes to this %(what)s",
    "mine": "Keep mine: put my version back over theirs",
}


VERSION_FIELD = "base_version"  # a form field, not the model's (non-editable) `version`


class VersionedFormMixin:
    """For ModelForms of Versioned models: refuse a changed form opened on an older version.

    Use `versioned_form(FormClass)`, which also declares the hidden `base_version` field. Every
    field carries its value as the editor first saw it (Django's hidden initial), so "changed"
    means changed by this editor, not by someone else meanwhile.

    On a conflict the form is invalid with a clear message and `conflict_rows` lists the
    differences. The form shown again is a merge: the editor's own changes are kept, fields only
    the other editor changed take the saved value, and the hidden version moves to the current
    one, so saving again (after reviewing) is deliberate and loses nothing of the other's work.
    """

    conflict_rows: list[ConflictRow] | None = None
    conflict_saved_by = None
    conflict_pending = None  # the version a conflict shown to the editor was resolved against
    conflict_mine: dict[str, list[str]] = {}  # the editor's own values of the fields both changed
    resolution = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(VERSION_FIELD, self.instance.version)
        for name, field in self.fields.items():
            if name != VERSION_FIELD:
                field.show_hidden_initial = True
        if self.is_bound and self.data.get(self.add_prefix(PENDING)):
            self.conflict_pending = self.data.get(self.add_prefix(PENDING))
            self.resolution = self.data.get(self.add_prefix(RESOLUTION), "")
            if self.resolution == "mine":  # the editor's own values back in the form
                data = self.data.copy()
                start = self.add_prefix(MINE)
                for key in self.data:
                    if key.startswith(start):
                        data.setlist(self.add_prefix(key[len(start) :]), self.data.getlist(key))
                self.data = data

    @property
    def changed_data(self):
        if self.resolution == "theirs" and self.conflict_pending:
            return []  # the editor chose the saved version: nothing of theirs to write
        return super().changed_data

    def _save_m2m(self):
        if self.resolution == "theirs" and self.conflict_pending:
            return
        super()._save_m2m()

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        submitted = cleaned.get(VERSION_FIELD)
        if instance.pk is None or instance._state.adding:
            return cleaned
        reverting = hasattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME)  # an older version
        if not self.conflict_pending and not self.has_changed() and not reverting:
            return cleaned  # nothing of the editor's would be written: nothing to refuse
        if submitted is None:
            # Without the version it was opened on, a save could overwrite anything saved
            # since: refuse it rather than guess (a page from before locking, a hand-made POST).
            raise forms.ValidationError(
                "Not saved: the form did not say which version of this %(what)s you opened, "
                "so your change could overwrite someone else's. Copy your text, reload the "
                "page and make your change again.",
                code="no_base_version",
                params={"what": instance._meta.verbose_name},
            )
        saved = type(instance)._base_manager.filter(pk=instance.pk).first()
        current = saved.version if saved is not None else None
        if saved is not None and saved.version != instance.version:
            # Saved after this form read the object (a save racing this request): the other
            # editor's values are the ones just read, not the form's initial ones.
            self._take_initial_from(saved)
        if self.conflict_pending and current is not None and str(current) == self.conflict_pending:
            # Saved from the conflict screen, and nobody saved since it was shown.
            self._check_resolution(cleaned, current)
            instance.version = current
            return cleaned
        if current is not None and current != submitted:
            self.conflict_saved_by = last_change(instance)
            self._merge_for_review(current, remerge=True)
            who = self.conflict_saved_by
            by = f" by {who.history_user}" if who and who.history_user else ""
            raise forms.ValidationError(
                "Not saved: this %(what)s was changed%(by)s after you opened it. "
                "Both changes are shown: yours is still in the form. Review the differences, "
                "choose how to resolve them where you both changed the same field, and save "
                "again.",
                code="edit_conflict",
                params={"what": instance._meta.verbose_name, "by": by},
            )
        instance.version = submitted  # the save is refused if it changes meanwhile
        return cleaned

    def _take_initial_from(self, saved):
        self.initial.update(model_to_dict(saved, self._meta.fields, self._meta.exclude))
        own = getattr(super(), "initial_from_instance", None)  # a form's own fields (EventForm)
        if own is not None:
            self.initial.update(own(saved))
        self._bound_fields_cache.clear()

    def _check_resolution(self, cleaned, current):
        """A form saved from the conflict screen must say how the conflict is resolved."""
        what = self.instance._meta.verbose_name
        error = None
        if self.resolution not in RESOLUTIONS:
            error = forms.ValidationError(
                "Not saved: this %(what)s was changed by someone else after you opened it, and "
                "you have not said how to resolve the conflict. Choose “keep theirs”, “keep "
                "mine” or “save the merge” above the form, then save.",
                code="conflict_unresolved",
                params={"what": what},
            )
        elif self.resolution == "merge":
            for name, field in self.fields.items():
                value = cleaned.get(name)
                if isinstance(value, str) and text_merge.has_marks(value):
                    error = forms.ValidationError(
                        "Not saved: “%(field)s” still holds a place marked ⟦yours: … ‖ theirs: "
                        "…⟧, where you and the other editor changed the same words. Keep one "
                        "of the two (or write a third), delete the marks, then save.",
                        code="conflict_marks",
                        params={"field": field.label or name},
                    )
                    break
        if error is not None:
            self.conflict_saved_by = last_change(self.instance)
            self._merge_for_review(current, remerge=False)  # the screen again, the form as is
            raise error

    def _mine(self, bound):
        """The editor's own value of a field: as first submitted when the form comes back
        from the conflict screen (kept in hidden inputs), else as submitted now."""
        keys = data_keys(bound)
        hidden = [self.add_prefix(MINE) + unprefixed(self, key) for key in keys]
        if not all(key in self.data for key in hidden):
            return bound.data, {key: self.data.getlist(key) for key in keys}
        view = self.data.copy()
        for key, kept in zip(keys, hidden, strict=True):
            view.setlist(key, self.data.getlist(kept))
        value = bound.field.widget.value_from_datadict(view, self.files, bound.html_name)
        return value, {key: view.getlist(key) for key in keys}

    def _merge_for_review(self, current_version, remerge):
        """List the differences and turn the submitted data into the merge shown for review:
        fields only the other editor changed take their value, a text both changed the
        three-way merge of the two, any other field both changed the editor's value.

        Where both changed a field, the form keeps the version it was opened on (the base of
        the diffs) and remembers the one shown (`conflict_pending`): saving it again needs a
        choice. Otherwise the form moves to the saved version, and saving again loses nothing.
        """
        data = self.data.copy()
        rows, self.conflict_mine = [], {}
        for name, field in self.fields.items():
            if name == VERSION_FIELD:
                continue
            bound = self[name]
            theirs = bound.initial  # the saved value: the form's instance is read fresh
            mine, mine_raw = self._mine(bound)
            base = self.data.get(self.add_initial_prefix(name))
            label = field.label or name
            if field.has_changed(python_value(field, base), mine):
                if field.has_changed(theirs, mine):
                    yours = clean_value(field, mine)
                    row = ConflictRow(
                        label,
                        shown(field, yours),
                        shown(field, theirs),
                        base=python_value(field, base) if is_text(field) else None,
                        field_id=bound.id_for_label,
                    )
                    rows.append(row)
                    if not field.has_changed(theirs, base):
                        row.their_change = None  # only this editor changed it: nothing to choose
                        continue
                    self.conflict_mine.update(
                        {unprefixed(self, key): values for key, values in mine_raw.items()}
                    )
                    if row.your_change is not None:
                        merge = text_merge.merge_texts(
                            python_value(field, base) or "", theirs or "", yours or ""
                        )
                        row.clean = merge.clean
                        if remerge:
                            data[self.add_prefix(name)] = merge.text
            elif field.has_changed(theirs, base):
                yours = python_value(field, base)  # unchanged by this editor: as first seen
                rows.append(
                    ConflictRow(label, shown(field, yours), shown(field, theirs), merged=True)
                )
                put_value(data, self.add_prefix(name), field, theirs)
        if self.conflict_mine:
            self.conflict_pending = str(current_version)
        else:
            self.conflict_pending = None
            for name, field in self.fields.items():
                if name != VERSION_FIELD:
                    put_value(data, self.add_initial_prefix(name), field, self[name].initial, True)
            data[self.add_prefix(VERSION_FIELD)] = str(current_version)
        if remerge:
            data.pop(self.add_prefix(RESOLUTION), None)
            self.resolution = ""
        self.data = data
        self.conflict_rows = rows

    def _post_clean(self):
        # An inline row the editor did not touch is not saved, so it need not be validated
        # against the database either (that costs a query per foreign key per row). After a
        # conflict the object keeps its saved values, so the page names it as it is saved.
        if self.conflict_rows is not None:
            return
        if self.instance.pk is not None and not self.has_changed():
            return
        super()._post_clean()


def last_change(instance):
    """The newest history record of `instance` (who saved it last, and when), or None."""
    history = getattr(type(instance), "history", None)
    if history is None:
        return None
    return (
        history.filter(**{instance._meta.pk.attname: instance.pk})
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )


def versioned_form(form_class):
    """`form_class` with optimistic locking (for a ModelForm of a Versioned model)."""
    if issubclass(form_class, VersionedFormMixin):
        return form_class
    return type(
        f"Versioned{form_class.__name__}",
        (VersionedFormMixin, form_class),
        {VERSION_FIELD: VersionField(required=False)},
    )
