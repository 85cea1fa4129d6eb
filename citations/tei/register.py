"""The register at the back of a document's TEI: the persons, bodies, events and archives the
text names, with their other names and addresses (see export.py)."""

from citations.tei.elements import actor_id, archive_id, clean, event_id, sub, xml_id
from documents.dates import DateSpan
from documents.models import Actor, ActorAlias, NameForm


class RegisterWriter:
    """TeiBuilder's register, of the `actors`, `events` and `archives` the body met."""

    def register(self, text):
        back = self.back_element
        aliases = self.aliases()
        forms = self.name_forms()
        persons = [a for a in self.actors.values() if a.kind == Actor.Kind.PERSON]
        bodies = [a for a in self.actors.values() if a.kind != Actor.Kind.PERSON]
        if not (persons or bodies or self.events or self.archives):
            if not len(back):
                text.remove(back)
            return
        div = sub(back, "div", type="register")
        sub(div, "head", "People, bodies, events and archives named in the text")
        if persons:
            listing = sub(div, "listPerson")
            for actor in sorted(persons, key=lambda a: a.name):
                person = xml_id(sub(listing, "person"), actor_id(actor))
                sub(person, "persName", actor.name, type="main")
                for alias in aliases.get(actor.pk, []):
                    sub(person, "persName", alias, type="alias")
                for form in forms.get(actor.pk, []):
                    name_form(person, "persName", form)
                self.actor_notes(person, actor)
        if bodies:
            listing = sub(div, "listOrg", type="actors")
            for actor in sorted(bodies, key=lambda a: a.name):
                org = xml_id(sub(listing, "org", type=actor.kind), actor_id(actor))
                sub(org, "orgName", actor.name, type="main")
                for alias in aliases.get(actor.pk, []):
                    sub(org, "orgName", alias, type="alias")
                for form in forms.get(actor.pk, []):
                    name_form(org, "orgName", form)
                self.actor_notes(org, actor)
        if self.events:
            listing = sub(div, "listEvent")
            for event in sorted(self.events.values(), key=lambda e: (e.date, e.title)):
                self.event(listing, event)
        if self.archives:
            listing = sub(div, "listOrg", type="archives")
            for archive in sorted(self.archives.values(), key=lambda a: a.abbreviation):
                org = xml_id(sub(listing, "org", type="archive"), archive_id(archive))
                sub(org, "orgName", archive.abbreviation, type="abbreviation")
                if archive.abbreviation_original:
                    sub(
                        org,
                        "orgName",
                        archive.abbreviation_original,
                        type="abbreviation",
                        xml_lang="ru",
                    )
                sub(org, "orgName", archive.name, type="full")
                if archive.name_original:
                    sub(org, "orgName", archive.name_original, type="full", xml_lang="ru")
                if archive.place:
                    sub(org, "placeName", archive.place)
                sub(org, "idno", self.absolute(archive.get_absolute_url()), type="URI")

    def actor_notes(self, element, actor: Actor):
        sub(element, "idno", self.absolute(actor.get_absolute_url()), type="URI")
        if actor.wikidata:
            sub(element, "idno", actor.wikidata, type="wikidata")
        if actor.viaf:
            sub(element, "idno", actor.viaf, type="VIAF")
        if actor.dates:
            sub(element, "note", actor.dates, type="dates")
        if actor.description:
            sub(element, "note", actor.description)

    def event(self, listing, event):
        dates = DateSpan.of_event(event.date, event.precision, event.end_date).tei_attributes()
        element = sub(listing, "event", ref=self.absolute(event.get_absolute_url()), **dates)
        xml_id(element, event_id(event))
        sub(element, "label", event.title)
        sub(element, "note", event.display_date, type="date")
        if event.place:
            sub(element, "note", event.place, type="place")
        if event.description:
            sub(element, "note", event.description)

    def aliases(self) -> dict[int, list[str]]:
        """Every other name of the actors mentioned, in one query."""
        names: dict[int, list[str]] = {}
        if self.actors:
            rows = ActorAlias.objects.filter(actor__in=list(self.actors)).order_by("name")
            for actor, name in rows.values_list("actor_id", "name"):
                names.setdefault(actor, []).append(name)
        return names

    def name_forms(self) -> dict[int, list[NameForm]]:
        """The name forms of the actors mentioned (the main name aside), in one query."""
        found: dict[int, list[NameForm]] = {}
        if self.actors:
            rows = NameForm.objects.filter(actor__in=list(self.actors)).select_related("actor")
            for form in rows.order_by("generated", "language", "text"):
                if not (form.preferred and form.text == form.actor.name):
                    found.setdefault(form.actor_id, []).append(form)
        return found


def name_form(parent, element_name: str, form: NameForm):
    """<persName|orgName xml:lang=… type="variant|generated" subtype=system>, with <surname>
    and <forename> inside where the form is just family and given name."""
    element = sub(
        parent,
        element_name,
        type="generated" if form.generated else "variant",
        subtype=form.system,
        xml_lang=form.language,
    )
    parts = None
    if element_name == "persName" and form.family and form.given:
        for separator in ("", " "):
            if form.text == f"{form.family}{separator}{form.given}":
                parts = [("surname", form.family), ("forename", form.given)]
            elif form.text == f"{form.given}{separator}{form.family}":
                parts = [("forename", form.given), ("surname", form.family)]
            if parts:
                break
    if not parts:
        element.text = clean(form.text)
        return element
    element.text = ""  # mixed content: pretty printing must not indent 金日成 into lines
    first = sub(element, parts[0][0], parts[0][1])
    sub(element, parts[1][0], parts[1][1])
    if separator:
        first.tail = separator
    return element
