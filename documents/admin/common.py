"""What the admin pages share: text areas, excerpts and links to change pages."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

TEXT_ROWS = forms.Textarea(attrs={"rows": 4, "cols": 60})


def excerpt(text, words=14):
    return Truncator(text).words(words, truncate="…")


def change_link(obj, label=None):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label if label is not None else obj)
