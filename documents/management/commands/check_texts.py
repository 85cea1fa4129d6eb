"""python manage.py check_texts [--document SLUG]: list consistency problems in the collection."""

from django.core.management.base import BaseCommand, CommandError

from documents.curation.consistency import find_problems
from documents.models import Document


class Command(BaseCommand):
    help = (
        "List problems an editor should fix: note markers pointing at no note, notes never "
        "anchored, mentions no longer matching their text, cross-references to missing "
        "paragraphs. Exits with status 1 when there are problems."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--document", metavar="SLUG", action="append", help="Check only this document."
        )

    def handle(self, *args, document=None, **options):
        documents = Document.objects.all()
        if document:
            documents = documents.filter(slug__in=document)
            missing = set(document) - set(documents.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"no document with the slug {', '.join(sorted(missing))}")
        problems = find_problems(documents)
        if not problems:
            self.stdout.write(f"No problems in {documents.count()} document(s).")
            return
        label = None
        for problem in problems:
            if problem.label != label:
                label = problem.label
                self.stdout.write(self.style.MIGRATE_HEADING(f"{label}:"))
            self.stdout.write(f"  {problem}")
        raise CommandError(f"{len(problems)} problem(s) found", returncode=1)
