"""Public pages: home, document list, the reader, notes, the register of actors, the timeline."""

from django.db.models import Count, Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from .models import Actor, Document, Event, Mention
from .rendering import note_marker, render_passage


class VisibleDocumentsMixin:
    """Drafts exist only for staff: the public gets a 404, never a hint."""

    def visible_documents(self):
        return Document.objects.visible_to(self.request.user)


class HomeView(VisibleDocumentsMixin, TemplateView):
    template_name = "documents/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = self.visible_documents().with_counts().order_by("kind", "title")
        context["actor_count"] = Actor.objects.count()
        context["event_count"] = Event.objects.count()
        return context


class DocumentListView(VisibleDocumentsMixin, ListView):
    template_name = "documents/document_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        return self.visible_documents().with_counts().order_by("kind", "title")


class ReaderView(VisibleDocumentsMixin, DetailView):
    template_name = "documents/reader.html"
    context_object_name = "document"

    def get_queryset(self):
        return self.visible_documents().for_reader()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        sections = {
            section.pk: {"section": section, "paragraphs": []}
            for section in document.sections.all()
        }
        for paragraph in document.paragraphs.all():
            markers = [
                (ref.offset, note_marker(ref.footnote.number, ref.anchor))
                for ref in paragraph.note_refs.all()
            ]
            paragraph.html = render_passage(paragraph.text, markers)
            sections[paragraph.section_id]["paragraphs"].append(paragraph)
        context["sections"] = list(sections.values())
        context["notes"] = document.footnotes.all()
        return context


class ActorListView(ListView):
    template_name = "documents/actor_list.html"
    context_object_name = "actors"

    def get_queryset(self):
        return Actor.objects.prefetch_related("aliases").annotate(mention_count=Count("mentions"))


class ActorDetailView(VisibleDocumentsMixin, DetailView):
    template_name = "documents/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        visible = self.visible_documents()
        mentions = (
            Mention.objects.filter(paragraph__document__in=visible)
            .select_related("paragraph__document")
            .order_by("paragraph__document__title", "paragraph__position", "start")
        )
        return Actor.objects.prefetch_related(
            "aliases", Prefetch("mentions", queryset=mentions, to_attr="visible_mentions")
        )


class EventListView(ListView):
    template_name = "documents/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return Event.objects.prefetch_related("actors")


class EventDetailView(VisibleDocumentsMixin, DetailView):
    template_name = "documents/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        visible = self.visible_documents()
        mentions = Mention.objects.filter(paragraph__document__in=visible).select_related(
            "paragraph__document"
        )
        return Event.objects.prefetch_related(
            "actors", Prefetch("mentions", queryset=mentions, to_attr="visible_mentions")
        )
