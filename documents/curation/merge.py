"""Merge duplicate actors: everything that points at the duplicates moves to the one kept.

Aliases, mentions and events (and any relation added to Actor later) are moved one row at a
time, so every move enters the history; each duplicate's own name becomes an alias of the actor
kept, so the register still finds it under that spelling, and each duplicate's address (its
slug, and the past slugs it had) becomes a past slug of the actor kept, so a cited
/actors/<duplicate>/ answers 301 to it. The duplicates are then deleted (their last state
stays in the history).
"""

from dataclasses import dataclass

from django.db import models, transaction

from documents.models import Actor, ActorAlias, NameForm, PastActorSlug


@dataclass(frozen=True)
class MergeSummary:
    kept: Actor
    merged: list[str]
    aliases: int
    mentions: int
    events: int

    def __str__(self):
        names = ", ".join(f"“{name}”" for name in self.merged)
        return (
            f"Merged {names} into “{self.kept}”: {self.aliases} alias(es), {self.mentions} "
            f"mention(s) and {self.events} event(s) moved."
        )


def merge_actors(kept: Actor, duplicates) -> MergeSummary:
    """Merge `duplicates` (actors other than `kept`) into `kept`, in one transaction."""
    duplicates = [actor for actor in duplicates if actor.pk != kept.pk]
    counts = {"aliases": 0, "mentions": 0, "events": 0}
    with transaction.atomic():
        kept = Actor.objects.select_for_update().get(pk=kept.pk)
        names = {alias.name for alias in kept.aliases.all()} | {kept.name}
        for duplicate in duplicates:
            for alias in duplicate.aliases.all():
                if alias.name in names:
                    alias.delete()
                    continue
                alias.actor = kept
                alias.save()
                names.add(alias.name)
                counts["aliases"] += 1
            if duplicate.name not in names:
                ActorAlias.objects.create(
                    actor=kept, name=duplicate.name, note=f"merged from “{duplicate.name}”"
                )
                names.add(duplicate.name)
                counts["aliases"] += 1
            for relation in Actor._meta.related_objects:
                model = relation.related_model
                if model is NameForm:  # the kept actor's preferred form stays the one
                    taken = set(kept.name_forms.values_list("text", "language"))
                    for form in duplicate.name_forms.all():
                        if (form.text, form.language) not in taken:
                            form.actor, form.preferred = kept, False
                            form.save()
                    continue
                if model is ActorAlias or hasattr(model, "instance_type"):
                    continue  # aliases done above; historical rows keep what they recorded
                # (the duplicate's past slugs move here with the other foreign keys)
                if relation.many_to_many:
                    accessor = relation.field.name
                    for obj in model._default_manager.filter(**{accessor: duplicate}):
                        getattr(obj, accessor).add(kept)
                        getattr(obj, accessor).remove(duplicate)
                        counts["events"] += model._meta.model_name == "event"
                elif isinstance(relation.field, models.ForeignKey):
                    name = relation.field.name
                    for obj in model._default_manager.filter(**{name: duplicate}):
                        setattr(obj, name, kept)
                        obj.save()
                        counts["mentions"] += model._meta.model_name == "mention"
            if not kept.description and duplicate.description:
                kept.description = duplicate.description
            if not kept.dates and duplicate.dates:
                kept.dates = duplicate.dates
        kept.save()
        merged = [duplicate.name for duplicate in duplicates]
        for duplicate in duplicates:
            duplicate.refresh_from_db()
            duplicate._change_reason = f"merged into “{kept.name}” (#{kept.pk})"
            duplicate.delete()
            PastActorSlug.objects.update_or_create(slug=duplicate.slug, defaults={"actor": kept})
    return MergeSummary(kept, merged, **counts)
