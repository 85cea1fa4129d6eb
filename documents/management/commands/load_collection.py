"""Load the two curated texts (and their curation) from fixtures/; safe to run again."""

from django.core.management.base import BaseCommand

from documents.curation import curation_files, load_document


class Command(BaseCommand):
    help = (
        "Load the curated collection from fixtures/ (documents already present are left untouched)."
    )

    def handle(self, *args, **options):
        for path in curation_files():
            result = load_document(path)
            self.stdout.write(result.message)
