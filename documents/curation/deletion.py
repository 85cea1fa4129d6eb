"""The admin's page that asks before deleting: what goes with the chosen rows, named a few at a
time and counted, not listed one by one.

Django's page names every row a deletion takes, each by its str() and a link: for the paper
that is 836 queries and a page of 122 KiB (each of its mentions reads its actor, each paragraph
and note its document) on the confirmation and again when the deletion is confirmed, since
Django asks the same question before it deletes. An editor reads which text goes, and how
many of its paragraphs, notes, mentions and citations go with it; a list of all 509
mentions of the paper says nothing more. So the rows chosen are named as Django names them,
and each kind of row that goes with them is counted, its first LISTED rows named: the
queries are Django's collection of the rows (one or two a kind) and LISTED names a kind,
whatever the size of the text. Permissions are checked for every row, as Django does, and the
rows that would stop the deletion (protected) are each named, as Django names them.
"""

from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

LISTED = 5  # rows of each kind named on the page; the others are counted


def deleted_objects(objs, request, admin_site):
    """As django.contrib.admin.utils.get_deleted_objects: (the nested list the page shows,
    {kind: count}, kinds the user may not delete, protected rows)."""
    objs = list(objs)
    if not objs:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def permitted(obj):
        model = type(obj)
        if admin_site.is_registered(model):
            if not admin_site.get_model_admin(model).has_delete_permission(request, obj):
                perms_needed.add(obj._meta.verbose_name)

    def named(obj):
        """As Django's: "Kind: name", linked to its change page where it has one."""
        opts = obj._meta
        if admin_site.is_registered(type(obj)):
            try:
                url = reverse(
                    f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=(quote(obj.pk),),
                )
            except NoReverseMatch:
                pass
            else:
                return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)
        if opts.auto_created:  # a many-to-many row: what it joins, not "Event_actors object (32)"
            joined = " ↔ ".join(str(getattr(obj, f.name)) for f in opts.fields if f.is_relation)
            return f"{capfirst(opts.verbose_name)}: {joined}"
        return f"{capfirst(opts.verbose_name)}: {obj}"

    chosen = {(type(obj), obj.pk) for obj in objs}
    for obj in objs:
        permitted(obj)
    groups = []
    for model, rows in collector.model_objs.items():
        others = [row for row in rows if (model, row.pk) not in chosen]
        if not others:
            continue
        for row in others:
            permitted(row)
        opts = model._meta
        noun = opts.verbose_name if len(others) == 1 else opts.verbose_name_plural
        shown = [named(row) for row in others[:LISTED]]
        if len(others) > LISTED:
            shown.append(f"… and {len(others) - LISTED} more")
        groups += [f"{len(others)} {noun}", shown]
    to_delete = [named(obj) for obj in objs]
    if groups:  # under the row chosen, as Django nests them; after several
        to_delete += [groups] if len(objs) == 1 else ["With them:", groups]
    protected = [named(obj) for obj in collector.protected]
    model_count = {
        model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()
    }
    return to_delete, model_count, perms_needed, protected
