"""Create the "Editors" group with exactly the permissions curation needs (see
documents.curation.roles; the code run here is its frozen copy, _frozen_roles.py)."""

from django.db import migrations

from documents.migrations._frozen_roles import sync_editors_group


def create_editors_group(apps, schema_editor):
    sync_editors_group(apps, schema_editor)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0003_history_and_versions"),
        ("citations", "0003_history"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
