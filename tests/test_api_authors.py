"""The JSON API names several authors of an archival document as several, as the CSL export
does (note 39: “Shtykov and Tunkin to Molotov”), beside the note's own spelling."""

import pytest

from citations import exports
from citations.models import ArchivalDocument

PAPER = "weathersby-soviet-role"


def archival_documents(client, number):
    response = client.get(f"/api/documents/{PAPER}/notes/{number}")
    assert response.status_code == 200
    return [c["archival_document"] for c in response.json()["citations"] if c["archival_document"]]


@pytest.mark.django_db
class TestAuthors:
    def test_two_people_are_two_authors(self, client, collection):
        (telegram,) = archival_documents(client, 39)
        assert telegram["author"] == "Shtykov and Tunkin"  # as printed
        assert telegram["authors"] == ["Shtykov", "Tunkin"]
        # the same people, in the same order, as the CSL-JSON of the note names them
        csl = client.get(f"/documents/{PAPER}/notes/39/cite.json").json()
        (item,) = [item for item in csl if item["type"] == "manuscript"]
        assert [name["family"] for name in item["author"]] == telegram["authors"]

    def test_one_person_is_one_author(self, client, collection):
        (report,) = archival_documents(client, 14)
        assert report["authors"] == ["Jacob Malik"]

    def test_every_archival_document_agrees_with_its_csl(self, client, collection):
        response = client.get("/api/citations", {"page_size": 100, "kind": "archival"})
        served = [
            c["archival_document"] for c in response.json()["items"] if c["archival_document"]
        ]
        assert served and any(not d["authors"] for d in served)  # some have no author printed
        for document in served:
            csl = exports.people(ArchivalDocument.objects.get(pk=document["id"]).author)
            assert len(document["authors"]) == len(csl), document["author"]

    def test_the_description_says_authors_is_a_list_of_names(self, client, collection):
        schema = client.get("/api/openapi.json").json()
        field = schema["components"]["schemas"]["ArchivalDocumentOut"]["properties"]["authors"]
        assert field["type"] == "array" and field["items"] == {"type": "string"}
