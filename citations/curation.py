"""Curated structured citations for the collection's footnotes.

Applied by load_collection right after the texts are imported, in the same transaction.
"""


def apply(documents):
    """Store the curated citations for the newly imported `documents` (a dict slug → Document)."""
