"""What an autocomplete lists: enough to tell two objects apart (two “Molotov” are not).

Django's autocomplete labels each result with str(obj). The site's autocomplete view is
replaced by one that asks the model's admin for `autocomplete_label(obj)` when it has one:
actors with their dates, kind and a few words of description, paragraphs and notes with their
first words.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.text import Truncator


def first_words(text, words=8):
    return Truncator(" ".join(text.split())).words(words, truncate="…")


def actor_label(actor):
    details = [part for part in (actor.dates, actor.get_kind_display().lower()) if part]
    label = f"{actor.name} ({', '.join(details)})"
    if actor.description:
        label += f" — {first_words(actor.description)}"
    return label


def paragraph_label(paragraph):
    return f"{paragraph} — {first_words(paragraph.text)}"


def note_label(note):
    return f"{note} — {first_words(note.text)}"


class LabelledAutocomplete(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


def install(site=admin.site):
    """Route the site's autocomplete through LabelledAutocomplete (before its URLs are built)."""
    site.autocomplete_view = lambda request: LabelledAutocomplete.as_view(admin_site=site)(request)
