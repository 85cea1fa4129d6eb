"""A search for a name, in whatever form it is typed, resolved to the actor it names.

`Kim Ir Sen`, `김일성`, `金日成` and `Kim Il-sŏng` are one person: when the whole query (not in
quotes) folds to the key of one actor's name form (documents/linking/names.py fold_name), the
search finds the passages and notes that mention that actor (through the Mention rows, so a
form the texts never print still finds them) as well as those with the words typed, ranked and
highlighted by the spellings the texts actually use (the mentions' surfaces). A query in quotes
is an exact phrase and is never resolved: it finds what the text literally says.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import BooleanField, CharField, F, Q, Value

from documents.caching import memo
from documents.linking.names import LANGUAGES, fold_name
from documents.models import Actor, Mention, NameForm
from documents.search.query import PLAIN_WORD, QUOTES, Clause, ParsedQuery

ALSO_WRITTEN = 6  # forms listed after "also written"


@dataclass(frozen=True)
class Form:
    text: str
    language: str
    generated: bool

    @property
    def script(self) -> str:
        return LANGUAGES.get(self.language, ("", ""))[1]


@dataclass
class Resolution:
    actor: Actor  # pk, slug and name only
    also_written: list[Form]  # other forms, original scripts first
    query: ParsedQuery  # what to match, rank and highlight: the words typed, or any surface

    def narrow(self, queryset, literal: Q):
        """Of `queryset`, the passages that mention the actor or have the words typed
        (`literal`: the condition that a passage matches the query as typed)."""
        owner = "paragraph" if queryset.model.__name__ == "Paragraph" else "footnote"
        mentioned = Mention.objects.filter(actor=self.actor, **{f"{owner}__isnull": False})
        return queryset.filter(Q(pk__in=mentioned.values(owner)) | literal)


SCRIPT_ORDER = {"Hang": 0, "Hani": 1, "Cyrl": 2, "Latn": 3}


def _rows(key: str):
    """One query: every name form of the actors with a form folded to `key`, and the
    spellings their mentions have in the texts (language "" marks a mention's surface)."""
    text = CharField()
    columns = {"actor_slug": F("actor__slug"), "actor_name": F("actor__name")}
    forms = NameForm.objects.filter(actor__name_forms__folded=key).values(
        "actor_id", "text", "language", "generated", **columns
    )
    surfaces = Mention.objects.filter(actor__name_forms__folded=key).values(
        "actor_id",
        text=F("surface"),
        language=Value("", output_field=text),
        generated=Value(False, output_field=BooleanField()),
        **columns,
    )
    return forms.order_by().union(surfaces.order_by())


def _kept_rows(key: str) -> list[dict]:
    """_rows(key) as of the collection version (memo.per_version): the same for every search
    for that name until a change, and reading the spellings of every mention of the actor
    grows with the corpus (`Shtykov` at 1,000 documents: 2,951 mentions, 6 ms on
    PostgreSQL). Kept under a digest of the key, whatever was typed."""
    digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
    return memo.per_version(f"search.names.{digest}", lambda: list(_rows(key)))


def resolve(query: ParsedQuery) -> Resolution | None:
    """The actor the whole query names, or None (an exact phrase in quotes, no name, or a name
    two actors share). One query, none once kept for the collection's version."""
    if not query or len(QUOTES.findall(query.text)) >= 2:
        return None  # (a lone quote is ignored by parse_query, and here too)
    key = fold_name(query.text)
    if not key:
        return None
    rows = _kept_rows(key)
    if len({row["actor_id"] for row in rows}) != 1:
        return None
    first = rows[0]
    actor = Actor(pk=first["actor_id"], slug=first["actor_slug"], name=first["actor_name"])
    forms = sorted(
        (Form(row["text"], row["language"], row["generated"]) for row in rows if row["language"]),
        key=lambda form: (SCRIPT_ORDER.get(form.script, 9), form.generated, form.text),
    )
    shown = {fold_name(actor.name), key}
    also = []
    for form in forms:
        if fold_name(form.text) not in shown:
            shown.add(fold_name(form.text))
            also.append(form)
    groups = [list(query.clauses)]
    for surface in sorted({row["text"] for row in rows if not row["language"]}):
        words = tuple(PLAIN_WORD.findall(surface))
        if words:
            groups.append([Clause(words)])
    resolved = ParsedQuery(
        text=query.text,
        clauses=list(query.clauses),
        truncated=query.truncated,
        dropped=query.dropped,
        any_of=groups,
    )
    return Resolution(actor, also[:ALSO_WRITTEN], resolved)
