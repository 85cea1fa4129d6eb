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

Each file's entries are read into values and checked in documents/linking/curated_data.py; this
module reads the directory and stores what it holds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import transaction

from documents.linking.curated_data import (
    CuratedXref,
    Curation,
    LinkingCurationError,
    PassageRef,
    _actors,
    _events,
    _fail,
    _mention_fixes,
    _name_forms,
    _read,
    _xrefs,
)
from documents.linking.mentions import FixMismatch, apply_fixes
from documents.linking.storing import ensure_actors, ensure_curated_name_forms, ensure_events
from documents.models import (
    Actor,
    CrossReference,
    Footnote,
    Mention,
    Paragraph,
)

__all__ = [
    "LINKING_DIR",
    "Curation",
    "CuratedXref",
    "LinkingCurationError",
    "PassageRef",
    "apply",
    "ensure_name_forms",
    "load_curation",
]

LINKING_DIR = Path(settings.BASE_DIR) / "fixtures" / "linking"


def load_curation(directory: Path | None = None) -> Curation:
    """Read fixtures/linking/ and check it for consistency (not yet against the texts)."""
    directory = LINKING_DIR if directory is None else directory
    actors = _actors(_read(directory, "actors.json"))
    actor_slugs = {actor["slug"] for actor in actors}
    events = _events(_read(directory, "events.json"), actor_slugs)
    event_slugs = {event["slug"] for event in events}
    never_tag, fixes = _mention_fixes(
        _read(directory, "mention_fixes.json"), actor_slugs, event_slugs
    )
    xrefs = _xrefs(_read(directory, "crossrefs.json"))
    name_forms = _name_forms(_read(directory, "name_forms.json"), actor_slugs)
    return Curation(actors, events, never_tag, fixes, xrefs, name_forms)


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
