"""An Ibid. after a note with several references repeats them all (notes 49 and 50 after note
48: one telegram in two archival copies and its published text), so both copies' file pages
and every export agree; a doubtful archival address is flagged for the editors."""

import json
import re

import pytest

from citations.models import ArchivalFile

PAPER = "/documents/weathersby-soviet-role"


def notes_on_file_page(client, **address) -> list[int]:
    url = ArchivalFile.objects.get(archive__slug="avprf", **address).get_absolute_url()
    html = client.get(url).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    table = text[text.index("Every note that cites this file") :]
    return sorted({int(number) for number in re.findall(r"Note (\d+)", table)})


@pytest.mark.django_db
class TestIbidOfSeveral:
    def test_both_copies_file_pages_list_the_ibids(self, client, collection):
        # The copy in fond 45 is cited by note 48 alone; the one in fond 059a by notes 45 (the
        # Politburo decision) and 48. Notes 49 and 50 repeat note 48, so both copies.
        assert notes_on_file_page(client, fond="45", opis="1", delo="343") == [48, 49, 50]
        assert notes_on_file_page(client, fond="059a", opis="5a", delo="5") == [45, 48, 49, 50]

    @pytest.mark.parametrize("number", [49, 50])
    def test_the_ibid_exports_all_that_note_48_cites(self, client, collection, number):
        items = json.loads(client.get(f"{PAPER}/notes/{number}/cite.json").content)
        assert items == json.loads(client.get(f"{PAPER}/notes/48/cite.json").content)
        locations = sorted(item.get("archive_location", "") for item in items)
        assert locations == [
            "",
            "f. 059a, op. 5a, d. 5, p. 11, ll. 90–93",
            "f. 45, op. 1, d. 343, ll. 72–75",
        ]
        assert any(item.get("title") == "New Russian Documents" for item in items)

    def test_the_reader_names_note_48_for_each_repeat(self, client, collection):
        html = client.get(f"{PAPER}/notes/49/").content.decode()
        assert html.count(f'href="{PAPER}/notes/48/#ref-') == 3


@pytest.mark.django_db
def test_note_6s_fond_is_flagged_like_38_and_45(client, collection):
    for number in (6, 38, 45):
        page = client.get(f"{PAPER}/notes/{number}/").content.decode()
        assert "needs review" in page, number
    assert "Fond printed “04311”" in client.get(f"{PAPER}/notes/6/").content.decode()
