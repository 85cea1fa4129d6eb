"""Suggested mentions: the alias matcher run over a document with the actors and aliases now in
the database, for an editor to accept or reject (the admin's "Suggested mentions" page).

Nothing is stored here. A suggestion is an occurrence of an actor's name or alias, as whole
words, that no existing mention of the passage covers. A name two actors share is not
suggested (the matcher cannot decide; an editor adds it by hand), nor is a phrase the curated
linking marks "never tag" (fixtures/linking/mention_fixes.json).
"""

import json
from dataclasses import dataclass

from documents.linking.mentions import AliasMatcher
from documents.models import Actor, ActorAlias, Footnote, Mention, Paragraph

CONTEXT = 60  # characters shown on each side


@dataclass(frozen=True)
class Suggestion:
    passage: Paragraph | Footnote
    start: int
    end: int
    surface: str
    actor: Actor

    @property
    def key(self):
        """What the page's checkbox sends back: kind, passage, span and actor."""
        kind = "p" if isinstance(self.passage, Paragraph) else "n"
        return f"{kind}:{self.passage.pk}:{self.start}:{self.end}:{self.actor.pk}"

    @property
    def where(self):
        if isinstance(self.passage, Paragraph):
            return f"¶ {self.passage.position}"
        return f"note {self.passage.number}"

    @property
    def before(self):
        text = self.passage.text[max(0, self.start - CONTEXT) : self.start]
        return ("…" if self.start > CONTEXT else "") + text

    @property
    def after(self):
        text = self.passage.text[self.end : self.end + CONTEXT]
        return text + ("…" if self.end + CONTEXT < len(self.passage.text) else "")

    def mention(self):
        owner = "paragraph" if isinstance(self.passage, Paragraph) else "footnote"
        return Mention(
            start=self.start,
            end=self.end,
            surface=self.surface,
            actor=self.actor,
            **{owner: self.passage},
        )


def _never_tag():
    from documents.linking.curated import LINKING_DIR

    path = LINKING_DIR / "mention_fixes.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [entry["phrase"] for entry in data.get("never_tag", []) if entry.get("phrase")]


def matcher():
    """The alias table of the database: each actor's name and aliases; shared names left out."""
    actors = {actor.pk: actor for actor in Actor.objects.all()}
    names = {}
    for actor in actors.values():
        names.setdefault(actor.name.strip(), set()).add(actor.pk)
    for name, actor_id in ActorAlias.objects.values_list("name", "actor_id"):
        names.setdefault(name.strip(), set()).add(actor_id)
    pairs = [(name, next(iter(ids))) for name, ids in names.items() if name and len(ids) == 1]
    taken = {name for name, _ in pairs}
    pairs += [(phrase, None) for phrase in _never_tag() if phrase not in taken]
    return AliasMatcher(pairs), actors


def suggest(document) -> list[Suggestion]:
    """Every mention the matcher proposes in `document` that no stored mention covers."""
    table, actors = matcher()
    covered = {}
    for mention in Mention.objects.filter(paragraph__document=document).only(
        "paragraph_id", "start", "end"
    ):
        covered.setdefault(("p", mention.paragraph_id), []).append((mention.start, mention.end))
    for mention in Mention.objects.filter(footnote__document=document).only(
        "footnote_id", "start", "end"
    ):
        covered.setdefault(("n", mention.footnote_id), []).append((mention.start, mention.end))
    passages = [("p", p) for p in document.paragraphs.order_by("position")] + [
        ("n", n) for n in document.footnotes.order_by("number")
    ]
    found = []
    for kind, passage in passages:
        spans = covered.get((kind, passage.pk), [])
        for span in table.find(passage.text):
            if any(span.start < end and start < span.end for start, end in spans):
                continue
            found.append(
                Suggestion(passage, span.start, span.end, span.surface, actors[span.target])
            )
    return found
