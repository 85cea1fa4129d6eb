"""Drafted citations from the admin: the parser's references for a text's notes, stored as
Citation rows flagged ``needs_review`` for an editor to check in the review queue.

Only notes without citations are drafted, so nothing an editor settled is ever overwritten, and
drafting twice adds nothing. Archives, files and works already in the database are reused (as
in citations.curation). Explanatory prose and a quoted document's own note are never stored as
an archival document or a work: whatever the parser attached to them is dropped.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from . import curation, search_terms
from .citation_parser import parse_notes, to_fixture
from .management.commands.draft_citations import quoted_notes
from .models import Citation

NOT_REFERENCES = {Citation.Kind.EXPLANATORY, Citation.Kind.QUOTED_NOTE}


@dataclass
class Drafted:
    notes: int = 0
    citations: int = 0
    already: int = 0  # notes left alone: they have citations

    def __str__(self):
        if not self.notes:
            return "No note to draft: every note already has its citations."
        said = f"{self.citations} citation(s) drafted for {self.notes} note(s), to review"
        if self.already:
            said += f" ({self.already} note(s) already had citations and were left as they were)"
        return said


def draft(document, numbers=None) -> Drafted:
    """Draft the citations of `document`'s notes that have none (or of those of `numbers`)."""
    notes = list(document.footnotes.annotate(cited=Count("citations")).order_by("number"))
    wanted = {
        note.number
        for note in notes
        if not note.cited and (numbers is None or note.number in numbers)
    }
    result = Drafted(already=sum(1 for note in notes if note.cited))
    if not wanted:
        return result
    drafts = parse_notes([(n.number, n.text) for n in notes], quoted=quoted_notes(document))
    spec = to_fixture(document.slug, drafts)
    curated = {int(n): refs for n, refs in spec["notes"].items() if int(n) in wanted}
    outside = _prepare(curated)
    with transaction.atomic():
        archives = curation._archives(spec.get("archives", {}), curated)
        sources = curation._sources(spec.get("sources", {}), curated)
        curation._inherit_short_forms(curated, "draft")
        files = curation._files(curated, archives)
        items = curation._documents(curated, files, sources)
        by_number = {note.number: note for note in notes}
        created = _citations(curated, by_number, files, items, sources, outside)
        search_terms.refresh([by_number[number].pk for number in curated])
    result.notes, result.citations = len(curated), len(created)
    return result


def _prepare(curated):
    """Flag every draft for review; drop what explanatory prose must not carry; set aside links
    to references outside the drafted notes (resolved against stored citations afterwards)."""
    outside = {}
    for number, refs in curated.items():
        for position, ref in enumerate(refs, start=1):
            ref["needs_review"] = True
            if ref["kind"] in NOT_REFERENCES:
                for key in ("file", "document", "source", "cited_in"):
                    ref.pop(key, None)
            for key in ("ibid_of", "short_form_of"):
                if key in ref and ref[key][0] not in curated:
                    outside[(number, position, key)] = tuple(ref.pop(key))
    return outside


def _citations(curated, notes, files, items, sources, outside):
    made = {}
    for number in sorted(curated):
        for position, ref in enumerate(curated[number], start=1):
            citation = Citation(
                footnote=notes[number],
                position=position,
                kind=ref["kind"],
                printed=ref["printed"],
                printed_fields=ref.get("printed_fields", {}),
                **{name: ref[name] for name in curation.CITATION_FIELDS if name in ref},
            )
            if "file" in ref:
                key = curation._file_key(ref["file"]["archive"], ref["file"])
                citation.archival_file = files[key]
            if "_document_key" in ref:
                citation.archival_document = items[ref["_document_key"]]
            if "source" in ref:
                citation.source = sources[ref["source"]]
            if "cited_in" in ref:
                citation.cited_in = sources[ref["cited_in"]]
            made[(number, position)] = citation
    Citation.objects.bulk_create(made.values())
    stored = {
        (c.footnote.number, c.position): c
        for c in Citation.objects.filter(
            footnote__in=[notes[n] for n, _position in outside.values() if n in notes]
        ).select_related("footnote")
    }
    linked = []
    for number in sorted(curated):
        for position, ref in enumerate(curated[number], start=1):
            citation = made[(number, position)]
            for key in ("ibid_of", "short_form_of"):
                target = (
                    made.get(tuple(ref[key]))
                    if key in ref
                    else stored.get(outside.get((number, position, key), (0, 0)))
                )
                if key == "ibid_of" and target is not None and target.kind == Citation.Kind.IBID:
                    target = target.ibid_of or target
                if target is not None:
                    setattr(citation, key, target)
                    linked.append(citation)
    Citation.objects.bulk_update(set(linked), ["ibid_of", "short_form_of"])
    return list(made.values())
