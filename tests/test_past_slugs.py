"""Merged and renamed actors keep their addresses: an old slug answers 301 to the actor now,
on its page and in the API; an address no actor ever had is still a 404."""

import pytest

from documents.curation.merge import merge_actors
from documents.models import Actor, PastActorSlug


@pytest.fixture
def stalin(db):
    return Actor.objects.create(slug="stalin", name="Joseph Stalin")


@pytest.fixture
def duplicate(db):
    return Actor.objects.create(slug="j-v-stalin", name="J. V. Stalin")


def moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(response["Location"]).status_code == 200


class TestMerge:
    def test_the_duplicates_address_moves_to_the_actor_kept(self, client, stalin, duplicate):
        merge_actors(stalin, [duplicate])
        moved(client, "/actors/j-v-stalin/", "/actors/stalin/")
        moved(client, "/api/actors/j-v-stalin", "/api/actors/stalin")
        assert client.get("/api/actors/stalin").json()["name"] == "Joseph Stalin"

    def test_a_duplicates_own_past_addresses_follow_it(self, client, stalin, duplicate):
        duplicate.slug = "stalin-jv"
        duplicate.save()
        merge_actors(stalin, [duplicate])
        for old in ("/actors/j-v-stalin/", "/actors/stalin-jv/"):
            moved(client, old, "/actors/stalin/")

    def test_a_merged_address_follows_a_later_rename(self, client, stalin, duplicate):
        merge_actors(stalin, [duplicate])
        stalin.refresh_from_db()
        stalin.slug = "joseph-stalin"
        stalin.save()
        for old in ("/actors/j-v-stalin/", "/actors/stalin/"):
            moved(client, old, "/actors/joseph-stalin/")


class TestRename:
    def test_the_old_slug_redirects(self, client, stalin):
        stalin.slug = "joseph-stalin"
        stalin.save()
        moved(client, "/actors/stalin/", "/actors/joseph-stalin/")
        moved(client, "/api/actors/stalin", "/api/actors/joseph-stalin")

    def test_renamed_back_the_slug_is_current_again(self, client, stalin):
        stalin.slug = "joseph-stalin"
        stalin.save()
        stalin.slug = "stalin"
        stalin.save()
        assert client.get("/actors/stalin/").status_code == 200
        moved(client, "/actors/joseph-stalin/", "/actors/stalin/")
        assert list(PastActorSlug.objects.values_list("slug", flat=True)) == ["joseph-stalin"]

    def test_a_save_that_keeps_the_slug_records_nothing(self, stalin):
        stalin.name = "I. V. Stalin"
        stalin.save()
        assert not PastActorSlug.objects.exists()

    def test_an_actor_with_that_slug_now_wins_over_the_past(self, client, stalin):
        stalin.slug = "joseph-stalin"
        stalin.save()
        Actor.objects.create(slug="stalin", name="Another Stalin")
        assert client.get("/actors/stalin/").status_code == 200
        assert "Another Stalin" in client.get("/actors/stalin/").content.decode()


class TestUnknown:
    def test_an_address_no_actor_had_is_a_404(self, client, stalin):
        assert client.get("/actors/nobody/").status_code == 404
        response = client.get("/api/actors/nobody")
        assert response.status_code == 404
        assert response.json() == {"detail": "No actor 'nobody'."}

    def test_the_api_describes_the_redirect(self, client, db):
        schema = client.get("/api/openapi.json").json()
        operation = schema["paths"]["/api/actors/{slug}"]["get"]
        assert "301" in operation["responses"]
