"""What every curation page in the admin shares: history with diffs and revert, optimistic locking,
warnings about anchors to check, and form fields that keep a long page's queries bounded.

`CuratedAdmin` is simple-history's `SimpleHistoryAdmin` plus:

* a change to a text field is shown on the history page as a word diff;
* forms of versioned models refuse a save made on a stale copy, showing both versions
  (documents.curation.locking); a save that loses a race is refused too, with a message;
* an unchanged main form is not saved again (so editing one paragraph inline does not make the
  document itself conflict with a colleague's edit of another paragraph);
* after a save, what the anchoring code could not carry over with certainty is listed as warnings.
"""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator
from django.shortcuts import redirect
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from documents.curation.batching import deleting
from documents.curation.deletion import deleted_objects
from documents.curation.history import BASELINE_REASON, DiffContextHelper
from documents.curation.locking import (
    MINE,
    PENDING,
    RESOLUTION,
    RESOLUTIONS,
    EditConflict,
    Versioned,
    versioned_form,
)
from documents.curation.save_checks import plain_errors


class PreloadedChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.preloaded().values():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.preloaded()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.preloaded())


class PreloadedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that reads its queryset once for all the forms of a formset.

    Django's field queries once per form (to render its options, and again to validate the
    submitted value); on a document page with a hundred inline rows that is a hundred queries.
    Copies of this field (one per form) share one cache.
    """

    iterator = PreloadedChoiceIterator

    def __init__(self, queryset, *args, cache=None, **kwargs):
        self._cache = cache if cache is not None else {}
        super().__init__(queryset, *args, **kwargs)

    def preloaded(self):
        if "objects" not in self._cache:
            self._cache["objects"] = {str(obj.pk): obj for obj in self.queryset}
        return self._cache["objects"]

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._cache = self._cache
        return result

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.pk
        try:
            return self.preloaded()[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class PreloadedInlineFormSet(BaseInlineFormSet):
    """Inline rows whose hidden id field looks objects up in the formset's own (single) query."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields.get(name)
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
            field, PreloadedModelChoiceField
        ):
            if not hasattr(self, "_pk_cache"):
                self._pk_cache = {"objects": {str(obj.pk): obj for obj in self.get_queryset()}}
            form.fields[name] = PreloadedModelChoiceField(
                field.queryset,
                cache=self._pk_cache,
                initial=field.initial,
                required=False,
                widget=field.widget,
            )


class DiffHistoryMixin:
    """History pages with word diffs, and edit conflicts handled on revert too."""

    object_history_template = "admin/curation/object_history.html"
    object_history_list_template = "admin/curation/object_history_list.html"
    object_history_form_template = "admin/curation/object_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return DiffContextHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        context = {"baseline_reason": BASELINE_REASON, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = self.model.history
        pk_name = self.model._meta.pk.attname
        record = history.filter(**{pk_name: object_id, "history_id": version_id}).first()
        latest = history.filter(**{pk_name: object_id}).order_by("-history_date").first()
        context = dict(extra_context or {})
        if record is not None and latest is not None and record.pk != latest.pk:
            delta = record.diff_against(latest, foreign_keys_are_objs=True)  # current → this
            helper = self.get_historical_record_context_helper(request, record)
            context["revert_changes"] = helper.context_for_delta_changes(delta)
            context["revert_record"] = record
        try:
            return super().history_form_view(request, object_id, version_id, context)
        except EditConflict as conflict:
            self.message_user(
                request,
                f"{conflict}. Look at the newest version in the history before reverting.",
                messages.ERROR,
            )
            return redirect(request.path)


class CuratedAdmin(DiffHistoryMixin, SimpleHistoryAdmin):
    """Base admin for curated content: see the module docstring."""

    change_form_template = "admin/curation/change_form.html"
    save_as = False
    history_list_per_page = 50

    @property
    def is_versioned(self):
        return issubclass(self.model, Versioned)

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if self.is_versioned:
            self.form = versioned_form(self.form)
        self.form = plain_errors(self.form)  # constraint errors in editors' words

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self.is_versioned and "base_version" not in fields:
            fields.append("base_version")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.is_versioned:
            return fieldsets
        names = {name for _, options in fieldsets for name in _flatten(options["fields"])}
        if "base_version" in names:
            return fieldsets
        name, options = fieldsets[0]
        return [(name, {**options, "fields": [*options["fields"], "base_version"]})] + list(
            fieldsets[1:]
        )

    def save_model(self, request, obj, form, change):
        reverting = hasattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME)  # built from an old version
        if change and not form.has_changed() and not reverting:
            return  # nothing to write; saving would only bump the version
        if reverting:
            obj._change_reason = f"restored the version of {_when(obj)}"
        super().save_model(request, obj, form, change)
        self._warn_anchor_problems(request, [obj])

    def get_deleted_objects(self, objs, request):
        # Named a few a kind and counted, not one by one (documents/curation/deletion.py).
        return deleted_objects(objs, request, self.admin_site)

    def delete_model(self, request, obj):
        # What the deletion makes stale, looked up for every row it takes at once.
        with deleting([obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected": what the rows' deletion makes stale is looked up at once, and
        # what each row's deletion asks to bring up to date is done once.
        with deleting(list(queryset)):
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        changed = [obj for obj, _fields in getattr(formset, "changed_objects", [])]
        self._warn_anchor_problems(request, changed + list(getattr(formset, "new_objects", [])))

    def _warn_anchor_problems(self, request, objects):
        for obj in objects:
            for problem in getattr(obj, "anchor_problems", []):
                self.message_user(request, problem, messages.WARNING)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone's save committed between this form's version check and its own write
            # (the write is conditional, so it was refused and the transaction rolled back).
            # Run the same request again: the check now sees their version and shows the
            # conflict page with both texts, the editor's own still in the form.
            pass
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:  # a third save in between: rare, still nothing kept
            self.message_user(
                request,
                f"{conflict}. Others saved it at the same moment as you: copy your text "
                "from the browser's back page, open it again and redo your change.",
                messages.ERROR,
            )
            return redirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        conflicts, waiting = [], []
        adminform = context.get("adminform")
        forms_ = [adminform.form] if adminform is not None else []
        for inline in context.get("inline_admin_formsets", []):
            forms_.extend(inline.formset.forms)
        for form in forms_:
            if getattr(form, "conflict_rows", None):
                conflicts.append(_conflict(form))
            elif form.is_bound and form.has_changed():
                waiting.append(form.instance)
        context["edit_conflicts"] = conflicts
        # A conflict on one part does not lose the editor's other changes on the page: they
        # stay in the form and are saved with the resolution (listed on the conflict screen).
        context["conflict_waiting"] = waiting if conflicts else []
        return super().render_change_form(request, context, add, change, form_url, obj)


def _when(obj):
    record = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME)
    return timezone.localtime(record.history_date).strftime("%d %b %Y, %H:%M:%S")


def _flatten(fields):
    for name in fields:
        if isinstance(name, list | tuple):
            yield from name
        else:
            yield name


def _conflict(form):
    saved = form.conflict_saved_by
    what = form.instance._meta.verbose_name
    pending = form.conflict_pending
    return {
        "object": form.instance,
        "rows": form.conflict_rows,
        "saved_by": saved.history_user if saved else None,
        "saved_at": saved.history_date if saved else None,
        "pending": pending,
        "pending_name": form.add_prefix(PENDING),
        "resolution_name": form.add_prefix(RESOLUTION),
        "choices": [
            {"value": value, "label": label % {"what": what}, "checked": value == form.resolution}
            for value, label in RESOLUTIONS.items()
        ]
        if pending
        else [],
        "mine": [
            (form.add_prefix(MINE + key), value)
            for key, values in form.conflict_mine.items()
            for value in values
        ],
    }


class CuratedInline:
    """Mixin for inlines of curated models: locking, preloaded choices, no accidental deletes."""

    formset = PreloadedInlineFormSet
    preloaded_foreign_keys: tuple[str, ...] = ()

    def __init__(self, parent_model, admin_site):
        super().__init__(parent_model, admin_site)
        if issubclass(self.model, Versioned):
            self.form = versioned_form(self.form)
        self.form = plain_errors(self.form)

    def get_formset(self, request, obj=None, **kwargs):
        self._preload_caches = {}
        return super().get_formset(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if issubclass(self.model, Versioned) and "base_version" not in fields:
            fields.append("base_version")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in self.preloaded_foreign_keys and field is not None:
            cache = getattr(self, "_preload_caches", {}).setdefault(db_field.name, {})
            preloaded = PreloadedModelChoiceField(
                field.queryset,
                cache=cache,
                required=field.required,
                label=field.label,
                help_text=field.help_text,
                empty_label=field.empty_label,
                widget=field.widget,
            )
            return preloaded
        return field


class CuratedTabularInline(CuratedInline, admin.TabularInline):
    pass
