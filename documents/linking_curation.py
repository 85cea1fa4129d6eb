"""Curated links for the collection: actors and aliases, events, mentions, cross-references.

Applied by load_collection right after the texts are imported, in the same transaction.
"""


def apply(documents):
    """Store the curated linking data for the newly imported `documents` (a dict slug → Document)."""
