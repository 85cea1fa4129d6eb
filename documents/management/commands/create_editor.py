"""python manage.py create_editor USERNAME [--email EMAIL]

Creates a staff account in the "Editors" group (curation rights, no user management). The
password is asked for twice at the prompt, or read from the environment variable
EDITOR_PASSWORD for scripts; Django's password validators apply.
"""

import os
from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from documents.curation.roles import EDITORS


class Command(BaseCommand):
    help = "Create an editor: a staff account in the Editors group, without superuser rights."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"a user called “{username}” already exists (nothing was changed)")
        try:
            group = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist as error:
            raise CommandError(
                "the Editors group does not exist yet: run `manage.py migrate` first"
            ) from error
        password = os.environ.get("EDITOR_PASSWORD") or self.ask_password()
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("password refused: " + " ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        user.groups.add(group)
        self.stdout.write(f"created editor {username}: log in at /admin/")

    def ask_password(self) -> str:
        first = getpass("Password: ")
        if first != getpass("Password (again): "):
            raise CommandError("the two passwords differ (nothing was changed)")
        return first
