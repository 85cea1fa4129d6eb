"""What the public's register, timeline, actors' and events' pages keep between requests: their
bodies, rendered once per collection version (caching/memo.py), the same for every visitor
until an editor saves; staff, who see drafts, get them live."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from documents.caching import memo

REGISTER_TEMPLATE = "documents/snippets/register_groups.html"
TIMELINE_TEMPLATE = "documents/snippets/timeline_body.html"
ACTOR_TEMPLATE = "documents/snippets/actor_body.html"
EVENT_TEMPLATE = "documents/snippets/event_body.html"


def is_staff(user) -> bool:
    return user is not None and user.is_active and user.is_staff


def stored_fragment(name: str, template: str, fill: Callable[[], dict]) -> SafeString:
    """The public's fragment `name` of a page: `template` rendered with the context `fill()`
    completes, once per collection version (caching/memo.py: any change makes it anew), so
    the register and the timeline cost a cache read, not a render of every actor or event."""
    html = memo.per_version(f"fragment.{name}", lambda: render_to_string(template, fill()))
    # Template output, escaped when it was rendered, kept as it was.
    return mark_safe(html)


def hidden(model) -> list[int]:
    """The rows of `model` (Actor, Event) the public may not see: those only drafts use."""
    public = set(model.objects.public().values_list("pk", flat=True))
    return sorted(set(model.objects.values_list("pk", flat=True)) - public)


def public_rows(model):
    """`model.objects.public()` (Actor, Event) with the rule's answer kept per collection
    version: the rule itself reads every mention (about 20 ms a query on PostgreSQL at 1,000
    documents; the API's list of actors asked it twice, for its count and its page)."""
    return model.objects.exclude(
        pk__in=memo.per_version(f"hidden.{model._meta.model_name}", lambda: hidden(model))
    )


class KeptListMixin:
    """A list page (ListView) whose public page, unfiltered, is kept rendered per collection
    version: `kept_template` rendered with the context `fill(context)` completes, shown by
    the page as `kept_as` (stored_fragment). The list's query (`listed()`) is built only when
    the fragment is rendered again: building the register's alone (the drafts-only rule, the
    groups) was 0.5 ms of an uncached request's 1.7, for a query the kept page never ran. A
    view narrows `kept()` (a filter asked, staff) and gives `model`, `listed()` and `fill()`;
    whatever is not kept is listed and filled live, as before."""

    kept_name: str
    kept_template: str
    kept_as: str

    def kept(self) -> bool:
        return not is_staff(self.request.user)

    def listed(self):
        raise NotImplementedError

    def fill(self, context: dict) -> dict:
        return context

    def get_queryset(self):
        return self.model.objects.none() if self.kept() else self.listed()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.kept():
            return self.fill(context)
        listed_as = self.context_object_name
        context[self.kept_as] = stored_fragment(
            self.kept_name,
            self.kept_template,
            lambda: self.fill({**context, listed_as: self.listed()}),
        )
        return context


class KeptBodyMixin:
    """A detail page (DetailView) whose body (`body_template`) is kept for the public per
    collection version: the public's request reads the object for the title, then the kept
    body; staff get the object with everything (`full_queryset`) and the body live. The view
    gives `full_queryset()` and `fill(context, obj=None)`, which completes the body's context;
    a body in parts (a page of passages) is kept under the context's `kept_part` too."""

    body_template: str

    def get_queryset(self):
        full = self.full_queryset()
        if is_staff(self.request.user):
            return full
        # The title (the body is kept), unless only drafts use the row. Which rows only drafts
        # use is kept too: asking the rule for one row computed it for all of them (60-75 ms
        # on PostgreSQL at 1,000 documents, on every request for an actor's page).
        return public_rows(full.model)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_staff(self.request.user):
            return self.fill(context)
        kept = self.object
        part = context.get("kept_part")
        context["stored_content"] = stored_fragment(
            f"{kept._meta.model_name}.{kept.pk}" + (f".{part}" if part else ""),
            self.body_template,
            lambda: self.fill(context, self.full_queryset().get(pk=kept.pk)),
        )
        return context
