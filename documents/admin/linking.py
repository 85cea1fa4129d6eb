"""Actors (with aliases and merge), events, mentions and cross-references."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from documents.admin.common import change_link
from documents.admin.event_dates import EventForm
from documents.admin.labels import actor_label
from documents.admin.passages import MentionForm
from documents.curation.admin_base import CuratedAdmin
from documents.curation.duplicates import likely_matches
from documents.curation.merge import merge_actors
from documents.curation.save_checks import AliasForm
from documents.linking.storing import regenerate_name_forms
from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    Event,
    Mention,
    NameForm,
    PastActorSlug,
)


def known_names(excluding=None):
    """(name, actor) for every actor's name and alias, but those of `excluding`."""
    pk = excluding.pk if excluding is not None else None
    actors = Actor.objects.exclude(pk=pk)
    aliases = ActorAlias.objects.exclude(actor_id=pk).select_related("actor")
    return [(a.name, a) for a in actors] + [(alias.name, alias.actor) for alias in aliases]


def describe_matches(matches):
    return format_html_join(
        "; ",
        '<a href="{}">{}</a>',
        ((change_link_url(actor), actor_label(actor)) for actor in matches),
    )


def change_link_url(actor):
    return reverse("admin:documents_actor_change", args=[actor.pk])


class ActorForm(forms.ModelForm):
    """A new actor (or a renamed one) whose name resembles another's is held back until the
    editor has looked at the likely matches: a duplicate splits an actor's mentions in two."""

    not_a_duplicate = forms.BooleanField(
        required=False,
        label="Not a duplicate",
        help_text="Tick after checking the likely matches listed: this is a different actor.",
    )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if not name or cleaned.get("not_a_duplicate"):
            return cleaned
        if self.instance.pk is not None and "name" not in self.changed_data:
            return cleaned
        matches = likely_matches([name], known_names(excluding=self.instance))
        if matches:
            self.add_error(
                "name",
                format_html(
                    "“{}” looks like an actor already in the register: {}. Open it and add "
                    "this spelling as an alias, or tick “Not a duplicate”.",
                    name,
                    describe_matches(matches),
                ),
            )
        return cleaned


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = AliasForm
    fields = ["name", "note", "shared"]
    extra = 1
    verbose_name = "spelling as printed in the texts"
    verbose_name_plural = "spellings as printed in the texts (the mention matcher tags these)"


class NameFormForm(forms.ModelForm):
    def save(self, commit=True):
        if self.instance.generated and self.has_changed():
            self.instance.generated = False  # an editor's correction: no longer regenerated
        return super().save(commit)


class NameFormFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        preferred = [
            form
            for form in self.forms
            if form.cleaned_data.get("preferred") and not form.cleaned_data.get("DELETE")
        ]
        if len(preferred) > 1:
            raise forms.ValidationError(
                "Only one name form can be the one the register shows: untick “preferred” "
                "on all but one."
            )


class NameFormInline(admin.TabularInline):
    """An actor's names in any script: each checked against its language tag (NameForm.clean,
    run by the inline's model form), the rule-generated ones shown but derived again on save."""

    model = NameForm
    form = NameFormForm
    formset = NameFormFormSet
    fields = ["text", "language", "system", "family", "given", "preferred", "basis", "generated"]
    readonly_fields = ["generated"]
    extra = 1
    verbose_name = "name form"
    verbose_name_plural = (
        "name forms (any script; Revised Romanization, Pinyin, Wade–Giles and Russian "
        "transliterations are generated from the original-script forms when you save)"
    )


class PastActorSlugInline(admin.TabularInline):
    """Addresses the actor had before; recorded on a slug change or a merge, never edited."""

    model = PastActorSlug
    fields = ["slug"]
    readonly_fields = ["slug"]
    extra = 0
    can_delete = False
    verbose_name = "past address (redirects here)"
    verbose_name_plural = "past addresses (they redirect here)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    list_display = ["name", "kind", "dates", "alias_list", "mention_count"]
    list_filter = ["kind"]
    ordering = ["name", "pk"]  # the mention count's GROUP BY drops the model's own
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NameFormInline, ActorAliasInline, PastActorSlugInline]
    actions = ["merge"]
    form = ActorForm
    autocomplete_label = staticmethod(actor_label)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        new = [obj for obj in formset.new_objects if isinstance(obj, ActorAlias)]
        if not new:
            return
        actor = form.instance
        matches = likely_matches([alias.name for alias in new], known_names(excluding=actor))
        if matches:
            self.message_user(
                request,
                format_html(
                    "The new alias(es) of “{}” resemble other actors: {}. If one is the same "
                    "person or body, merge the two.",
                    actor,
                    describe_matches(matches),
                ),
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        regenerate_name_forms(form.instance)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(mentions_total=Count("mentions", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description="aliases")
    def alias_list(self, actor):
        return "; ".join(alias.name for alias in actor.aliases.all())

    @admin.display(description="mentions", ordering="mentions_total")
    def mention_count(self, actor):
        return actor.mentions_total

    @admin.action(description="Merge the selected actors into one…", permissions=["change"])
    def merge(self, request, queryset):
        actors = list(queryset.order_by("name"))
        if len(actors) < 2:
            self.message_user(request, "Select at least two actors to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            kept = next((a for a in actors if str(a.pk) == request.POST.get("keep")), None)
            if kept is None:
                self.message_user(request, "Choose the actor to keep.", messages.ERROR)
            else:
                summary = merge_actors(kept, [a for a in actors if a.pk != kept.pk])
                self.log_change(request, kept, str(summary))
                self.message_user(request, str(summary), messages.SUCCESS)
                return HttpResponseRedirect(request.get_full_path())
        counted = Actor.objects.filter(pk__in=[a.pk for a in actors]).annotate(
            alias_total=Count("aliases", distinct=True),
            mention_total=Count("mentions", distinct=True),
            event_total=Count("events", distinct=True),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Merge actors",
            "actors": counted.order_by("name"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/documents/actor/merge.html", context)


@admin.register(ActorAlias)
class ActorAliasAdmin(CuratedAdmin):
    list_display = ["name", "actor", "note"]
    list_select_related = ["actor"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]
    form = AliasForm
    fields = ["actor", "name", "note", "shared"]


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["title", "display_date", "precision", "place"]
    list_filter = ["precision", ("actors", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "place", "description", "date_label"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["actors"]
    date_hierarchy = "date"
    form = EventForm  # the date and end date through the year / month / day widget
    fields = ["title", "slug", "when", "until", "date_label", "place", "description", "actors"]

    @admin.display(description="date", ordering="date")
    def display_date(self, event):
        return event.display_date


@admin.register(Mention)
class MentionAdmin(CuratedAdmin):
    list_display = ["surface", "actor", "event", "passage_link", "start", "end"]
    list_filter = [
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("event", admin.RelatedOnlyFieldListFilter),
        ("paragraph__document", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["actor", "event", "paragraph__document", "footnote__document"]
    search_fields = ["surface", "actor__name", "event__title"]
    autocomplete_fields = ["paragraph", "footnote", "actor", "event"]
    fields = ["paragraph", "footnote", "surface", "start", "end", "actor", "event"]
    form = MentionForm

    @admin.display(description="passage")
    def passage_link(self, mention):
        return change_link(mention.passage)


@admin.register(CrossReference)
class CrossReferenceAdmin(CuratedAdmin):
    list_display = ["source", "relation", "target", "reason"]
    list_filter = ["relation", ("source__document", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["source__document", "target__document"]
    search_fields = ["reason", "source__text", "target__text"]
    autocomplete_fields = ["source", "target"]
