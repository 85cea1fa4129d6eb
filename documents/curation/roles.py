"""The "Editors" group: exactly the permissions curation needs, and nothing of user management.

Editors may add, change, delete and view every model of the curated apps (documents and
citations) and view their history (the historical models); they get no permission on users,
groups, sessions or the admin log. `sync_editors_group` works on any app registry, so a data
migration can call it with the historical one; call it again from a new migration when a model is
added to either app (a test fails until then).
"""

EDITORS = "Editors"
CURATED_APPS = ("documents", "citations")


def is_historical(model) -> bool:
    return model._meta.model_name.startswith("historical")


def editor_permissions(apps) -> set[tuple[str, str]]:
    """(app_label, codename) of every permission an editor has, for the given app registry."""
    wanted = set()
    for label in CURATED_APPS:
        for model in apps.get_app_config(label).get_models():
            name = model._meta.model_name
            actions = ("view",) if is_historical(model) else ("add", "change", "delete", "view")
            # (a model with no permissions, such as a stored render, is no one's to edit)
            actions = [a for a in actions if a in model._meta.default_permissions]
            wanted.update((label, f"{action}_{name}") for action in actions)
    return wanted


def sync_editors_group(apps, schema_editor=None):
    """Create the Editors group if needed and give it exactly `editor_permissions`."""
    from django.contrib.auth.management import create_permissions

    for label in CURATED_APPS:  # on a fresh database permissions appear only after migrate
        config = apps.get_app_config(label)
        config.models_module = getattr(config, "models_module", None) or True
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = editor_permissions(apps)
    permissions = [
        permission
        for permission in Permission.objects.filter(
            content_type__app_label__in=CURATED_APPS
        ).select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in permissions}
    if missing:
        raise RuntimeError(f"permissions not found: {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)
    return group
