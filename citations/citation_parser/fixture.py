"""Drafts in the shape of fixtures/citations/*.json (what ``load_collection`` reads), for an
editor to correct: archives, works by slug, references by note, each doubt kept."""

from __future__ import annotations

import re
from dataclasses import asdict

from .archives import ARCHIVES
from .drafts import NoteDraft, SourceDraft, compact
from .repeats import key, source_key


def to_fixture(slug: str, notes: list[NoteDraft]) -> dict:
    """The drafts as a curation file (archives, sources by slug, references per note), each
    doubt kept as ``needs_review`` with the parser's reasons in ``editorial_note``."""
    sources: dict[str, dict] = {}
    slugs: dict[str, str] = {}

    def source_slug(source: SourceDraft) -> str:
        work = source_key(source)
        if work not in slugs:
            first = source.authors[0] if source.authors else {}
            lead = (
                first.get("family")
                or first.get("literal")
                or source.title
                or source.container_title
            )
            base = re.sub(r"[^a-z0-9]+", "-", key(lead or "work").split(" ")[0]).strip("-")
            base = f"{base}-{source.issued[:4]}" if source.issued else base
            candidate, n = base, 2
            while candidate in sources:
                candidate, n = f"{base}-{n}", n + 1
            slugs[work] = candidate
            sources[candidate] = compact(asdict(source))
        return slugs[work]

    archives = set()
    result = {}
    for note in notes:
        refs = []
        for reference in note.references:
            entry = compact(asdict(reference))
            for name in ("confidence", "reasons", "short_form"):
                entry.pop(name, None)
            for name in ("source", "cited_in"):
                if getattr(reference, name) is not None:
                    entry[name] = source_slug(getattr(reference, name))
            if reference.file is not None:
                archives.add(reference.file.archive)
            if reference.needs_review:
                entry["needs_review"] = True
                entry["editorial_note"] = "Parser: " + "; ".join(reference.reasons) + "."
            refs.append(entry)
        result[str(note.number)] = refs
    return {
        "document": slug,
        "archives": {
            name: compact({k: v for k, v in asdict(ARCHIVES[name]).items() if k != "slug"})
            for name in sorted(archives)
            if name in ARCHIVES
        },
        "sources": dict(sorted(sources.items())),
        "notes": result,
    }
