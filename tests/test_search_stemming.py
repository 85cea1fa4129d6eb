"""Search finds word forms (issue 14): "approve" finds "approved" and "approval" on both
databases; a quoted phrase, a name or a Cyrillic word is still found as written; for equal
matches the text's paragraphs come before its notes. The oracle is a regular expression over
the stored passages (tests/test_search.py), not the engines."""

import pytest

from documents.models import Document

from .test_search import all_result_links, links, make_document, marks, passages_matching, word


@pytest.mark.django_db
class TestWordForms:
    def test_approve_finds_approved_and_approval(self, client, collection):
        found = all_result_links(client, q="approve")
        expected = passages_matching(r"(?<![^\W_])approv(e|ed|es|al|als|ing)(?![^\W_])")
        assert len(expected) >= 3
        assert sorted(found) == sorted(expected)

    def test_the_forms_found_are_marked(self, client, collection):
        marked = {m.lower() for m in marks(client.get("/search/", {"q": "approve"}))}
        assert marked and all(m.startswith("approv") for m in marked)
        assert "approved" in marked

    def test_stemming_both_ways(self, client, collection):
        assert sorted(all_result_links(client, q="approval")) == sorted(
            all_result_links(client, q="approve")
        )

    @pytest.mark.parametrize("name", ["Shtykov", "АВПРФ", "Российской"])
    def test_names_and_cyrillic_are_found_as_written(self, client, collection, name):
        found = all_result_links(client, q=name)
        assert found and sorted(found) == sorted(passages_matching(word(name)))

    def test_a_quoted_phrase_keeps_its_order(self, client, collection):
        found = all_result_links(client, q='"armistice negotiations"')
        expected = passages_matching(r"(?<![^\W_])armistice\W+negotiations?(?![^\W_])")
        assert found and sorted(found) == sorted(expected)
        reversed_phrase = all_result_links(client, q='"negotiations armistice"')
        reversed_expected = passages_matching(r"(?<![^\W_])negotiations?\W+armistice(?![^\W_])")
        assert sorted(reversed_phrase) == sorted(reversed_expected)


@pytest.mark.django_db
class TestParagraphsBeforeNotes:
    def test_equal_matches_put_the_paragraph_first(self, client):
        # The same words in a paragraph and in a note: the same statistics, the same rank.
        make_document(
            "equal-ranks",
            paragraphs=["The quartermaster signed the requisition."],
            notes=["The quartermaster signed the requisition."],
        )
        assert Document.objects.filter(slug="equal-ranks").exists()
        found = links(client.get("/search/", {"q": "quartermaster"}))
        assert found == ["/documents/equal-ranks/#p-1", "/documents/equal-ranks/#fn-1"]
