"""Facets of the search page: which document, which kind of passage, which actor or event.

One FilterSet serves both kinds of passage (Paragraph and Footnote): each filter method looks
at the model of the queryset it is given, so the same validated choices narrow both halves of
the search. Values are slugs (and kind names), as they appear in addresses.
"""

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from documents.models import Actor, Document, Event, Footnote, Mention, Paragraph

NOTE = "note"
KIND_CHOICES = [*Paragraph.Kind.choices, (NOTE, "Note")]


class SlugChoiceField(django_filters.fields.ModelChoiceField):
    """A choice by slug; anything that is not a slug is refused before it reaches the database
    (a NUL byte, for one, is an error in PostgreSQL, not a miss)."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                validate_slug(value)
            except forms.ValidationError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


def _asked(request, name) -> bool:
    """Whether the search names a value for the facet `name`. The choices' queryset is only
    read to check such a value, and building the register's (nested EXISTS that keep out
    what only drafts mention) costs more than a whole search of a rare word: none is built
    for a facet not asked for."""
    return request is None or bool(getattr(request, "GET", {}).get(name))


def visible_documents(request):
    """Only documents the user may see can be chosen: a draft's slug is as unknown as a typo."""
    if not _asked(request, "document"):
        return Document.objects.none()
    return Document.objects.visible_to(getattr(request, "user", None))


def visible_actors(request):
    """An actor only drafts mention is as unknown as a typo (drafts leave no trace)."""
    if not _asked(request, "actor"):
        return Actor.objects.none()
    return Actor.objects.visible_to(getattr(request, "user", None))


def visible_events(request):
    if not _asked(request, "event"):
        return Event.objects.none()
    return Event.objects.visible_to(getattr(request, "user", None))


class PassageFilterSet(django_filters.FilterSet):
    document = SlugChoiceFilter(
        queryset=visible_documents, method="filter_document", label="Document"
    )
    kind = django_filters.ChoiceFilter(
        choices=KIND_CHOICES, method="filter_kind", label="Kind of passage"
    )
    actor = SlugChoiceFilter(queryset=visible_actors, method="filter_actor", label="Person or body")
    event = SlugChoiceFilter(queryset=visible_events, method="filter_event", label="Event")

    def filter_document(self, queryset, name, value):
        return queryset.filter(document=value)

    def filter_kind(self, queryset, name, value):
        if queryset.model is Footnote:
            return queryset if value == NOTE else queryset.none()
        return queryset.none() if value == NOTE else queryset.filter(kind=value)

    def filter_actor(self, queryset, name, value):
        return self._mentioning(queryset, actor=value)

    def filter_event(self, queryset, name, value):
        return self._mentioning(queryset, event=value)

    @staticmethod
    def _mentioning(queryset, **target):
        """Passages with a Mention of the actor or event (a subquery: no duplicates)."""
        column = "footnote_id" if queryset.model is Footnote else "paragraph_id"
        mentions = Mention.objects.filter(**target, **{f"{column}__isnull": False})
        return queryset.filter(pk__in=mentions.values(column))

    def narrow(self, queryset, skip=None):
        """Apply every chosen facet except `skip` (for the counts of that facet's choices)."""
        for name, value in self.form.cleaned_data.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def conditions(self, queryset) -> dict:
        """{name: boolean expression} for each facet in force: whether a passage of `queryset`
        passes that filter (as narrow() would keep it). The facets count with these, so that
        one query can count every facet under the others (documents/search/facets.py)."""
        conditions = {}
        for name, value in self.chosen.items():
            if name == "kind" and queryset.model is Footnote:
                condition = Value(value == NOTE)
            elif name == "kind":
                condition = ExpressionWrapper(Q(kind=value), output_field=BooleanField())
            elif name == "document":
                condition = ExpressionWrapper(Q(document=value), output_field=BooleanField())
            else:
                column = "footnote_id" if queryset.model is Footnote else "paragraph_id"
                mentions = Mention.objects.filter(**{name: value, f"{column}__isnull": False})
                condition = ExpressionWrapper(
                    Q(pk__in=mentions.values(column)), output_field=BooleanField()
                )
            conditions[name] = condition
        return conditions

    @property
    def chosen(self):
        """{name: value} of the facets in force (validated)."""
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in django_filters.constants.EMPTY_VALUES
        }
