"""What search should also find a note by: its references as data, in both scripts.

A note prints "AVPRF", "Fond 059a", "Filippov [Stalin]"; a researcher may type "АВПРФ",
"фонд 059a" or "Filippov" for a telegram addressed to "Stalin". So each note gets a line of
search terms built from its structured references (and, for an Ibid., from the reference it
repeats): the archive's abbreviation and full name in Latin and Cyrillic, the file's address
with each archival word in both scripts ("fond 059a фонд 059a opis 5a опись 5a …"), a
Cyrillic spelling of archival numbers written with Latin letters ("059а"), the cited
document's kind, author and addressee with every name of the person or body they name (the
register's aliases: "Filippov" for Stalin), and for an Ibid. or a short form the work it
stands for.

The terms are indexed with the note's text but never shown. Where they live depends on the
engine (documents/search/index.py, migration documents/0005_note_search_terms): on SQLite in
the `terms` column of the FTS5 table, on PostgreSQL in a `search_terms` column of
documents_footnote that the stored tsvector includes. They are rebuilt when a citation, an
archival file or document, an archive, a work, an actor or an alias is saved or deleted
(signals, connected in apps.py), after the curated citations are loaded, and after a migration
that had to refill the index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import partial

from django.db import connections

from documents.curation import batching

# The archive's own words for the parts of an address, as the notes print them in both scripts.
ADDRESS_WORDS = {
    "fond": ("fond", "фонд"),
    "opis": ("opis", "опись"),
    "delo": ("delo", "дело"),
    "papka": ("papka", "папка"),
}
LEAF_WORDS = ("list", "listy", "лист", "листы")
# Latin letters in archival numbers ("059a", "5a") are transliterated Cyrillic ones.
LATIN_TO_CYRILLIC = str.maketrans(
    {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "k": "к",
     "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
     "f": "ф"}
)  # fmt: skip
MIN_NAME = 3  # a name shorter than this is too ambiguous to stand for a person
CODE = re.compile(r"^[0-9]+[a-z]{1,2}$")  # an archival number with a letter: 059a, 5a
FIELDS = [
    "footnote_id",
    "kind",
    "short_form_of_id",
    # what the citation points at, directly …
    "archival_file__fond",
    "archival_file__opis",
    "archival_file__delo",
    "archival_file__papka",
    "archival_file__collection",
    "archival_file__reel",
    "archival_file__archive__abbreviation",
    "archival_file__archive__abbreviation_original",
    "archival_file__archive__name",
    "archival_file__archive__name_original",
    "archival_document__kind",
    "archival_document__title",
    "archival_document__author",
    "archival_document__addressee",
    "archival_document__folio_unit",
    "source__title",
    "source__container_title",
    "source__authors",
    "cited_in__title",
]
# … and through the citation an Ibid. repeats.
TARGETED = FIELDS[3:]


def fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class NameMatcher:
    """Finds, in a string such as "Filippov (Stalin)", the persons it names (whole words,
    ignoring case and accents) and gives back all their names. Only persons: the names of
    states include capitals by metonymy ("Washington"), which in "Soviet ambassador in
    Washington" name a place, not the United States."""

    def __init__(self, names: dict[int, list[str]]):
        self.names = names
        pattern_names = {}
        for actor, spellings in names.items():
            for spelling in spellings:
                if len(spelling) >= MIN_NAME:
                    pattern_names.setdefault(fold(spelling), set()).add(actor)
        self.actors_by_name = pattern_names
        alternatives = sorted(pattern_names, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
            if alternatives
            else None
        )

    def names_in(self, text: str) -> list[str]:
        if not text or self.pattern is None:
            return []
        found: list[str] = []
        for match in self.pattern.finditer(fold(text)):
            for actor in sorted(self.actors_by_name[match.group(1)]):
                found += [name for name in self.names[actor] if name not in found]
        return found


def cyrillic_spelling(value: str) -> str:
    """'059a' → '059а' (Cyrillic а), for a number typed on a Russian keyboard; '' if the
    value has no Latin letter."""
    lowered = value.casefold()
    return lowered.translate(LATIN_TO_CYRILLIC) if CODE.match(lowered) else ""


def terms_for(row: dict, names: NameMatcher, prefix: str = "") -> list[str]:
    """The search terms for one citation's target, read from `row` (a .values() row) with
    field names prefixed by `prefix` ("" or "ibid_of__")."""

    def get(name):
        return row.get(prefix + name) or ""

    terms: list[str] = []
    for abbreviation_field in ("abbreviation", "abbreviation_original", "name", "name_original"):
        terms.append(get(f"archival_file__archive__{abbreviation_field}"))
    terms += [get("archival_file__collection")]
    if get("archival_file__reel"):
        terms.append(f"reel {get('archival_file__reel')}")
    for part, words in ADDRESS_WORDS.items():
        value = get(f"archival_file__{part}")
        if value:
            for word in words:
                terms.append(f"{word} {value}")
            if cyrillic_spelling(value):
                terms.append(f"{words[1]} {cyrillic_spelling(value)}")
    if get("archival_document__folio_unit") == "leaf":
        terms += LEAF_WORDS
    terms += [get("archival_document__kind"), get("archival_document__title")]
    for person_field in ("archival_document__author", "archival_document__addressee"):
        value = get(person_field)
        terms.append(value)
        terms += names.names_in(value)
    return terms


def source_terms(row: dict, prefix: str = "") -> list[str]:
    terms = [
        row.get(prefix + "source__title") or "",
        row.get(prefix + "source__container_title") or "",
    ]
    for name in row.get(prefix + "source__authors") or []:
        if isinstance(name, dict):
            terms += [str(name.get(part, "")) for part in ("literal", "given", "family")]
    return terms


def build_terms(rows: Iterable[dict], names: NameMatcher) -> dict[int, str]:
    """{note id: its search terms}, from citation rows (FIELDS plus ibid_of__ TARGETED)."""
    terms: dict[int, list[str]] = {}
    for row in rows:
        note = terms.setdefault(row["footnote_id"], [])
        note += terms_for(row, names)
        if row["kind"] == "ibid":
            note.append("ibid")
            note += terms_for(row, names, "ibid_of__")
            note += source_terms(row, "ibid_of__")
        elif row["short_form_of_id"]:
            note += source_terms(row)
    result = {}
    for note, words in terms.items():
        unique = []
        for word in words:
            word = " ".join(word.split())
            if word and word not in unique:
                unique.append(word)
        result[note] = " ".join(unique)
    return result


def compute(citation_model, actor_model, alias_model, footnote_ids=None, using="default"):
    """{note id: terms} for the notes `footnote_ids` (all notes that hold citations if None).

    Takes the model classes so that a migration can pass its historical models; reads only
    fields (.values()), in three queries."""
    citations = citation_model._default_manager.using(using).all()
    if footnote_ids is not None:
        citations = citations.filter(footnote_id__in=list(footnote_ids))
    fields = FIELDS + [f"ibid_of__{name}" for name in TARGETED]
    rows = list(citations.order_by("footnote_id", "position").values(*fields))
    names: dict[int, list[str]] = {}
    persons = actor_model._default_manager.using(using).filter(kind="person")
    for pk, name in persons.values_list("pk", "name"):
        names.setdefault(pk, []).append(name)
    aliases = alias_model._default_manager.using(using).filter(actor__kind="person")
    for actor, name in aliases.values_list("actor_id", "name"):
        names.setdefault(actor, []).append(name)
    return build_terms(rows, NameMatcher(names))


def write(terms: dict[int, str], footnote_ids=None, using="default"):
    """Store the terms where the engine's index reads them (see has_storage); notes in
    `footnote_ids` that have no terms (any more) are cleared."""
    from documents.search.index import FTS_TABLE, PUBLIC_TABLE

    connection = connections[using]
    clear = set(footnote_ids or ()) - set(terms)
    values = [(text, pk) for pk, text in terms.items()] + [("", pk) for pk in sorted(clear)]
    if not values:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE documents_footnote SET search_terms = %s "
                "WHERE id = %s AND search_terms IS DISTINCT FROM %s",
                [(text, pk, text) for text, pk in values],
            )
        elif connection.vendor == "sqlite":
            for table in (FTS_TABLE, PUBLIC_TABLE):  # the public's index has them too
                cursor.executemany(
                    f"UPDATE {table} SET terms = %s WHERE rowid = %s * 2 + 1", values
                )


def has_storage(using="default") -> bool:
    """Whether the database has where to keep the terms (migration 0005 applied). One query."""
    from django.db.migrations.recorder import MigrationRecorder

    from documents.search.index import sqlite_index_has_terms

    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            return sqlite_index_has_terms(cursor)
    if connection.vendor == "postgresql":
        migration = ("documents", "0005_note_search_terms")
        return migration in MigrationRecorder(connection).applied_migrations()
    return False


def refresh(footnote_ids=None, using="default"):
    """Recompute and store the search terms of the given notes (all notes if None)."""
    from documents.models import Actor, ActorAlias

    from .models import Citation

    if footnote_ids is not None:
        footnote_ids = set(footnote_ids)
        if not footnote_ids:
            return
    if not has_storage(using):
        return
    terms = compute(Citation, Actor, ActorAlias, footnote_ids, using)
    if footnote_ids is None:
        from documents.models import Footnote

        footnote_ids = set(Footnote.objects.using(using).values_list("pk", flat=True))
    write(terms, footnote_ids, using)


# ---------------------------------------------------------------------------------------------
# Keeping the terms in step with the data (signal receivers, connected in citations/apps.py)


def _notes_citing(using, **condition):
    """Notes holding a citation that matches `condition`, directly or through an Ibid."""
    from django.db.models import Q

    from .models import Citation

    direct = Q(**condition)
    through = Q(**{f"ibid_of__{key}": value for key, value in condition.items()})
    return set(
        Citation.objects.using(using).filter(direct | through).values_list("footnote_id", flat=True)
    )


def _refresh_soon(footnote_ids, using):
    """Refresh these notes now, or once when a curation batch ends (a document deleted or
    restored: hundreds of citations, one recomputation)."""
    if not batching.defer(("search_terms", using), partial(refresh, using=using), footnote_ids):
        refresh(footnote_ids, using)


def citation_changed(sender, instance, raw=False, using="default", **kwargs):
    """A citation saved or deleted: its note, and the notes whose Ibid. repeats it (noted
    before a deletion, which empties their ibid_of)."""
    if raw or batching.announced(sender, instance.pk):
        return  # (a deletion announced: citations_deleting took its notes)
    notes = getattr(instance, "_notes_repeating", None)
    if notes is None:
        # Saved in a batch (a document restored: hundreds of citations): the notes that
        # repeat them are looked up together when it ends.
        if batching.defer(
            ("citations saved", using), partial(_citations_saved, using=using), [instance.pk]
        ):
            return
        notes = _notes_citing(using, pk=instance.pk)
    _refresh_soon(notes | {instance.footnote_id}, using)


def _citations_saved(pks, using="default"):
    """Citations saved in a batch: their notes and those whose Ibid. repeats them, refreshed."""
    notes = set()
    for chunk in batching.in_chunks(sorted(pks)):
        notes |= _notes_citing(using, pk__in=chunk)
    refresh(notes, using)


def citation_deleting(sender, instance, using="default", **kwargs):
    if batching.announced(sender, instance.pk):
        return  # (citations_deleting has them all)
    instance._notes_repeating = _notes_citing(using, pk=instance.pk)


def citations_deleting(sender, rows, using="default", **kwargs):
    """Many rows deleted at once (a document with its notes: curation/batching.py
    `deleting`): the notes that hold or repeat each citation it takes, found in a query per
    batching.ROWS_PER_QUERY citations rather than one per citation, refreshed once the
    deletion is done."""
    from .models import Citation

    citations = rows.get(Citation, [])
    notes = {citation.footnote_id for citation in citations}
    for chunk in batching.in_chunks([citation.pk for citation in citations]):
        notes |= _notes_citing(using, pk__in=chunk)
    if notes:
        _refresh_soon(notes, using)


def target_changed(sender, instance, raw=False, using="default", **kwargs):
    """An archive, file, archival document or work changed: the notes citing it."""
    if raw:
        return
    field = {
        "Archive": "archival_file__archive",
        "ArchivalFile": "archival_file",
        "ArchivalDocument": "archival_document",
        "Source": "source",
    }[sender.__name__]
    notes = _notes_citing(using, **{field: instance.pk})
    if sender.__name__ == "Source":
        notes |= _notes_citing(using, cited_in=instance.pk)
    _refresh_soon(notes, using)


def names_changed(sender, instance, raw=False, using="default", **kwargs):
    """An actor or an alias changed: notes citing a document with an author or addressee."""
    if raw:
        return
    from django.db.models import Q

    from .models import Citation

    named = Q(archival_document__author__gt="") | Q(archival_document__addressee__gt="")
    through = Q(ibid_of__archival_document__author__gt="") | Q(
        ibid_of__archival_document__addressee__gt=""
    )
    notes = set(
        Citation.objects.using(using).filter(named | through).values_list("footnote_id", flat=True)
    )
    _refresh_soon(notes, using)
