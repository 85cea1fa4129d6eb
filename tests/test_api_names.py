"""The API's actors carry their name forms, and ?q= finds an actor by any form of its name."""

import pytest


@pytest.mark.django_db
class TestActorNameForms:
    def test_an_actor_lists_its_forms_with_tags_and_systems(self, client, collection):
        actor = client.get("/api/actors/kim-il-sung").json()
        forms = {(f["text"], f["language"], f["script"], f["system"]) for f in actor["name_forms"]}
        assert ("김일성", "ko-Hang", "Hang", "") in forms
        assert ("Kim Il-sŏng", "ko-Latn", "Latn", "mr") in forms
        (preferred,) = [f for f in actor["name_forms"] if f["preferred"]]
        assert (preferred["text"], preferred["family"], preferred["given"]) == (
            "Kim Il Sung",
            "Kim",
            "Il Sung",
        )
        generated = [f for f in actor["name_forms"] if f["generated"]]
        assert generated and all(f["basis"].startswith("generated") for f in generated)

    @pytest.mark.parametrize("typed", ["毛泽东", "Mao Tse-tung", "mao zedong"])
    def test_q_finds_an_actor_by_any_form(self, client, collection, typed):
        found = client.get("/api/actors", {"q": typed}).json()
        assert [actor["slug"] for actor in found["items"]] == ["mao-zedong"]


@pytest.mark.django_db
class TestCslCreators:
    def test_an_archival_author_who_is_an_actor_gets_family_and_given(self, client, collection):
        items = client.get("/documents/weathersby-soviet-role/cite.json").json()
        authors = [name for item in items for name in item.get("author", [])]
        assert {"family": "Malik", "given": "Jacob"} in authors  # printed "Jacob Malik"
        assert {"family": "Stimson", "given": "Henry"} in authors
        assert {"literal": "Jacob Malik"} not in authors
        # a body stays one name
        assert {"literal": "United States Department of State"} in authors
