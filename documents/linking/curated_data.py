"""The curated linking data of fixtures/linking/ as values, each file's entries checked for
consistency (not yet against the texts; documents/linking/curated.py reads the files through
these and stores the result)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from documents.linking import names
from documents.linking.mentions import AliasMatcher, Fix
from documents.models import Actor, CrossReference, DatePrecision


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


def _actors(data: dict) -> list[dict]:
    """actors.json: the register's actors with their aliases."""
    actors = [_normalise_actor(entry) for entry in data["actors"]]
    actor_slugs = {actor["slug"] for actor in actors}
    if len(actor_slugs) != len(actors):
        _fail("actors.json", "an actor slug is used twice")
    for actor in actors:
        if actor["kind"] not in Actor.Kind.values:
            _fail("actors.json", f"actor {actor['slug']}: unknown kind {actor['kind']!r}")
        names = [alias["name"] for alias in actor["aliases"]]
        if len(set(names)) != len(names) or actor["name"] in names:
            _fail("actors.json", f"actor {actor['slug']}: an alias is listed twice")
    return actors


def _events(data: dict, actor_slugs: set[str]) -> list[dict]:
    """events.json: dated events, with the phrases that name them and the actors taking part."""
    events = []
    for entry in data["events"]:
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
    return events


def _mention_fixes(fixes_data: dict, actor_slugs: set, event_slugs: set) -> tuple[list, dict]:
    """mention_fixes.json: the phrases never to tag, and the fixes by document and passage."""
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
    return never_tag, fixes


def _xrefs(data: dict) -> list[CuratedXref]:
    """crossrefs.json: passage-to-passage links, each pair once."""
    xrefs = []
    for entry in data["crossrefs"]:
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
    return xrefs


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
