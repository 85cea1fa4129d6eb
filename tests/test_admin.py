"""The curation admin, through its real views, as an editor (Editors group, staff, not superuser):
who may enter, what every list and page offers, the document page with its inlines, publishing,
and merging duplicate actors."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client

from documents.curation.roles import editor_permissions
from documents.models import (
    Actor,
    ActorAlias,
    CrossReference,
    Document,
    Event,
    Mention,
    Paragraph,
    Section,
)

from .admin_support import (
    admin_url,
    change_form_data,
    import_interview,
    inline_prefix,
)

CURATED_APPS = ("documents", "citations")


@pytest.fixture
def interview(db):
    return import_interview()


def curated_model_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in CURATED_APPS
    ]


@pytest.mark.django_db
class TestWhoMayEnter:
    def test_anonymous_users_get_the_login_page_and_no_draft(self, client, paper):
        Document.objects.filter(pk=paper.pk).update(status=Document.Status.DRAFT)
        for url in ("/admin/", "/admin/documents/document/", admin_url(paper)):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
        assert client.get(paper.get_absolute_url()).status_code == 404

    def test_a_logged_in_user_without_staff_status_gets_no_admin_page(
        self, client, django_user_model, paper
    ):
        user = django_user_model.objects.create_user("reader", password="a long password here")
        user.groups.add(Group.objects.get(name="Editors"))  # even in the group: not staff
        client.force_login(user)
        Document.objects.filter(pk=paper.pk).update(status=Document.Status.DRAFT)
        for url in ("/admin/", admin_url(paper), "/admin/documents/document/import/"):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
        assert client.get(paper.get_absolute_url()).status_code == 404
        first = paper.paragraphs.order_by("position").first()
        assert first.text[:60].encode() not in client.get("/search/?q=Soviet").content

    @pytest.mark.parametrize(
        "url",
        [
            "/admin/auth/user/",
            "/admin/auth/user/add/",
            "/admin/auth/group/",
            "/admin/auth/group/add/",
        ],
    )
    def test_an_editor_cannot_reach_user_management(self, editor_client, editor, url):
        assert editor_client.get(url).status_code == 403
        assert editor_client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == 403

    def test_the_index_offers_curation_and_not_users(self, editor_client):
        page = editor_client.get("/admin/").content.decode()
        assert 'href="/admin/documents/document/"' in page
        assert 'href="/admin/citations/citation/"' in page
        assert "/admin/auth/" not in page

    def test_the_editors_group_has_exactly_the_curation_permissions(self):
        group = Group.objects.get(name="Editors")
        granted = {
            (permission.content_type.app_label, permission.codename)
            for permission in group.permissions.select_related("content_type")
        }
        assert granted == editor_permissions(apps)
        assert {label for label, _ in granted} == set(CURATED_APPS)
        assert ("documents", "view_historicalparagraph") in granted
        assert ("documents", "change_historicalparagraph") not in granted
        for model in apps.get_app_config("documents").get_models():
            if not model._meta.model_name.startswith("historical"):
                for action in model._meta.default_permissions:  # (none for a stored render)
                    assert ("documents", f"{action}_{model._meta.model_name}") in granted
        assert not Permission.objects.filter(group=group, content_type__app_label="auth").exists()


@pytest.mark.django_db
class TestEveryEntity:
    @pytest.mark.parametrize(
        "model", [model for model, _ in curated_model_admins()], ids=lambda m: m.__name__
    )
    def test_list_and_add_pages_open_for_an_editor(self, editor_client, paper, model):
        opts = model._meta
        listing = editor_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert listing.status_code == 200
        assert editor_client.get(f"/admin/{opts.app_label}/{opts.model_name}/add/").status_code in (
            200,
            403,  # only where adding is refused on purpose
        )

    def test_every_list_searches_and_relations_use_autocomplete(self):
        for model, model_admin in curated_model_admins():
            assert model_admin.search_fields, model
            assert callable(getattr(model, "get_absolute_url", None)), model
            assert model_admin.view_on_site, model
            many = [
                f.name
                for f in model._meta.get_fields()
                if f.is_relation and f.concrete and (f.many_to_one or f.many_to_many)
            ]
            shown = set(model_admin.autocomplete_fields) | set(model_admin.raw_id_fields)
            readonly = set(model_admin.get_readonly_fields(None, model()))
            assert set(many) - shown - readonly == set(), model

    def test_lists_search_and_filter(self, editor_client, paper, interview):
        response = editor_client.get("/admin/documents/paragraph/?q=Pusan")
        assert response.status_code == 200
        rows = response.context["cl"].result_list
        assert rows and all("Pusan" in paragraph.text for paragraph in rows)
        filtered = editor_client.get(
            f"/admin/documents/paragraph/?document__id__exact={interview.pk}"
        )
        assert {p.document_id for p in filtered.context["cl"].result_list} == {interview.pk}
        notes = editor_client.get("/admin/documents/footnote/?q=AVPRF").context["cl"].result_list
        assert notes and all("AVPRF" in note.text for note in notes)

    def test_change_pages_link_to_the_public_page(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=14)
        note = paper.footnotes.get(number=3)
        actor = Actor.objects.create(slug="stalin", name="Joseph Stalin")
        for obj in (paper, paragraph, note, actor):
            page = editor_client.get(admin_url(obj)).content.decode()
            match = re.search(r'href="(/admin/r/\d+/\d+/)" class="viewsitelink"', page)
            assert match, obj
            assert editor_client.get(match.group(1))["Location"].endswith(obj.get_absolute_url())

    def test_autocomplete_finds_paragraphs_by_their_words(self, editor_client, paper):
        response = editor_client.get(
            "/admin/autocomplete/",
            {
                "term": "Pusan",
                "app_label": "documents",
                "model_name": "crossreference",
                "field_name": "target",
            },
        )
        assert response.status_code == 200
        results = response.json()["results"]
        assert results
        assert all("¶" in result["text"] for result in results)


@pytest.mark.django_db
class TestDocumentPage:
    def test_sections_paragraphs_and_notes_in_reading_order(self, editor_client, paper):
        response = editor_client.get(admin_url(paper))
        assert response.status_code == 200
        formsets = {
            inline.formset.model: inline.formset
            for inline in response.context["inline_admin_formsets"]
        }
        # a page of rows at a time (tests/test_admin_long_document.py pages through the rest)
        positions = [form.instance.position for form in formsets[Paragraph].forms]
        assert positions == list(range(1, 13))
        numbers = [form.instance.number for form in formsets[paper.footnotes.model].forms]
        assert numbers == list(range(1, 13))
        assert [form.instance.position for form in formsets[Section].forms] == [1, 2, 3, 4, 5]
        paragraph_form = formsets[Paragraph].forms[0]
        assert {"kind", "speaker", "text", "section"} <= set(paragraph_form.fields)
        # What the editor saw travels with the form, so a later save knows what they changed.
        page = response.content.decode()
        assert 'name="initial-title"' in page and 'name="initial-paragraphs-0-text"' in page
        assert 'name="paragraphs-0-base_version"' in page

    def test_the_document_page_makes_a_fixed_number_of_queries(
        self, editor_client, paper, django_assert_max_num_queries
    ):
        # (once first: what a process reads once and keeps, content types and the like, is
        # not the page's cost; run alone, the test would count it)
        assert editor_client.get(admin_url(paper)).status_code == 200
        with django_assert_max_num_queries(15) as captured:
            assert editor_client.get(admin_url(paper)).status_code == 200
        baseline = len(captured)
        # A longer text costs not one query more.
        section = paper.sections.first()
        Paragraph.objects.bulk_create(
            Paragraph(document=paper, section=section, position=100 + i, text=f"Added {i}.")
            for i in range(40)
        )
        with django_assert_max_num_queries(baseline):
            assert editor_client.get(admin_url(paper)).status_code == 200

    def test_saving_the_page_makes_a_fixed_number_of_queries(
        self, editor_client, interview, django_assert_max_num_queries
    ):
        response = editor_client.get(admin_url(interview))
        data = change_form_data(response)
        paragraph = interview.paragraphs.get(position=3)
        data[f"{inline_prefix(response, 'paragraph', paragraph)}-speaker"] = "interviewer"
        with django_assert_max_num_queries(30):
            saved = editor_client.post(admin_url(interview), data)
        assert saved.status_code == 302, saved.context and saved.context["errors"]

    def test_fix_a_speaker_in_the_paragraph_inline(self, editor_client, editor, interview):
        response = editor_client.get(admin_url(interview))
        paragraph = interview.paragraphs.get(position=1)
        data = change_form_data(response)
        prefix = inline_prefix(response, "paragraph", paragraph)
        data[f"{prefix}-speaker"] = Paragraph.Speaker.INTERVIEWER
        data[f"{prefix}-kind"] = Paragraph.Kind.QUESTION
        saved = editor_client.post(admin_url(interview), data)
        assert saved.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.speaker == "interviewer" and paragraph.kind == "question"
        latest = paragraph.history.order_by("-history_date").first()
        assert latest.history_user == editor
        # only the changed paragraph was written
        assert Paragraph.history.filter(document_id=interview.pk, history_type="~").count() == 1

    def test_a_new_paragraph_is_added_on_its_own_page_with_its_number(self, editor_client, paper):
        section = paper.sections.get(position=2)
        response = editor_client.post(
            "/admin/documents/paragraph/add/",
            {
                "document": paper.pk,
                "section": section.pk,
                "position": 52,
                "kind": "body",
                "speaker": "",
                "text": "An editor's added paragraph.",
                **_empty_inlines(),
            },
        )
        assert response.status_code == 302, response.context and response.context["errors"]
        assert paper.paragraphs.get(position=52).section == section


def _empty_inlines():
    data = {}
    for prefix in ("note_refs", "mentions", "xrefs_out"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


@pytest.mark.django_db
class TestPublishing:
    def test_publish_and_unpublish_from_the_list(self, editor_client, editor, paper):
        Document.objects.filter(pk=paper.pk).update(status=Document.Status.DRAFT)
        public = Client()
        assert public.get(paper.get_absolute_url()).status_code == 404

        response = editor_client.post(
            "/admin/documents/document/", {"action": "publish", "_selected_action": [paper.pk]}
        )
        assert response.status_code == 302
        paper.refresh_from_db()
        assert paper.status == Document.Status.PUBLISHED
        assert public.get(paper.get_absolute_url()).status_code == 200
        record = paper.history.order_by("-history_date").first()
        assert (record.history_user, record.history_change_reason) == (editor, "published")

        editor_client.post(
            "/admin/documents/document/", {"action": "unpublish", "_selected_action": [paper.pk]}
        )
        paper.refresh_from_db()
        assert paper.status == Document.Status.DRAFT
        assert public.get(paper.get_absolute_url()).status_code == 404
        # the editor still previews it, with the draft banner
        preview = editor_client.get(paper.get_absolute_url())
        assert preview.status_code == 200 and b"Draft" in preview.content

    def test_the_list_shows_status_and_counts(self, editor_client, paper, interview):
        response = editor_client.get("/admin/documents/document/?status__exact=published")
        rows = {document.slug: document for document in response.context["cl"].result_list}
        assert rows["paper"].paragraph_count == 51 and rows["paper"].note_count == 58
        assert rows["interview"].paragraph_count == 50


@pytest.mark.django_db
class TestMergeActors:
    def test_merge_through_the_confirmation_page(self, editor_client, paper, interview):
        kim = Actor.objects.create(slug="kim-il-sung", name="Kim Il Sung")
        duplicate = Actor.objects.create(
            slug="kim-il-sung-2", name="Kim Il-sung", description="Leader of North Korea."
        )
        ActorAlias.objects.create(actor=kim, name="Ким Ир Сен", note="Cyrillic")
        ActorAlias.objects.create(actor=duplicate, name="Kim Il-song")
        paragraph = interview.paragraphs.get(position=1)
        mention = Mention.objects.create(
            paragraph=paragraph, start=0, end=5, surface=paragraph.text[:5], actor=duplicate
        )
        event = Event.objects.create(slug="liberation", title="Liberation", date="1945-08-15")
        event.actors.add(duplicate)

        ask = editor_client.post(
            "/admin/documents/actor/",
            {"action": "merge", "_selected_action": [kim.pk, duplicate.pk]},
        )
        assert ask.status_code == 200
        page = ask.content.decode()
        assert "Kim Il Sung" in page and "Kim Il-sung" in page
        assert Actor.objects.count() == 2  # nothing merged before confirming

        done = editor_client.post(
            "/admin/documents/actor/",
            {
                "action": "merge",
                "_selected_action": [kim.pk, duplicate.pk],
                "post": "yes",
                "keep": kim.pk,
            },
        )
        assert done.status_code == 302
        assert list(Actor.objects.all()) == [kim]
        assert set(kim.aliases.values_list("name", flat=True)) == {
            "Ким Ир Сен",
            "Kim Il-song",
            "Kim Il-sung",
        }
        mention.refresh_from_db()
        assert mention.actor == kim
        assert list(event.actors.all()) == [kim]
        kim.refresh_from_db()
        assert kim.description == "Leader of North Korea."
        # the merged actor's last state is in the history
        assert Actor.history.filter(id=duplicate.pk, history_type="-").exists()

    def test_merging_needs_two_actors(self, editor_client):
        only = Actor.objects.create(slug="stalin", name="Joseph Stalin")
        response = editor_client.post(
            "/admin/documents/actor/",
            {"action": "merge", "_selected_action": [only.pk]},
            follow=True,
        )
        assert b"Select at least two actors" in response.content
        assert Actor.objects.count() == 1


@pytest.mark.django_db
def test_cross_reference_added_in_the_admin_links_two_passages(editor_client, paper, interview):
    source = interview.paragraphs.get(position=2)
    target = paper.paragraphs.get(position=14)
    response = editor_client.post(
        "/admin/documents/crossreference/add/",
        {
            "source": source.pk,
            "target": target.pk,
            "relation": "supports",
            "reason": "Both describe Soviet aims in Korea.",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    xref = CrossReference.objects.get()
    assert (xref.source, xref.target) == (source, target)


@pytest.mark.django_db
class TestMentions:
    def mention_data(self, response, **row):
        data = change_form_data(response)
        data.update(
            {
                "mentions-TOTAL_FORMS": "1",
                **{f"mentions-0-{name}": value for name, value in row.items()},
            }
        )
        return data

    def test_add_a_mention_by_its_words(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=14)
        actor = Actor.objects.create(slug="truman", name="Harry S. Truman")
        page = editor_client.get(admin_url(paragraph))
        data = self.mention_data(page, surface="Truman administration", actor=actor.pk)
        saved = editor_client.post(admin_url(paragraph), data)
        assert saved.status_code == 302, saved.context and saved.context["errors"]
        mention = Mention.objects.get()
        assert paragraph.text[mention.start : mention.end] == "Truman administration"
        shown = editor_client.get(admin_url(paragraph)).content.decode()
        assert f'<mark title="{mention.start}–{mention.end}">Truman administration</mark>' in shown

    def test_words_that_occur_twice_need_their_start(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=14)
        actor = Actor.objects.create(slug="moscow", name="Moscow")
        assert paragraph.text.count("Soviet") > 1
        page = editor_client.get(admin_url(paragraph))
        refused = editor_client.post(
            admin_url(paragraph), self.mention_data(page, surface="Soviet", actor=actor.pk)
        )
        assert refused.status_code == 200
        assert "“Soviet” occurs" in refused.content.decode()
        second = paragraph.text.index("Soviet", paragraph.text.index("Soviet") + 1)
        saved = editor_client.post(
            admin_url(paragraph),
            self.mention_data(page, surface="Soviet", start=second, actor=actor.pk),
        )
        assert saved.status_code == 302
        assert Mention.objects.get().start == second

    def test_words_not_in_the_text_are_refused(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=14)
        actor = Actor.objects.create(slug="stalin", name="Joseph Stalin")
        page = editor_client.get(admin_url(paragraph))
        refused = editor_client.post(
            admin_url(paragraph), self.mention_data(page, surface="Stalin", actor=actor.pk)
        )
        assert "“Stalin” is not in the text" in refused.content.decode()
        assert not Mention.objects.exists()

    def test_words_inside_a_longer_word_are_not_a_mention(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=14)
        actor = Actor.objects.create(slug="truman", name="Harry S. Truman")
        inside = paragraph.text.index("ruman administration")
        page = editor_client.get(admin_url(paragraph))
        for row in ({"surface": "ruman administration"}, {"surface": "ruman", "start": inside}):
            refused = editor_client.post(
                admin_url(paragraph), self.mention_data(page, actor=actor.pk, **row)
            )
            assert refused.status_code == 200
            assert "part of a longer word" in refused.content.decode()
        assert not Mention.objects.exists()

    def test_a_start_beyond_the_text_is_refused(self, editor_client, paper):
        paragraph = paper.paragraphs.get(position=14)
        actor = Actor.objects.create(slug="truman", name="Harry S. Truman")
        page = editor_client.get(admin_url(paragraph))
        refused = editor_client.post(
            admin_url(paragraph),
            self.mention_data(
                page, surface="Truman", start=len(paragraph.text) + 5, actor=actor.pk
            ),
        )
        assert refused.status_code == 200
        assert "reads “”, not “Truman”" in refused.content.decode()
        assert not Mention.objects.exists()

    def test_the_paragraph_page_shows_where_its_note_markers_stand(self, editor_client, paper):
        ref = paper.paragraphs.get(position=14).note_refs.select_related("footnote").get()
        text = ref.paragraph.text
        shown = editor_client.get(admin_url(ref.paragraph)).content.decode()
        before = text[ref.offset - 12 : ref.offset].replace("'", "&#x27;").replace('"', "&quot;")
        assert f"{before}<sup>{ref.footnote.number}</sup>" in shown
