"""The admin pages for documents and what is read in them (registered on import):
documents (with import, restore and checks), passages (paragraphs, notes, sections) and
linking (actors, events, mentions, cross-references)."""

from . import documents, importing, labels, linking, passages  # noqa: F401

labels.install()  # autocompletes that tell two “Molotov” apart
