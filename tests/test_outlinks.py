"""Out-links and authority identifiers (issue 14): a work's stable address online and a
person's Wikidata / VIAF identifiers are fields editors fill, validated by the form, shown
beside the reference or on the register and carried into CSL-JSON, TEI, JSON-LD and the API.
The fixture fills only the four FRUS volumes, verified in HistoryAtState/frus (see its "urls");
no actor carries an identifier (none could be verified)."""

import json

import pytest
from django.forms import modelform_factory

from citations.models import Source
from documents.models import Actor

FRUS = {
    "frus-1945-v2": "frus1945v02",
    "frus-1945-v6": "frus1945v06",
    "frus-1946-v8": "frus1946v08",
    "frus-potsdam-1945-v2": "frus1945Berlinv02",
}
PAPER = "weathersby-soviet-role"


class TestTheFormsValidate:
    SourceForm = modelform_factory(Source, fields=["url"])
    ActorForm = modelform_factory(Actor, fields=["wikidata", "viaf"])

    @pytest.mark.parametrize(
        "url", ["http://history.state.gov/x", "javascript:alert(1)", "ftp://a.org/b", "not a url"]
    )
    def test_a_source_address_must_be_https(self, url):
        form = self.SourceForm(data={"url": url})
        assert not form.is_valid() and "url" in form.errors

    def test_an_https_address_is_accepted(self):
        form = self.SourceForm(data={"url": "https://history.state.gov/historicaldocuments/x"})
        assert form.is_valid(), form.errors

    @pytest.mark.parametrize(
        "wikidata, viaf",
        [("42", ""), ("Q", ""), ("Q42x", ""), ("q42", ""), ("", "abc"), ("", "12-3"), ("", "0")],
    )
    def test_identifiers_must_have_their_pattern(self, wikidata, viaf):
        form = self.ActorForm(data={"wikidata": wikidata, "viaf": viaf})
        assert not form.is_valid()
        assert set(form.errors) == {"wikidata" if wikidata else "viaf"}

    def test_good_identifiers_and_empty_ones_are_accepted(self):
        assert self.ActorForm(data={"wikidata": "Q42", "viaf": "113230702"}).is_valid()
        assert self.ActorForm(data={"wikidata": "", "viaf": ""}).is_valid()


@pytest.mark.django_db
class TestTheFixture:
    def test_only_the_verified_frus_volumes_have_an_address(self, collection):
        filled = dict(Source.objects.exclude(url="").values_list("slug", "url"))
        assert filled == {
            slug: f"https://history.state.gov/historicaldocuments/{volume}"
            for slug, volume in FRUS.items()
        }

    def test_no_actor_carries_an_unverified_identifier(self, collection):
        assert not Actor.objects.exclude(wikidata="", viaf="").exists()


@pytest.mark.django_db
class TestWhereTheyShow:
    def test_beside_the_reference_on_a_note_page(self, client, collection):
        html = client.get(f"/documents/{PAPER}/notes/27/").content.decode()
        assert 'href="https://history.state.gov/historicaldocuments/frus1946v08"' in html
        assert "online at history.state.gov" in html

    def test_on_the_sources_page_only_for_the_volumes_with_one(self, client, collection):
        html = client.get("/sources/").content.decode()
        assert html.count('class="online"') == len(FRUS)

    def test_in_csl_json(self, client, collection):
        items = json.loads(client.get(f"/documents/{PAPER}/cite.json").content)
        urls = {item["id"]: item.get("URL") for item in items}
        assert urls["frus-1946-v8"] == "https://history.state.gov/historicaldocuments/frus1946v08"
        assert urls.get("matray-1985") in (None, "")

    def test_in_tei(self, client, collection):
        tei = client.get(f"/documents/{PAPER}.tei.xml").content.decode()
        assert '<ptr target="https://history.state.gov/historicaldocuments/frus1945v06"/>' in tei

    def test_in_the_api(self, client, collection):
        answer = client.get(
            "/api/citations", {"document": PAPER, "kind": "published", "page_size": 100}
        ).json()
        online = {
            item["source"]["slug"]: item["source"]["online"]
            for item in answer["items"]
            if item["source"]
        }
        assert online["frus-1945-v2"].endswith("/frus1945v02")
        assert online["matray-1985"] == ""

    def test_an_actors_identifiers_on_the_register_tei_json_ld_and_api(self, client, collection):
        actor = Actor.objects.get(name="Kim Il Sung")
        actor.wikidata, actor.viaf = "Q39464", "12345"  # test values, not claims
        actor.save()
        page = client.get(actor.get_absolute_url()).content.decode()
        assert 'href="https://www.wikidata.org/wiki/Q39464"' in page
        assert 'href="https://viaf.org/viaf/12345/"' in page
        tei = client.get(f"/documents/{PAPER}.tei.xml").content.decode()
        assert '<idno type="wikidata">Q39464</idno>' in tei
        assert '<idno type="VIAF">12345</idno>' in tei
        jsonld = client.get(f"/documents/{PAPER}/metadata.jsonld").content.decode()
        assert "https://www.wikidata.org/wiki/Q39464" in jsonld
        api = client.get("/api/actors", {"page_size": 100}).json()
        (found,) = [item for item in api["items"] if item["name"] == "Kim Il Sung"]
        assert (found["wikidata"], found["viaf"]) == ("Q39464", "12345")
