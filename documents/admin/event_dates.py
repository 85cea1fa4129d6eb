"""An event's date and end date through the one year / month / day widget (PartialDateField).

The model keeps a first day, a precision and a last day (documents.models.linking.Event); the
editor sees two partial dates at their precision. A date the editor did not touch is written
back exactly as stored (a month-precision event stored on the 15th keeps its 15th); a changed
one is stored as its first day, as the curated events are.
"""

import datetime

from django import forms

from documents.curation.save_checks import PartialDateField
from documents.dates import DAY, MONTH, YEAR, PartialDate
from documents.models import Event


def _partial(value: datetime.date | None, precision: str) -> str:
    return PartialDate.at(value, precision).iso if value is not None else ""


def _first_day(partial: PartialDate) -> datetime.date:
    return datetime.date(partial.year, partial.month or 1, partial.day or 1)


class EventForm(forms.ModelForm):
    when = PartialDateField(
        label="Date",
        help_text="As precisely as known: the year alone, the year and month, or the full date.",
    )
    until = PartialDateField(
        label="End date",
        required=False,
        help_text="For a span: its last day, month or year, as precise as the date. Leave empty "
        "for a single day, month or year.",
    )

    class Meta:
        model = Event
        fields = ["slug", "title", "date_label", "place", "description", "actors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.date is not None:
            for name, value in self.initial_from_instance(self.instance).items():
                self.initial.setdefault(name, value)

    def initial_from_instance(self, event):
        return {
            "when": _partial(event.date, event.precision),
            "until": _partial(event.end_date, event.precision),
        }

    def clean(self):
        cleaned = super().clean()
        when, until = cleaned.get("when"), cleaned.get("until")
        if not when:
            return cleaned  # the field's own "required" error says it
        start = PartialDate.parse(when)
        end = PartialDate.parse(until) if until else None
        if end is not None and end.precision != start.precision:
            names = {DAY: "a full date", MONTH: "a month", YEAR: "a year"}
            self.add_error(
                "until",
                f"The end date must be as precise as the date ({names[start.precision]}): "
                f"one precision is kept for both.",
            )
            return cleaned
        if end is not None and _first_day(end) < _first_day(start):
            self.add_error("until", "The end date comes before the date.")
            return cleaned
        event = self.instance
        if "when" in self.changed_data or event.date is None:
            event.date, event.precision = _first_day(start), start.precision
        if "until" in self.changed_data:
            event.end_date = _first_day(end) if end is not None else None
        return cleaned
