"""Writing the curated register in bulk: actors with their aliases, their name forms with the
variants generated from them (an editor's form always wins), and events with their actors.
Used by the collection's linking step (documents.linking.curated) and by the admin, which
regenerates an actor's variants after an edit."""

from __future__ import annotations

from documents.linking import names
from documents.models import Actor, ActorAlias, Event, NameForm


def derived_forms(forms: list[dict]) -> list[dict]:
    """The generated variants of an actor's forms: one per spelling (folded) that no given form
    already has, so an editor's form always wins over a rule's."""
    taken = {names.fold_name(form["text"]) for form in forms}
    derived = []
    for form in forms:
        if form.get("generated"):
            continue
        for variant in names.generate(
            form["text"], form["language"], form["family"], form["given"]
        ):
            key = names.fold_name(variant.text)
            if key in taken:
                continue
            taken.add(key)
            derived.append(
                {
                    "text": variant.text,
                    "language": variant.language,
                    "system": variant.system,
                    "family": variant.family,
                    "given": variant.given,
                    "preferred": False,
                    "generated": True,
                    "basis": f"generated ({names.SYSTEMS[variant.system]}) from {form['text']}",
                }
            )
    return derived


def regenerate_name_forms(actor) -> None:
    """Replace an actor's generated forms by those its present forms yield (after an edit)."""
    NameForm.objects.filter(actor=actor, generated=True).delete()
    given = list(
        actor.name_forms.values("text", "language", "system", "family", "given", "generated")
    )
    NameForm.objects.bulk_create(
        NameForm(actor=actor, folded=names.fold_name(form["text"]), **form)
        for form in derived_forms(given)
    )


def ensure_curated_name_forms(curated: dict[str, list[dict]], actor_ids: dict[str, int]) -> None:
    """Store the curated name forms, and their generated variants, of every actor that has no
    name form yet (an actor whose forms were edited in the admin is left as it is)."""
    named = set(NameForm.objects.values_list("actor_id", flat=True).distinct())
    NameForm.objects.bulk_create(
        NameForm(actor_id=actor_ids[slug], folded=names.fold_name(form["text"]), **form)
        for slug, forms in curated.items()
        if actor_ids[slug] not in named
        for form in forms + derived_forms(forms)
    )


def ensure_actors(actors: list[dict]) -> dict[str, int]:
    """Create the actors (with their aliases) not yet in the database; return slug → id."""
    slugs = [actor["slug"] for actor in actors]
    present = set(Actor.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    new = [actor for actor in actors if actor["slug"] not in present]
    Actor.objects.bulk_create(
        Actor(
            slug=actor["slug"],
            name=actor["name"],
            kind=actor["kind"],
            dates=actor["dates"],
            description=actor["description"],
        )
        for actor in new
    )
    ids = dict(Actor.objects.filter(slug__in=slugs).values_list("slug", "id"))
    ActorAlias.objects.bulk_create(
        ActorAlias(actor_id=ids[actor["slug"]], name=alias["name"], note=alias["note"])
        for actor in new
        for alias in actor["aliases"]
    )
    return ids


def ensure_events(events: list[dict], actor_ids: dict[str, int]) -> dict[str, int]:
    """Create the events (with their actors) not yet in the database; return slug → id."""
    slugs = [event["slug"] for event in events]
    present = set(Event.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    new = [event for event in events if event["slug"] not in present]
    fields = ["title", "date", "end_date", "precision", "date_label", "place", "description"]
    Event.objects.bulk_create(
        Event(slug=event["slug"], **{name: event[name] for name in fields}) for event in new
    )
    ids = dict(Event.objects.filter(slug__in=slugs).values_list("slug", "id"))
    through = Event.actors.through
    through.objects.bulk_create(
        through(event_id=ids[event["slug"]], actor_id=actor_ids[slug])
        for event in new
        for slug in event["actors"]
    )
    return ids
