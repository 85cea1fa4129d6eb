"""Search resolves names: a query in any curated or generated form of an actor's name finds
the passages and notes that mention the actor, says whom it shows, and a quoted phrase still
finds only what the text literally says. Run on SQLite and PostgreSQL."""

import html
import re

import pytest

from documents.linking.names import fold_name
from documents.models import Mention, NameForm

from .test_search import all_result_links, links, marks

# Ten actors (persons and bodies), each with forms in several scripts and systems.
ACTORS = [
    "kim-il-sung",
    "joseph-stalin",
    "mao-zedong",
    "vyacheslav-molotov",
    "terentii-shtykov",
    "pak-hon-yong",
    "zhou-enlai",
    "peng-dehuai",
    "jacob-malik",
    "vasilii-lebedev",
    "soviet-civil-administration",
    "workers-party-of-korea",
]


def mentioned_in(slug):
    """Addresses of the passages and notes that mention the actor: the oracle."""
    found = set()
    for mention in Mention.objects.filter(actor__slug=slug).select_related(
        "paragraph__document", "footnote__document"
    ):
        if mention.paragraph:
            p = mention.paragraph
            found.add(f"/documents/{p.document.slug}/#p-{p.position}")
        else:
            n = mention.footnote
            found.add(f"/documents/{n.document.slug}/#fn-{n.number}")
    return found


def shown_for(response):
    match = re.search(r'Showing results for <a href="[^"]+">([^<]+)</a>', response.content.decode())
    return html.unescape(match.group(1)) if match else None


@pytest.mark.django_db
class TestEveryFormFindsItsActor:
    @pytest.mark.parametrize("slug", ACTORS)
    def test_each_curated_and_generated_form(self, client, collection, slug):
        expected = mentioned_in(slug)
        assert expected, f"{slug} is mentioned somewhere"
        forms = list(NameForm.objects.filter(actor__slug=slug))
        assert len(forms) >= 2
        for form in forms:
            response = client.get("/search/", {"q": form.text})
            assert shown_for(response) == form.actor.name, form.text
            found = set(all_result_links(client, q=form.text))
            assert expected <= found, (form.text, expected - found)

    def test_the_forms_the_issue_names(self, client, collection):
        kim = mentioned_in("kim-il-sung")
        for typed in [
            "Kim Ir Sen",
            "김일성",
            "金日成",
            "Kim Il-sŏng",
            "Gim Il-seong",
            "KIM ILSUNG",
        ]:
            assert set(all_result_links(client, q=typed)) >= kim, typed
        mao = mentioned_in("mao-zedong")
        for typed in ["毛泽东", "毛澤東", "Mao Tse-tung", "mao zedong"]:
            assert set(all_result_links(client, q=typed)) >= mao, typed
        shtykov = mentioned_in("terentii-shtykov")
        for typed in ["Штыков", "Štykov", "Stykov"]:
            assert set(all_result_links(client, q=typed)) >= shtykov, typed
        pak = mentioned_in("pak-hon-yong")
        for typed in ["Pak Hŏn-yŏng", "Pak Honyong", "박헌영", "朴憲永", "Bak Heon-yeong"]:
            assert set(all_result_links(client, q=typed)) >= pak, typed


@pytest.mark.django_db
class TestWhatThePageSays:
    def test_it_names_the_actor_and_other_forms_with_their_language(self, client, collection):
        page = client.get("/search/", {"q": "김일성"}).content.decode()
        assert shown_for(client.get("/search/", {"q": "김일성"})) == "Kim Il Sung"
        assert '<span lang="ru">Ким Ир Сен</span>' in page
        assert '<span lang="ko-Hani">金日成</span>' in page
        assert 'href="/actors/kim-il-sung/"' in page

    def test_the_texts_spellings_are_highlighted(self, client, collection):
        response = client.get("/search/", {"q": "Kim Ir Sen"})
        surfaces = {
            fold_name(surface)
            for surface in Mention.objects.filter(actor__slug="kim-il-sung").values_list(
                "surface", flat=True
            )
        }
        marked = {fold_name(html.unescape(mark)) for mark in marks(response)}
        assert "kimilsung" in marked and marked <= surfaces

    def test_a_quoted_form_is_an_exact_phrase_the_texts_do_not_have(self, client, collection):
        response = client.get("/search/", {"q": '"Kim Ir Sen"'})
        assert shown_for(response) is None and links(response) == []
        page = client.get("/search/", {"q": "Kim Ir Sen"}).content.decode()
        assert 'href="?q=%22Kim+Ir+Sen%22"' in page  # the way back to the literal search

    def test_a_name_still_finds_an_untagged_literal_use(self, client, collection):
        literal = set(all_result_links(client, q='"Kim Il Sung"'))
        resolved = set(all_result_links(client, q="Kim Il Sung"))
        assert literal <= resolved and mentioned_in("kim-il-sung") <= resolved

    def test_a_word_that_is_no_name_searches_as_before(self, client, collection):
        response = client.get("/search/", {"q": "telegram"})
        assert shown_for(response) is None and links(response)

    def test_facets_count_the_resolved_results(self, client, collection):
        response = client.get("/search/", {"q": "毛泽东", "kind": "note"})
        assert response.status_code == 200
        assert all("#fn-" in link for link in links(response))


@pytest.mark.django_db
def test_a_lone_quote_is_ignored_and_the_exact_link_is_one_phrase(client, collection):
    page = client.get("/search/", {"q": '"Kim Ir Sen'}).content.decode()
    assert "Showing results for" in page
    assert 'href="?q=%22Kim+Ir+Sen%22"' in page


@pytest.mark.django_db
class TestKeptUntilAChange:
    """What a name resolves to is kept per collection version (documents/search/names.py):
    an editor's new form, a renamed actor and a new spelling in a text show on the next
    search, as if nothing were kept."""

    def test_a_form_added_renamed_and_spelled_anew(self, client, collection, settings):
        settings.PAGE_CACHE = False  # what the search keeps, not a cached page
        assert shown_for(client.get("/search/", {"q": "Shtykoff"})) is None
        shtykov = NameForm.objects.filter(actor__slug="terentii-shtykov").first().actor
        NameForm.objects.create(actor=shtykov, text="Shtykoff", language="en")
        assert shown_for(client.get("/search/", {"q": "Shtykoff"})) == shtykov.name
        shtykov.name = "Terentii Fomich Shtykov"
        shtykov.save()
        assert shown_for(client.get("/search/", {"q": "Shtykoff"})) == "Terentii Fomich Shtykov"
        mention = Mention.objects.filter(actor=shtykov, paragraph__isnull=False).first()
        paragraph = mention.paragraph
        paragraph.text = (
            paragraph.text[: mention.start] + "Shtykoff" + paragraph.text[mention.end :]
        )
        paragraph.save()
        mention.surface, mention.end = "Shtykoff", mention.start + len("Shtykoff")
        mention.save()
        response = client.get("/search/", {"q": "Shtykov"})
        assert "Shtykoff" in {html.unescape(mark) for mark in marks(response)}
