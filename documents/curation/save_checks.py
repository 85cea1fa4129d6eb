"""Saves that cannot break a text: what "Check texts" finds, refused when an editor saves.

The admin's forms call these before anything is written, so a marker beyond its paragraph, a
marker to another document's note, a superscript typed into a paragraph or an alias that is
already another actor's name never reaches the reader. Each refusal names the place and the
words. `PlainErrors` rewrites the database's constraint messages in an editor's words, and
`PartialDateField` enters a date at the precision it is known (year, month or day).
"""

import datetime
import re

from django import forms
from django.db.models import CheckConstraint, UniqueConstraint
from django.db.models.functions import Lower

from documents.curation.consistency import _FROM_SUPERSCRIPT, MARKER_RE

# -- note markers and typed superscripts ----------------------------------------------------------


def place(paragraph):
    """“¶ 14 of “The Soviet Role…”” for a message."""
    document = paragraph.document if paragraph.document_id else None
    where = f"¶ {paragraph.position}" if paragraph.position else "this paragraph"
    return f"{where} of “{document}”" if document else where


def context(text, start, end, width=25):
    """The words around text[start:end], for a message: “…the evidence⁶ shows…”."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return f"“…{before}{text[start:end]}{after}…”"


def typed_markers(text, paragraph):
    """Messages for superscript digits typed into `text`: readers would see a number that links
    to no note."""
    return [
        f"“{match.group()}” is typed into the text of {place(paragraph)} at character "
        f"{match.start()} ({context(text, match.start(), match.end())}): readers would see a "
        f"note number that links nowhere. Remove it, and anchor note "
        f"{match.group().translate(_FROM_SUPERSCRIPT)} with a note marker below instead."
        for match in MARKER_RE.finditer(text)
    ]


def marker_problems(paragraph, footnote, offset):
    """Why a marker of `footnote` at `offset` in `paragraph` would break the text (or [])."""
    problems = []
    if footnote.document_id != paragraph.document_id:
        problems.append(
            f"Note {footnote.number} belongs to “{footnote.document}”, not to “"
            f"{paragraph.document}”: a marker in {place(paragraph)} can only lead to a note of "
            "its own document."
        )
    if offset is not None and offset > len(paragraph.text):
        problems.append(
            f"Character {offset} is beyond the end of {place(paragraph)} "
            f"({len(paragraph.text)} characters): the marker would stand nowhere. The last "
            f"words are {context(paragraph.text, len(paragraph.text), len(paragraph.text))}."
        )
    return problems


# -- aliases --------------------------------------------------------------------------------------


def actors_named(name, exclude_actor=None):
    """Other actors whose name or one of whose aliases is `name` (case and spacing ignored)."""
    from documents.models import Actor

    folded = " ".join(name.split()).casefold()
    if not folded:
        return []
    candidates = Actor.objects.annotate(lowered=Lower("name")).filter(
        lowered__in={folded, " ".join(name.split()).lower()}
    ) | Actor.objects.filter(aliases__name__iexact=" ".join(name.split()))
    if exclude_actor is not None and exclude_actor.pk is not None:
        candidates = candidates.exclude(pk=exclude_actor.pk)
    return sorted(set(candidates), key=lambda actor: actor.name)


# -- constraint messages in an editor's words -----------------------------------------------------

CONSTRAINT_WORDS = {
    "xref_not_to_itself": "A passage cannot be compared with itself.",
    "xref_unique_pair": "These two passages are already linked: edit that cross-reference.",
    "footnoteref_unique_ordinal": (
        "This note already has a marker with this ordinal: a note's first marker is 1, a "
        "second marker of the same note 2, and so on."
    ),
    "footnoteref_unique_place": "This note already has a marker at this place.",
    "alias_unique_per_actor": "This actor already has this alias.",
    "mention_in_paragraph_or_note": (
        "A mention stands either in a paragraph or in a note: choose one of the two."
    ),
    "mention_of_actor_or_event": "A mention names either an actor or an event: choose one.",
    "mention_span_not_empty": "A mention needs at least one character: its end is after its start.",
    "event_end_after_start": "The event's last day comes before its first day.",
    "paragraph_unique_position": "This document already has a paragraph with this number.",
    "footnote_unique_number": "This document already has a note with this number.",
    "section_unique_position": "This document already has a section at this position.",
}


def _default_messages(model):
    """{Django's message for a violated constraint: the editors' words}."""
    words = {}
    for constraint in model._meta.constraints:
        plain = CONSTRAINT_WORDS.get(constraint.name)
        if plain is None:
            continue
        words[str(constraint.get_violation_error_message())] = plain
        if isinstance(constraint, UniqueConstraint) and constraint.fields:
            error = model().unique_error_message(model, list(constraint.fields))
            words[" ".join(error.messages)] = plain
        elif isinstance(constraint, CheckConstraint):
            words[f"Constraint “{constraint.name}” is violated."] = plain
    return words


class PlainErrors:
    """A ModelForm mixin: constraint errors said as an editor would understand them."""

    def _post_clean(self):
        super()._post_clean()
        words = _default_messages(self._meta.model)
        for name, errors in list(self._errors.items()):
            said = [words.get(message, message) for message in errors]
            if said != list(errors):
                unique = list(dict.fromkeys(said))
                self._errors[name] = self.error_class(
                    unique, error_class="nonfield" if name == "__all__" else None
                )


def plain_errors(form_class):
    """`form_class` with PlainErrors mixed in (once)."""
    if issubclass(form_class, PlainErrors):
        return form_class
    return type(form_class.__name__, (PlainErrors, form_class), {"__module__": __name__})


class PlainErrorsForm(PlainErrors, forms.ModelForm):
    pass


class AliasForm(PlainErrorsForm):
    """An alias that is already another actor's name is refused unless the editor confirms it
    (two people can share a spelling, but usually it is a mistake: the reader would link the
    name to the wrong person)."""

    shared = forms.BooleanField(
        required=False,
        label="shared with another actor",
        help_text="Tick only if this name really belongs to both actors.",
    )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        actor = cleaned.get("actor") or (self.instance.actor if self.instance.actor_id else None)
        if not name or cleaned.get("shared"):
            return cleaned
        if self.instance.pk is not None and "name" not in self.changed_data:
            return cleaned
        others = actors_named(name, exclude_actor=actor)
        if others:
            names = ", ".join(f"“{other.name}”" for other in others)
            self.add_error(
                "name",
                f"“{name}” is already the name or an alias of {names}: the reader would link "
                "it to the wrong person. Check the actor; if the name really belongs to both, "
                "tick “shared with another actor”.",
            )
        return cleaned


# -- dates at their precision ---------------------------------------------------------------------

PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTH_CHOICES = [("", "— month —")] + [
    (f"{m:02d}", datetime.date(2000, m, 1).strftime("%B")) for m in range(1, 13)
]


class PartialDateWidget(forms.MultiWidget):
    """Year, month, day side by side; the year is a text box so that a stored value it cannot
    read is shown (and refused on save) rather than silently emptied."""

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(
                    attrs={
                        "placeholder": "year",
                        "aria-label": "year",
                        "size": 6,
                        "inputmode": "numeric",
                    }
                ),
                forms.Select(choices=MONTH_CHOICES, attrs={"aria-label": "month"}),
                forms.TextInput(
                    attrs={
                        "placeholder": "day",
                        "aria-label": "day",
                        "size": 3,
                        "inputmode": "numeric",
                    }
                ),
            ],
            attrs,
        )

    def decompress(self, value):
        match = PARTIAL_DATE_RE.match(value or "")
        if not match:
            return [value or None, None, None]
        year, month, day = match.groups()
        return [int(year), month, int(day) if day else None]


class PartialDateField(forms.MultiValueField):
    """A year, a year and month, or a full date, stored as “1950”, “1950-06”, “1950-06-25”."""

    widget = PartialDateWidget

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        fields = (
            forms.CharField(required=False),
            forms.ChoiceField(choices=MONTH_CHOICES, required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, values):
        year, month, day = (str(v or "").strip() for v in (list(values) + ["", "", ""])[:3])
        if not year and not month and not day:
            return ""
        if not year or not str(year).isdigit() or not 1 <= int(year) <= 9999:
            raise forms.ValidationError(
                f"“{year or ''}” is not a year: enter four digits, e.g. 1950 (leave the month and "
                "day empty when only the year is known)."
            )
        if day and not month:
            raise forms.ValidationError("A day needs its month: choose the month too.")
        value = f"{int(year):04d}"
        if month:
            value += f"-{month}"
        if day:
            if not str(day).isdigit():
                raise forms.ValidationError(f"“{day}” is not a day of the month.")
            try:
                datetime.date(int(year), int(month), int(day))
            except ValueError:
                raise forms.ValidationError(
                    f"There is no day {day} in {dict(MONTH_CHOICES)[month]} {year}."
                ) from None
            value += f"-{int(day):02d}"
        return value
