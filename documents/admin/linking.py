"""Actors (with aliases and merge), events, mentions and cross-references."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from documents.admin.common import change_link
from documents.admin.passages import MentionForm
from documents.curation.admin_base import CuratedAdmin
from documents.curation.merge import merge_actors
from documents.curation.save_checks import AliasForm
from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    Event,
    Mention,
)


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = AliasForm
    fields = ["name", "note", "shared"]
    extra = 1


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    list_display = ["name", "kind", "dates", "alias_list", "mention_count"]
    list_filter = ["kind"]
    ordering = ["name", "pk"]  # the mention count's GROUP BY drops the model's own
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    actions = ["merge"]

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
