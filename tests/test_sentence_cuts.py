"""Quoted contexts on event and actor pages are cut at sentence ends, and a full stop after an
initial or an abbreviation is not one ("see K. Weathersby", "Terentii F. Shtykov",
"General Order No. 1", "U.S. forces")."""

import pytest

from documents.reader.rendering import sentence_bounds


def sentence(text: str, word: str) -> str:
    start = text.index(word)
    low, high = sentence_bounds(text, start, start + len(word))
    return text[low:high]


@pytest.mark.parametrize(
    "text, word, expected",
    [
        (
            # note 44 of the paper, as printed
            "For the text of the document, see Weathersby, “New Russian Documents,” p. 72. "
            "For a more extensive discussion, see K. Weathersby “North Korea and the Armistice "
            "Negotiations.” The following discussion draws from this article.",
            "Armistice",
            "For a more extensive discussion, see K. Weathersby “North Korea and the Armistice "
            "Negotiations.”",
        ),
        (
            "The note was sent. Terentii F. Shtykov reported to Moscow. Nothing came of it.",
            "Moscow",
            "Terentii F. Shtykov reported to Moscow.",
        ),
        (
            "Stalin accepted General Order No. 1 at once. The zones followed.",
            "Stalin",
            "Stalin accepted General Order No. 1 at once.",
        ),
        (
            "Then U.S. forces landed at Inchon, e.g. on the coast. The war turned.",
            "Inchon",
            "Then U.S. forces landed at Inchon, e.g. on the coast.",
        ),
        (
            "The talks began in 1951. They lasted two years.",
            "lasted",
            "They lasted two years.",
        ),
    ],
)
def test_a_stop_after_an_initial_or_abbreviation_does_not_end_the_sentence(text, word, expected):
    assert sentence(text, word) == expected


@pytest.mark.django_db
def test_the_event_page_quotes_note_45_to_the_end_of_its_sentence(client, collection):
    """On a real page: the curated mention of the armistice negotiations in note 45 is
    quoted with the rest of its sentence, not cut after "see K."."""
    from documents.models import Footnote

    note = Footnote.objects.get(document__slug="weathersby-soviet-role", number=45)
    sentence_start = note.text.index("For a more extensive discussion")
    mention = note.mentions.filter(event__isnull=False, start__gt=sentence_start).first()
    assert mention is not None, "the curated mention of the negotiations in note 45"
    html = client.get(mention.event.get_absolute_url()).content.decode()
    assert "<mark>armistice negotiations</mark>, see K. Weathersby “North Korea and the" in html
