"""Curated links for the collection: actors and aliases, events, mentions, cross-references.

Applied by load_collection right after the texts are imported, in the same transaction. What the
editors decided lives in fixtures/linking/ (outside fixtures/curation/, whose every *.json is a
document):

    actors.json         the register: persons, states, bodies, each with the aliases that occur
    events.json         dated events, with the phrases that name them
    mention_fixes.json  phrases never to tag, and per-passage additions and exclusions
    crossrefs.json      passage-to-passage links between the interview and the paper
    name_forms.json     each actor's names in any script and romanization (NameForm), with
                        the variants rules derive from them (documents/linking/names.py)

Mentions are found by the alias matcher of documents/linking/mentions.py (whole words, longest match
first, no overlaps) and corrected by the fixes. Everything is checked against the texts before
anything is written: a fix or a cross-reference that no longer matches its passage raises
LinkingCurationError (and load_collection's transaction leaves the database as it was), so the
curation cannot drift silently from the texts.

Actors and events are shared by all documents: those already in the database (perhaps edited in
the admin since) are left as they are, only missing ones are created. Mentions are stored for the
newly imported documents only, and cross-references that touch one of them.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from documents.linking import names
from documents.linking.mentions import AliasMatcher, Fix, FixMismatch, apply_fixes
from documents.linking.storing import ensure_actors, ensure_curated_name_forms, ensure_events
from documents.models import (
    Actor,
    CrossReference,
    DatePrecision,
    Footnote,
    Mention,
    Paragraph,
)

LINKING_DIR = Path(settings.BASE_DIR) / "fixtures" / "linking"


class LinkingCurationError(ValueError):
    """The curated linking data is inconsistent, or no longer matches the texts."""


@dataclass(frozen=True)
class PassageRef:
    """A cross-reference end: paragraph `position` of `document`, which starts with `quote`."""

    document: str
    position: int
    quote: str


@dataclass(frozen=True)
class CuratedXref:
    source: PassageRef
    target: PassageRef
    relation: str
    reason: str


@dataclass
class Curation:
    """The contents of fixtures/linking/, read and checked for consistency."""

    actors: list[dict]
    events: list[dict]
    never_tag: list[dict]
    # document slug → passage key ("p12" for paragraph 12, "n48" for note 48) → fixes
    fixes: dict[str, dict[str, list[Fix]]] = field(default_factory=dict)
    xrefs: list[CuratedXref] = field(default_factory=list)
    # actor slug → its curated name forms (dicts with NameForm's fields)
    name_forms: dict[str, list[dict]] = field(default_factory=dict)

    def matcher(self) -> AliasMatcher:
        """The alias table: actor names and aliases, event phrases, and blocked phrases."""
        pairs = []
        for actor in self.actors:
            target = ("actor", actor["slug"])
            pairs.append((actor["name"], target))
            pairs.extend((alias["name"], target) for alias in actor["aliases"])
        for event in self.events:
            pairs.extend((alias, ("event", event["slug"])) for alias in event["aliases"])
        pairs.extend((entry["phrase"], None) for entry in self.never_tag)
        try:
            return AliasMatcher(pairs)
        except ValueError as error:
            raise LinkingCurationError(f"fixtures/linking: {error}") from error


def _read(directory: Path, name: str) -> dict:
    path = directory / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LinkingCurationError(f"{path}: cannot be read as JSON: {error}") from error


def _fail(name: str, message: str):
    raise LinkingCurationError(f"fixtures/linking/{name}: {message}")


def _date(name: str, slug: str, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        _fail(name, f"event {slug}: {value!r} is not a date (YYYY-MM-DD)")


def _normalise_actor(entry: dict) -> dict:
    aliases = []
    for alias in entry.get("aliases", []):
        if isinstance(alias, str):
            alias = {"name": alias, "note": ""}
        aliases.append({"name": alias["name"], "note": alias.get("note", "")})
    return {
        "slug": entry["slug"],
        "name": entry["name"],
        "kind": entry.get("kind", Actor.Kind.PERSON),
        "dates": entry.get("dates", ""),
        "description": entry.get("description", ""),
        "aliases": aliases,
    }


def load_curation(directory: Path | None = None) -> Curation:
    """Read fixtures/linking/ and check it for consistency (not yet against the texts)."""
    directory = LINKING_DIR if directory is None else directory
    actors = [_normalise_actor(entry) for entry in _read(directory, "actors.json")["actors"]]
    actor_slugs = {actor["slug"] for actor in actors}
    if len(actor_slugs) != len(actors):
        _fail("actors.json", "an actor slug is used twice")
    for actor in actors:
        if actor["kind"] not in Actor.Kind.values:
            _fail("actors.json", f"actor {actor['slug']}: unknown kind {actor['kind']!r}")
        names = [alias["name"] for alias in actor["aliases"]]
        if len(set(names)) != len(names) or actor["name"] in names:
            _fail("actors.json", f"actor {actor['slug']}: an alias is listed twice")

    events = []
    for entry in _read(directory, "events.json")["events"]:
        slug = entry["slug"]
        event = {
            "slug": slug,
            "title": entry["title"],
            "date": _date("events.json", slug, entry["date"]),
            "end_date": _date("events.json", slug, entry.get("end_date")),
            "precision": entry.get("precision", DatePrecision.DAY),
            "date_label": entry.get("date_label", ""),
            "place": entry.get("place", ""),
            "description": entry.get("description", ""),
            "actors": entry.get("actors", []),
            "aliases": entry.get("aliases", []),
        }
        if event["precision"] not in DatePrecision.values:
            _fail("events.json", f"event {slug}: unknown precision {event['precision']!r}")
        if event["end_date"] and event["end_date"] < event["date"]:
            _fail("events.json", f"event {slug}: ends before it begins")
        if event["precision"] != DatePrecision.DAY and any(
            day and day.day != 1 for day in (event["date"], event["end_date"])
        ):
            _fail("events.json", f"event {slug}: a {event['precision']} date must be a 1st")
        if event["precision"] == DatePrecision.YEAR and event["date"].month != 1:
            _fail("events.json", f"event {slug}: a year date must be 1 January")
        unknown = set(event["actors"]) - actor_slugs
        if unknown:
            _fail("events.json", f"event {slug}: unknown actors {sorted(unknown)}")
        events.append(event)
    event_slugs = {event["slug"] for event in events}
    if len(event_slugs) != len(events):
        _fail("events.json", "an event slug is used twice")

    fixes_data = _read(directory, "mention_fixes.json")
    never_tag = fixes_data.get("never_tag", [])
    for entry in never_tag:
        if not entry.get("phrase") or not entry.get("reason", "").strip():
            _fail("mention_fixes.json", f"never_tag entry {entry!r} needs a phrase and a reason")
    fixes: dict[str, dict[str, list[Fix]]] = {}
    for slug, passages in fixes_data.get("passages", {}).items():
        for key, entries in passages.items():
            if not (key[:1] in ("p", "n") and key[1:].isdigit()):
                _fail("mention_fixes.json", f"{slug}: passage {key!r} is not p<N> or n<N>")
            for entry in entries:
                fixes.setdefault(slug, {}).setdefault(key, []).append(
                    _fix(slug, key, entry, actor_slugs, event_slugs)
                )

    xrefs = []
    for entry in _read(directory, "crossrefs.json")["crossrefs"]:
        xref = CuratedXref(
            source=PassageRef(**entry["source"]),
            target=PassageRef(**entry["target"]),
            relation=entry["relation"],
            reason=entry["reason"],
        )
        if xref.relation not in CrossReference.Relation.values:
            _fail("crossrefs.json", f"unknown relation {xref.relation!r}")
        if not xref.reason.strip() or len(xref.reason) > 300 or "\n" in xref.reason:
            _fail(
                "crossrefs.json",
                f"the reason must be one line of at most 300 characters: {xref.reason!r}",
            )
        if (xref.source.document, xref.source.position) == (
            xref.target.document,
            xref.target.position,
        ):
            _fail("crossrefs.json", f"a passage linked to itself: {xref.source}")
        xrefs.append(xref)
    pairs = [
        (x.source.document, x.source.position, x.target.document, x.target.position) for x in xrefs
    ]
    if len(set(pairs)) != len(pairs):
        _fail("crossrefs.json", "the same pair of passages is linked twice")

    name_forms = _name_forms(_read(directory, "name_forms.json"), actor_slugs)
    return Curation(actors, events, never_tag, fixes, xrefs, name_forms)


def _name_forms(data: dict, actor_slugs: set[str]) -> dict[str, list[dict]]:
    """The curated name forms, each checked as the admin checks them (script, system), with
    its basis (the entry's, unless the form gives its own)."""
    result: dict[str, list[dict]] = {}
    for entry in data["actors"]:
        slug = entry["slug"]
        where = f"actor {slug}"
        if slug not in actor_slugs:
            _fail("name_forms.json", f"{where}: not in actors.json")
        if slug in result:
            _fail("name_forms.json", f"{where}: listed twice")
        forms = []
        for raw in entry["forms"]:
            form = {
                "text": raw["text"],
                "language": raw["language"],
                "system": raw.get("system", ""),
                "family": raw.get("family", ""),
                "given": raw.get("given", ""),
                "preferred": raw.get("preferred", False),
                "basis": raw.get("basis") or entry.get("basis", ""),
            }
            for field_name, messages in names.problems(
                form["text"], form["language"], form["system"]
            ).items():
                _fail("name_forms.json", f"{where}, {field_name}: {' '.join(messages)}")
            if not form["basis"].strip():
                _fail("name_forms.json", f"{where}: {form['text']!r} says no basis")
            forms.append(form)
        if sum(form["preferred"] for form in forms) > 1:
            _fail("name_forms.json", f"{where}: more than one preferred form")
        keys = [(form["text"], form["language"]) for form in forms]
        if len(set(keys)) != len(keys):
            _fail("name_forms.json", f"{where}: a form is listed twice")
        result[slug] = forms
    return result


def _fix(slug: str, key: str, entry: dict, actor_slugs: set, event_slugs: set) -> Fix:
    where = f"{slug} {key}"
    if ("add" in entry) == ("exclude" in entry):
        _fail("mention_fixes.json", f"{where}: each fix either adds or excludes: {entry!r}")
    action = "add" if "add" in entry else "exclude"
    target = None
    if action == "add":
        if "actor" in entry:
            if entry["actor"] not in actor_slugs:
                _fail("mention_fixes.json", f"{where}: unknown actor {entry['actor']!r}")
            target = ("actor", entry["actor"])
        elif "event" in entry:
            if entry["event"] not in event_slugs:
                _fail("mention_fixes.json", f"{where}: unknown event {entry['event']!r}")
            target = ("event", entry["event"])
        else:
            _fail("mention_fixes.json", f"{where}: adding {entry['add']!r} names no actor or event")
    try:
        return Fix(
            action=action,
            quote=entry[action],
            occurrence=entry.get("occurrence", 1),
            target=target,
            reason=entry.get("reason", ""),
            within=entry.get("within", ""),
        )
    except ValueError as error:
        _fail("mention_fixes.json", f"{where}: {error}")


def apply(documents, directory: Path | None = None):
    """Store the curated linking data for the newly imported `documents` (a dict slug → Document).

    All or nothing: if any fix or cross-reference no longer matches its text, LinkingCurationError
    is raised and nothing is written. A fixed number of bulk queries, whatever the data size
    (SQLite splits a large bulk insert into batches of its own)."""
    if not documents:
        return
    curation = load_curation(directory)
    _check_documents_named(curation, set(documents))
    with transaction.atomic():
        actor_ids = ensure_actors(curation.actors)
        ensure_curated_name_forms(curation.name_forms, actor_ids)
        event_ids = ensure_events(curation.events, actor_ids)
        _store_mentions(documents, curation, actor_ids, event_ids)
        _store_xrefs(documents, curation.xrefs)


def _check_documents_named(curation: Curation, importing: set[str]) -> None:
    """Every document the fixes and cross-references name is one of the curated texts (a typo in
    a slug would otherwise make its fixes silently never apply)."""
    from documents.texts.collection import curation_files

    known = importing | {
        json.loads(path.read_text(encoding="utf-8"))["slug"] for path in curation_files()
    }
    named = set(curation.fixes) | {
        end.document for xref in curation.xrefs for end in (xref.source, xref.target)
    }
    unknown = named - known
    if unknown:
        raise LinkingCurationError(
            f"fixtures/linking: no curated document has the slug(s) {sorted(unknown)}"
        )


def ensure_name_forms(directory: Path | None = None) -> None:
    """The curated name forms for the actors already in the database that have none: a
    database loaded before name forms existed gets them from the next load_collection."""
    directory = LINKING_DIR if directory is None else directory
    actor_ids = dict(Actor.objects.values_list("slug", "id"))
    data = _read(directory, "name_forms.json")
    data = {**data, "actors": [entry for entry in data["actors"] if entry["slug"] in actor_ids]}
    ensure_curated_name_forms(_name_forms(data, set(actor_ids)), actor_ids)


def _store_mentions(documents, curation: Curation, actor_ids, event_ids) -> None:
    matcher = curation.matcher()
    slug_of = {document.pk: slug for slug, document in documents.items()}
    passages = [
        (slug_of[p.document_id], f"p{p.position}", p)
        for p in Paragraph.objects.filter(document_id__in=list(slug_of)).only(
            "id", "document_id", "position", "text"
        )
    ] + [
        (slug_of[n.document_id], f"n{n.number}", n)
        for n in Footnote.objects.filter(document_id__in=list(slug_of)).only(
            "id", "document_id", "number", "text"
        )
    ]
    pending = {slug: dict(curation.fixes.get(slug, {})) for slug in documents}
    mentions = []
    for slug, key, passage in passages:
        fixes = pending[slug].pop(key, [])
        try:
            spans = apply_fixes(passage.text, matcher.find(passage.text), fixes)
        except FixMismatch as error:
            _fail("mention_fixes.json", f"{slug} {key}: {error}")
        owner = {"paragraph": passage} if key[0] == "p" else {"footnote": passage}
        for span in spans:
            kind, target = span.target
            if len(span.surface) > Mention._meta.get_field("surface").max_length:
                _fail("mention_fixes.json", f"{slug} {key}: span too long: {span.surface!r}")
            mentions.append(
                Mention(
                    start=span.start,
                    end=span.end,
                    surface=span.surface,
                    actor_id=actor_ids[target] if kind == "actor" else None,
                    event_id=event_ids[target] if kind == "event" else None,
                    **owner,
                )
            )
    for slug, left in pending.items():
        if left:
            _fail(
                "mention_fixes.json", f"{slug}: fixes for passages it does not have: {sorted(left)}"
            )
    Mention.objects.bulk_create(mentions)


def _store_xrefs(documents, xrefs: list[CuratedXref]) -> None:
    """Store the cross-references that touch a newly imported document (and whose other end is
    in the database too), after checking that each end still starts with its quote."""
    wanted = [x for x in xrefs if x.source.document in documents or x.target.document in documents]
    involved = {end.document for x in wanted for end in (x.source, x.target)}
    paragraphs = defaultdict(dict)
    for paragraph in Paragraph.objects.filter(document__slug__in=involved).values(
        "id", "document__slug", "position", "text"
    ):
        paragraphs[paragraph["document__slug"]][paragraph["position"]] = paragraph
    stored = []
    for xref in wanted:
        ends = []
        for end in (xref.source, xref.target):
            if end.document not in paragraphs:
                break  # the other text is not loaded yet: linked when it is imported
            paragraph = paragraphs[end.document].get(end.position)
            if paragraph is None or not paragraph["text"].startswith(end.quote):
                found = (
                    paragraph["text"][: len(end.quote) + 20] if paragraph else "no such paragraph"
                )
                _fail(
                    "crossrefs.json",
                    f"{end.document} ¶{end.position} does not start with {end.quote!r} "
                    f"(it reads {found!r})",
                )
            ends.append(paragraph["id"])
        else:
            stored.append(
                CrossReference(
                    source_id=ends[0], target_id=ends[1], relation=xref.relation, reason=xref.reason
                )
            )
    CrossReference.objects.bulk_create(stored)
