"""Helpers for the admin tests: editors, the two texts imported as the importer stores them, and
the data an admin change page would post back (read from the page's own forms)."""

from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group
from django.forms import MultiWidget

from documents.curation.roles import EDITORS, sync_editors_group
from documents.models import Document
from documents.texts.importer import import_bytes

TEXTS = Path(__file__).resolve().parent.parent / "fixtures" / "texts"
PAPER_TEXT = TEXTS / "weathersby-soviet-role.txt"
INTERVIEW_TEXT = TEXTS / "shen-zhihua-interview.txt"
PASSWORD = "a long editor password"


def make_editor(django_user_model, username="editor"):
    """A member of the Editors group, with staff status and nothing more (not a superuser)."""
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:  # a transactional test (the browser's) flushed what the migration made
        group = sync_editors_group(apps)
    user.groups.add(group)
    return user


def import_paper(slug="paper", status=Document.Status.PUBLISHED):
    document, _ = import_bytes(PAPER_TEXT.read_bytes(), slug=slug, filename=PAPER_TEXT.name)
    Document.objects.filter(pk=document.pk).update(status=status)
    return Document.objects.get(pk=document.pk)


def import_interview(slug="interview", status=Document.Status.PUBLISHED):
    document, _ = import_bytes(
        INTERVIEW_TEXT.read_bytes(),
        slug=slug,
        kind="interview",
        title="Shen Zhihua on China, North Korea and the Cold War",
        filename=INTERVIEW_TEXT.name,
    )
    Document.objects.filter(pk=document.pk).update(status=status)
    return Document.objects.get(pk=document.pk)


def admin_url(obj, view="change"):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{view}/"


def delete_through_the_admin(client, document):
    """The document deleted as an editor deletes it, from its page in the admin."""
    response = client.post(admin_url(document, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def restore_url(history_id) -> str:
    """The admin's address that restores the document deleted in this history record."""
    return f"/admin/documents/document/deleted/{history_id}/restore/"


def _field_value(bound):
    value = bound.value()
    widget = bound.field.widget
    if getattr(widget, "input_type", None) == "checkbox":
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def _form_data(form, data):
    for name in form.fields:
        value = _field_value(form[name])
        widget = form.fields[name].widget
        if isinstance(widget, MultiWidget):  # posted as name_0, name_1, … (year, month, day)
            raw = form[name].value()
            parts = raw if isinstance(raw, list | tuple) else widget.decompress(raw)
            for suffix, part in zip(widget.widgets_names, parts, strict=False):
                data[form.add_prefix(name) + suffix] = "" if part is None else str(part)
            if form.fields[name].show_hidden_initial:
                key = form.add_initial_prefix(name)
                data[key] = form.data.getlist(key) if key in form.data else str(raw or "")
            continue
        if value is not None:
            data[form.add_prefix(name)] = value
            if form.fields[name].show_hidden_initial:  # as the page's hidden "initial-" input
                key = form.add_initial_prefix(name)
                data[key] = form.data.getlist(key) if key in form.data else value


def change_form_data(response):
    """What the browser would post back, unchanged, from an admin change page."""
    context = response.context
    data = {}
    _form_data(context["adminform"].form, data)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    return data


def inline_prefix(response, model_name, obj):
    """The form prefix of `obj`'s row in the inline of `model_name` on a change page."""
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        if formset.model._meta.model_name != model_name:
            continue
        for form in formset.forms:
            if form.instance.pk == obj.pk:
                return form.prefix
    raise LookupError(f"{model_name} {obj.pk} is not on the page")


def conflict_screen_data(response, resolution=None):
    """What the browser posts back from a conflict screen: the form as shown, the screen's
    hidden inputs, and the editor's choice (`resolution`: "merge", "theirs", "mine" or None)."""
    data = change_form_data(response)
    for conflict in response.context["edit_conflicts"]:
        if not conflict["pending"]:
            continue
        data[conflict["pending_name"]] = conflict["pending"]
        for name, value in conflict["mine"]:
            data.setdefault(name, [])
            data[name].append(value)
        if resolution is not None:
            data[conflict["resolution_name"]] = resolution
    return data
