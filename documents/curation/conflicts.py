"""What the conflict screen shows and how it reads and writes a form's submitted data: one row
per field where the editor's form and the saved object differ (with word diffs of both
changes), and the small conversions between a field's Python value and what its widget posts.
The version lock that finds the conflict is in locking.py."""

from django import forms

from documents.curation.history import word_diff


class ConflictRow:
    """One field where the editor's form and the saved object differ.

    `merged` is true where only the other editor changed the field: their value has been taken
    into the editor's form (so saving it again keeps both changes). For a text both changed,
    `their_change` and `your_change` are word diffs against the text both started from (pairs
    of HTML: before, after), and `clean` says whether the merge put in the form joins both
    changes without a place marked ⟦yours: … ‖ theirs: …⟧.
    """

    def __init__(self, label, yours, saved, merged=False, base=None, field_id=""):
        self.label = label
        self.yours = yours
        self.saved = saved
        self.merged = merged
        self.field_id = field_id
        self.their_change = self.your_change = None
        self.clean = None
        if isinstance(base, str) and isinstance(yours, str) and isinstance(saved, str):
            self.their_change = word_diff(base, saved)
            self.your_change = word_diff(base, yours)


def is_text(field):
    return isinstance(field, forms.CharField) and isinstance(
        field.widget, forms.Textarea | forms.TextInput
    )


def data_keys(bound):
    """The keys under which the widget of `bound` posts its value."""
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        return [f"{bound.html_name}{suffix}" for suffix in widget.widgets_names]
    return [bound.html_name]


def unprefixed(form, key):
    return key[len(form.prefix) + 1 :] if form.prefix else key


def clean_value(field, value):
    try:
        return field.clean(value)
    except forms.ValidationError:
        return value


def python_value(field, raw):
    try:
        return field.to_python(raw)
    except forms.ValidationError:
        return raw


def put_value(data, key, field, value, hidden=False):
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


def shown(field, value):
    """A value as an editor reads it: the label of a choice, the object of a foreign key."""
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return dict(flat_choices(choices)).get(value, value)
    return "" if value is None else value


def flat_choices(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from flat_choices(label)
        else:
            yield key, label
