"""The public pages of the foundation: the collection list, drafts hidden, real 404s."""

import pytest

from documents.models import Document


@pytest.mark.django_db
class TestDocumentList:
    def test_home_lists_both_texts_with_counts(self, client, collection):
        response = client.get("/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "US Hegemony in Korean Studies and the Soviet Role in Early Postwar Korea" in page
        assert "Shen Zhihua on China, North Korea and the Cold War" in page
        assert ">51<" in page and ">58<" in page and ">50<" in page

    def test_documents_page(self, client, collection):
        response = client.get("/documents/")
        assert response.status_code == 200
        assert b'href="/documents/weathersby-soviet-role/"' in response.content

    def test_drafts_are_invisible_to_the_public(self, client, collection):
        Document.objects.filter(slug="shen-zhihua-interview").update(status=Document.Status.DRAFT)
        assert b'href="/documents/shen-zhihua-interview/"' not in client.get("/").content
        assert b'href="/documents/shen-zhihua-interview/"' not in client.get("/documents/").content
        assert b"Shen Zhihua on China, North Korea" not in client.get("/documents/").content
        assert client.get("/documents/shen-zhihua-interview/").status_code == 404

    def test_staff_preview_drafts_with_a_banner(self, editor_client, collection):
        Document.objects.filter(slug="shen-zhihua-interview").update(status=Document.Status.DRAFT)
        response = editor_client.get("/documents/shen-zhihua-interview/")
        assert response.status_code == 200
        assert b"Draft: only staff can see this document." in response.content


@pytest.mark.django_db
class TestNotFound:
    @pytest.mark.parametrize(
        "url",
        [
            "/documents/no-such-text/",
            "/documents/weathersby-soviet-role/notes/59/",
            "/actors/nobody/",
            "/events/never/",
            "/nowhere/",
        ],
    )
    def test_unknown_addresses_get_a_designed_404(self, client, collection, url):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Korea archive reader" in response.content
        assert b"Not found" in response.content
