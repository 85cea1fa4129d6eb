"""python manage.py import_text PATH --slug SLUG [--kind article|interview|primary]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.models import Document
from documents.texts.importer import ImportRefused, import_bytes
from documents.texts.parser import ParseError


class Command(BaseCommand):
    help = "Import a UTF-8 text file as a new draft document (one transaction: all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--slug", required=True, help="Address of the new document; must not exist yet."
        )
        parser.add_argument("--kind", choices=Document.Kind.values, default=Document.Kind.ARTICLE)
        parser.add_argument(
            "--title", default="", help="Title, where the text has none (interviews)."
        )

    def handle(self, *args, path: Path, slug: str, kind: str, title: str, **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from error
        try:
            _, summary = import_bytes(data, slug=slug, kind=kind, filename=str(path), title=title)
        except ParseError as error:
            raise CommandError(f"{error} (nothing was imported)") from error
        except ImportRefused as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(str(summary))
