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
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME


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


class ConflictRow:
    """One field where the editor's form and the saved object differ.

    `merged` is true where only the other editor changed the field: their value has been taken
    into the editor's form (so saving it again keeps both changes).
    """

    def __init__(self, label, yours, saved, merged=False):
        self.label = label
        self.yours = yours
        self.saved = saved
        self.merged = merged


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(VERSION_FIELD, self.instance.version)
        for name, field in self.fields.items():
            if name != VERSION_FIELD:
                field.show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        submitted = cleaned.get(VERSION_FIELD)
        if instance.pk is None or instance._state.adding:
            return cleaned
        reverting = hasattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME)  # an older version
        if not self.has_changed() and not reverting:
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
        current = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and current != submitted:
            self.conflict_saved_by = last_change(instance)
            self._merge_for_review(current)
            who = self.conflict_saved_by
            by = f" by {who.history_user}" if who and who.history_user else ""
            raise forms.ValidationError(
                "Not saved: this %(what)s was changed%(by)s after you opened it. "
                "Both versions are shown: yours is still in the form. Review the differences "
                "and save again to keep yours, or reload the page to take theirs.",
                code="edit_conflict",
                params={"what": instance._meta.verbose_name, "by": by},
            )
        instance.version = submitted  # the save is refused if it changes meanwhile
        return cleaned

    def _merge_for_review(self, current_version):
        """List the differences and turn the submitted data into the merge shown for review."""
        data = self.data.copy()
        rows = []
        mine_changed = set(self.changed_data)
        for name, field in self.fields.items():
            if name == VERSION_FIELD:
                continue
            bound = self[name]
            theirs = bound.initial  # the saved value: the form's instance is read fresh
            mine = bound.data
            base = self.data.get(self.add_initial_prefix(name))
            label = field.label or name
            if name in mine_changed:
                if field.has_changed(theirs, mine):
                    yours = self.cleaned_data.get(name, mine)
                    rows.append(ConflictRow(label, _shown(field, yours), _shown(field, theirs)))
            elif field.has_changed(theirs, base):
                yours = _python(field, base)  # unchanged by this editor: as first seen
                rows.append(
                    ConflictRow(label, _shown(field, yours), _shown(field, theirs), merged=True)
                )
                _put(data, self.add_prefix(name), field, theirs)
            _put(data, self.add_initial_prefix(name), field, theirs, hidden=True)
        data[self.add_prefix(VERSION_FIELD)] = str(current_version)
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


def _python(field, raw):
    try:
        return field.to_python(raw)
    except forms.ValidationError:
        return raw


def _put(data, key, field, value, hidden=False):
    """Write a Python value into submitted form data, as the widget would have posted it."""
    if isinstance(field.widget, forms.CheckboxInput) and not hidden:
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
        return
    prepared = field.prepare_value(value)
    if isinstance(prepared, list | tuple) and not isinstance(field, forms.JSONField):
        data.setlist(key, ["" if v is None else str(v) for v in prepared])
    else:
        data[key] = "" if prepared is None else str(prepared)


def _shown(field, value):
    """A value as an editor reads it: the label of a choice, the object of a foreign key."""
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return dict(_flat_choices(choices)).get(value, value)
    return "" if value is None else value


def _flat_choices(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield key, label


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
