"""What apps built on documents add to each search result, without documents importing them.

A result of /search/ is a paragraph or a note of a text (a dict: `hit_source` "paragraph" or
"note", `hit_id` its primary key, `hit_number`, `doc_slug`, `is_draft`, …; see
documents/search/views.py). What a paragraph or a note cites, and how a reference manager
should save it, is the citations app's, which imports documents and is never imported by it:
it registers a `ResultsExtension` in its AppConfig.ready() (citations.apps does). The search
page then lets every registered extension annotate the page's results at once, and includes
each extension's template in every result, with the result as `hit`.
"""

from __future__ import annotations


class ResultsExtension:
    """Adds nothing; subclasses override what they need."""

    template: str = ""  # included at the end of each result, with `hit` in its context

    def annotate_results(self, request, results: list[dict]) -> None:
        """Add keys to the page's results (at most 20), in a fixed number of queries whatever
        the page holds: the template reads them, and must not query."""


_registered: list[ResultsExtension] = []


def register(extension: ResultsExtension) -> None:
    if not any(type(known) is type(extension) for known in _registered):
        _registered.append(extension)


def registered() -> tuple[ResultsExtension, ...]:
    return tuple(_registered)


def templates() -> list[str]:
    """The templates the registered extensions include in each result, in registration order."""
    return [extension.template for extension in _registered if extension.template]
