"""Search ranking a historian trusts (issue 14): the text's paragraph that discusses what was
searched for comes before the notes whose references merely name it; a note still comes first
where it matches far better (tests/test_search.py TestRanking). Same order on both databases
(documents/search/index.py NOTE_WEIGHT)."""

import pytest

from .test_search import PAPER, links, make_document


@pytest.mark.django_db
class TestTheTextBeforeItsReferences:
    def test_lebedev_police_finds_paragraph_34_first(self, client, collection):
        # ¶34 discusses Lebedev's thesis on the North Korean police; notes 35–38 cite it
        # ("Cited in Lebedev, … the Creation of the North Korean Police Force").
        order = links(client.get("/search/", {"q": "Lebedev police"}))
        assert order[0] == f"/documents/{PAPER}/#p-34"
        assert {f"/documents/{PAPER}/#fn-{n}" for n in (36, 37, 38)} <= set(order[1:])

    def test_the_same_words_in_a_paragraph_and_a_note_put_the_paragraph_first(self, client, db):
        words = "Ignatiev reported on the police of Pyongyang."
        make_document("equal-matches", paragraphs=[words], notes=[words])
        assert links(client.get("/search/", {"q": "Ignatiev police"})) == [
            "/documents/equal-matches/#p-1",
            "/documents/equal-matches/#fn-1",
        ]

    def test_a_short_note_needs_a_much_better_match_than_a_paragraph_of_the_same_length(
        self, client, db
    ):
        # A paragraph and a note as long as each other, the note naming the word once more:
        # the note's words count for half, so the paragraph still leads.
        make_document(
            "near-matches",
            paragraphs=["Romanenko met the police chiefs of the province in October."],
            notes=["Romanenko to the police chiefs, October 1945; Romanenko, report."],
        )
        assert links(client.get("/search/", {"q": "Romanenko"}))[0] == (
            "/documents/near-matches/#p-1"
        )
