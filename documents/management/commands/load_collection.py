"""Load the two curated texts (and their curation) from fixtures/; safe to run again."""

from django.core.management.base import BaseCommand

from documents.texts.collection import load_collection


class Command(BaseCommand):
    help = (
        "Load the curated collection from fixtures/ (documents already present are left untouched)."
    )

    def handle(self, *args, **options):
        for result in load_collection():
            self.stdout.write(result.message)
