"""Render and store every published document's reader and exports that are not stored fresh:
after a deployment, or after data was written in bulk, so that no visitor waits for a render.

    manage.py render_documents [--all]
"""

from django.core.management.base import BaseCommand

from documents.caching import stored
from documents.models import Document, RenderedPart


class Command(BaseCommand):
    help = "Render and store the published documents' reader and exports (those not stored fresh)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="render even what is fresh")

    def handle(self, *args, **options):
        names = set(stored.part_names())
        rendered = 0
        for document in Document.objects.published().order_by("pk").iterator():
            fresh = set(
                RenderedPart.objects.filter(
                    document=document, key=document.render_key, build=stored.build()
                ).values_list("name", flat=True)
            )
            if options["all"] or fresh != names:
                stored.render_parts(document)
                rendered += 1
        self.stdout.write(f"rendered {rendered} document(s)")
