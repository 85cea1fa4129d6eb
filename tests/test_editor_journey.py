"""The admin issue's "Done means", as one journey through the admin's real views.

Starting from the curated collection, as after `make run`, a new editor made with
`manage.py create_editor` logs in and, from the admin alone: imports a third text (upload →
preview → confirm), fixes a speaker, adds a mention, links a passage of the new text to one of
the paper, publishes the text, reads the change history with its diff, restores an older version,
and a second editor's conflicting save of the same paragraph is refused with both versions shown.

After each step the test looks where a user would: the public pages (as an anonymous reader),
the staff preview, the admin's pages and messages. The database is read only to check results.

The last test walks the whole path again in Chromium, as a member of Editors: import → accept
suggested mentions → review drafted citations → publish → fix a typo → resolve a conflict with
a colleague (a second browser context) → merge a duplicate actor, with an anonymous reader's
tab showing what each step changed (ADMIN_SCREENSHOTS=<dir> keeps the conflict screen).
"""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from documents.models import Actor, CrossReference, Document, Footnote, Mention, Paragraph

from .admin_support import admin_url, change_form_data, inline_prefix
from .page_html import parse
from .test_browser_admin import snapshot

IMPORT = "/admin/documents/document/import/"
CHANGELIST = "/admin/documents/document/"
PAPER_URL = "/documents/weathersby-soviet-role/"
KIM_URL = "/actors/kim-il-sung/"

SLUG = "elections-in-the-north"
URL = f"/documents/{SLUG}/"
TITLE = "Elections in the North, 1946"
# A small article as an editor would receive it: a title, two headed sections, two notes, and an
# exchange with a witness whose answer ends in a rhetorical question (so a rule that "a line
# ending in ? is the interviewer's" gets it wrong, and an editor has to fix the speaker).
THIRD_TEXT = """\
Elections in the North, 1946

The Soviet command

The Soviet command prepared the November elections with care.¹ Kim Il Sung spoke at the first meeting of the committee.

An exchange with a witness

Why did the Soviet command keep the lists under its own control?

Because it did not trust the local committees. Who would hand the lists to people they did not know?²

Notes

1. AVPRF, Fond 0102, Opis 1, Delo 15, Listy 18–21.
2. Conversation recorded by the author.
"""
QUESTION, ANSWER = 2, 3  # the exchange's paragraph numbers
REASON = "Both describe how Moscow meant to steer the elections."
PASSWORDS = {"mira": "a long and unusual editor password", "ben": "another editor's own passphrase"}


def create_editor(monkeypatch, username):
    """`manage.py create_editor USERNAME`, as the README says, then a login with the password."""
    monkeypatch.setenv("EDITOR_PASSWORD", PASSWORDS[username])
    out = io.StringIO()
    call_command("create_editor", username, stdout=out)
    assert out.getvalue() == f"created editor {username}: log in at /admin/\n"
    browser = Client()
    # Through the admin's sign-in form, as an editor would (and past the login throttle).
    response = browser.post(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORDS[username]}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    return browser


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return parse(response.content)


def saved(response):
    """An admin form was accepted (the admin redirects after a save)."""
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def speaker_shown(reader_page, position):
    block = reader_page.by_id(f"p-{position}").find("p", cls="speaker")
    return block.text if block is not None else None


def margin_note(reader_page, position, words):
    """The cross-reference beside ¶position whose text holds `words`, or None."""
    margin = reader_page.by_id(f"p-{position}").find("div", cls="margin-notes")
    notes = margin.find_all("p", cls="xref") if margin is not None else []
    return next((note for note in notes if words in note.text), None)


def autocomplete(client, model_name, field_name, term):
    """What the admin's autocomplete box offers for `term`: [(label, id)], in its order."""
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": term,
            "app_label": "documents",
            "model_name": model_name,
            "field_name": field_name,
        },
    )
    assert response.status_code == 200
    return [(result["text"], result["id"]) for result in response.json()["results"]]


def add_inline_row(response, data, model_name, **values):
    """Add a row to the inline of `model_name`, as the "Add another" button does: the empty
    row's fields (with their hidden initial values) under the next index, filled in."""
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model._meta.model_name == model_name
    )
    index = int(data[f"{formset.prefix}-TOTAL_FORMS"])
    data[f"{formset.prefix}-TOTAL_FORMS"] = str(index + 1)
    row = formset.empty_form
    for name, field in row.fields.items():
        value = row[name].value()
        key = row.add_prefix(name).replace("__prefix__", str(index))
        if getattr(field.widget, "input_type", None) == "checkbox":
            continue  # an unticked box posts nothing
        data[key] = "" if value is None else str(value)
        if field.show_hidden_initial:
            data[row.add_initial_prefix(name).replace("__prefix__", str(index))] = data[key]
    for name, value in values.items():
        data[f"{formset.prefix}-{index}-{name}"] = str(value)
    return data


@pytest.mark.django_db
# An autocomplete box pages through the admin's queryset: unordered, its pages could repeat or
# skip entries (Django warns; here that warning fails the test).
@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
class TestEditorJourney:
    def test_a_new_editor_curates_a_third_text_from_import_to_publication(
        self, monkeypatch, collection, weathersby_paper
    ):
        public = Client()
        mira = create_editor(monkeypatch, "mira")
        assert mira.get("/admin/auth/user/").status_code == 403  # curation, not user management

        document = self.import_the_text(mira, public)
        question = document.paragraphs.get(position=QUESTION)
        answer = document.paragraphs.get(position=ANSWER)
        first = document.paragraphs.get(position=1)

        self.fix_a_speaker(mira, document, question, answer)
        self.add_a_mention(mira, public, first)
        target = self.link_two_passages(mira, public, first, weathersby_paper)
        self.publish(mira, public, document, target)
        older = self.see_the_history(mira, document, answer)
        self.restore_the_older_version(mira, public, answer, older)

        ben = create_editor(monkeypatch, "ben")
        self.second_editors_conflicting_save_is_refused(mira, ben, public, answer)

    @pytest.mark.parametrize(
        "model_name,field_name,term,choices",
        [
            ("mention", "actor", "Jo", Actor.objects.order_by("name", "pk")),
            ("paragraph", "document", "", Document.objects.order_by("title", "pk")),
            ("footnoteref", "footnote", "AVPRF", Footnote.objects.order_by("document", "number")),
        ],
        ids=["actor", "document", "note"],
    )
    def test_autocomplete_boxes_offer_their_choices_in_order(
        self, monkeypatch, collection, model_name, field_name, term, choices
    ):
        offered = autocomplete(create_editor(monkeypatch, "mira"), model_name, field_name, term)
        assert len(offered) > 1
        ids = [int(pk) for _label, pk in offered]
        assert ids == list(choices.filter(pk__in=ids).values_list("pk", flat=True))

    # -- the steps ------------------------------------------------------------------------------

    def import_the_text(self, mira, public):
        preview = mira.post(
            IMPORT,
            {
                "file": SimpleUploadedFile(
                    "elections.txt", THIRD_TEXT.encode(), content_type="text/plain"
                ),
                "slug": SLUG,
                "kind": "article",
                "title": "",
            },
        )
        assert preview.status_code == 200
        shown = parse(preview.content)
        counts = {
            name: shown.by_id(f"count-{name}").text
            for name in ("sections", "paragraphs", "notes", "markers")
        }
        assert counts == {"sections": "2", "paragraphs": "3", "notes": "2", "markers": "2"}
        assert shown.find("p", cls="errornote") is None and shown.by_id("problems") is None
        assert "prepared the November elections with care.<sup>1</sup>" in preview.content.decode()
        assert not Document.objects.filter(slug=SLUG).exists()  # a preview writes nothing

        form = preview.context["confirm"]  # the hidden fields the page carries to the confirmation
        confirm = {name: form[name].value() for name in form.fields}
        done = mira.post(IMPORT, {**confirm, "confirm": "Import as a draft"}, follow=True)
        document = Document.objects.get(slug=SLUG)
        assert done.redirect_chain[-1][0] == admin_url(document)
        assert "Imported elections-in-the-north: 3 paragraphs, 2 notes, 2 note references" in (
            done.content.decode()
        )
        assert (document.title, document.status) == (TITLE, Document.Status.DRAFT)
        assert document.source_text == THIRD_TEXT

        # A draft: nothing of it reaches the public; staff preview it with a banner.
        assert public.get(URL).status_code == 404
        assert TITLE not in public.get("/documents/").content.decode()
        preview_page = page(mira, URL)
        assert preview_page.find("p", cls="draft-banner") is not None
        headings = [h.text for h in preview_page.find_all("h2", cls="section-title")]
        assert headings == ["The Soviet command", "An exchange with a witness"]
        markers = [
            sup.find("a").get("href") for sup in preview_page.find_all("sup", cls="note-ref")
        ]
        assert markers == ["#fn-1", "#fn-2"]
        return document

    def fix_a_speaker(self, mira, document, question, answer):
        # A first pass on the document's page marks both lines ending in "?" as the interviewer's.
        response = mira.get(admin_url(document))
        data = change_form_data(response)
        for paragraph in (question, answer):
            data[f"{inline_prefix(response, 'paragraph', paragraph)}-speaker"] = "interviewer"
        saved(mira.post(admin_url(document), data))
        assert speaker_shown(page(mira, URL), ANSWER) == "Interviewer"

        # The answer's closing question is rhetorical: the witness is speaking. Fix it.
        response = mira.get(admin_url(document))
        data = change_form_data(response)
        data[f"{inline_prefix(response, 'paragraph', answer)}-speaker"] = "historian"
        saved(mira.post(admin_url(document), data))
        reader = page(mira, URL)
        assert speaker_shown(reader, QUESTION) == "Interviewer"
        assert speaker_shown(reader, ANSWER) == "Historian (interviewee)"
        assert "speaker-historian" in reader.by_id(f"p-{ANSWER}").classes

    def add_a_mention(self, mira, public, paragraph):
        response = mira.get(admin_url(paragraph))
        data = add_inline_row(
            response,
            change_form_data(response),
            "mention",
            surface="Kim Il Sung",  # its place in the text is found for the editor
            # the autocomplete labels an actor with dates, kind and a description
            actor=next(
                pk
                for label, pk in autocomplete(mira, "mention", "actor", "Kim Il Sung")
                if label.startswith("Kim Il Sung (")
            ),
        )
        saved(mira.post(admin_url(paragraph), data))
        mention = Mention.objects.get(paragraph=paragraph)
        assert paragraph.text[mention.start : mention.end] == "Kim Il Sung"

        link = page(mira, URL).by_id("p-1").find("a", href=KIM_URL)  # a mention: no class
        assert (link.text, link.get("href")) == ("Kim Il Sung", KIM_URL)
        # The actor page quotes passages of published texts only: not this draft yet.
        assert f'href="{URL}' not in public.get(KIM_URL).content.decode()

    def link_two_passages(self, mira, public, paragraph, paper):
        # The editor types words of the paper's passage into the autocomplete box.
        found = autocomplete(mira, "crossreference", "target", "supervise the meetings")
        [(label, chosen)] = [(text, pk) for text, pk in found if text.startswith(paper.title)]
        response = mira.get(admin_url(paragraph))
        data = add_inline_row(
            response,
            change_form_data(response),
            "crossreference",
            relation=CrossReference.Relation.SAME_SUBJECT,
            target=chosen,
            reason=REASON,
        )
        saved(mira.post(admin_url(paragraph), data))
        target = paper.paragraphs.get(pk=chosen)
        first_words = " ".join(target.text.split()[:3])
        assert label.startswith(f"{paper.title} ¶{target.position} — {first_words}")
        assert "supervise the meetings and elections" in target.text
        assert CrossReference.objects.filter(source=paragraph, target=target).exists()

        note = margin_note(page(mira, URL), 1, REASON)
        assert note.find("a").get("href") == f"{PAPER_URL}#p-{target.position}"
        assert f"Compare: Weathersby ¶{target.position}" in note.text
        # Staff see the link into the draft from the paper; the public do not.
        assert margin_note(page(mira, PAPER_URL), target.position, REASON) is not None
        assert margin_note(page(public, PAPER_URL), target.position, REASON) is None
        return target

    def publish(self, mira, public, document, target):
        search = '/search/?q="did not trust the local committees"'
        assert f'href="{URL}' not in public.get(search).content.decode()

        done = mira.post(
            CHANGELIST, {"action": "publish", "_selected_action": [document.pk]}, follow=True
        )
        assert "1 document(s) published." in done.content.decode()
        document.refresh_from_db()
        assert document.status == Document.Status.PUBLISHED

        reader = page(public, URL)
        assert reader.find("p", cls="draft-banner") is None
        assert speaker_shown(reader, QUESTION) == "Interviewer"
        assert speaker_shown(reader, ANSWER) == "Historian (interviewee)"
        link = reader.by_id("p-1").find("a", href=KIM_URL)
        assert (link.text, link.get("href")) == ("Kim Il Sung", KIM_URL)
        assert page(public, KIM_URL).find("a", href=URL) is not None  # quoted on the actor page
        here = margin_note(reader, 1, REASON)
        assert f"Compare: Weathersby ¶{target.position}" in here.text
        there = margin_note(page(public, PAPER_URL), target.position, REASON)
        assert f"Compare: {TITLE} ¶1" in there.text
        assert there.find("a").get("href") == f"{URL}#p-1"
        assert TITLE in public.get("/documents/").content.decode()
        assert f'href="{URL}#p-{ANSWER}"' in public.get(search).content.decode()

    def see_the_history(self, mira, document, answer):
        history = page(mira, admin_url(answer, "history"))
        rows = history.by_id("change-history").find("tbody").find_all("tr")
        assert len(rows) == 3  # as imported, the first pass, the fix (newest first)
        fix, first_pass, _imported = rows
        change = fix.find("li")
        assert change.find("strong").text == "Speaker"
        assert change.find("div", cls="old").text.split() == ["before:", "Interviewer"]
        assert change.find("div", cls="new").text.split() == [
            "after:",
            "Historian",
            "(interviewee)",
        ]
        assert "mira" in fix.text
        assert first_pass.find("div", cls="new").text.split() == ["after:", "Interviewer"]

        # The document's history lists the change to its paragraph, with the same diff.
        parts = page(mira, admin_url(document, "history"))
        row = next(
            tr
            for tr in parts.find("table", cls="curation-table").find_all("tr")
            if tr.find("a") is not None
            and tr.find("a").text == f"¶ {ANSWER}"
            and "Historian" in tr.text
        )
        assert row.find("div", cls="old").text.split() == ["before:", "Interviewer"]
        return first_pass.find("a").get("href")  # "restore…": the version before the fix

    def restore_the_older_version(self, mira, public, answer, version_url):
        form_page = mira.get(version_url)
        assert form_page.status_code == 200
        shown = parse(form_page.content)
        assert "What restoring this version changes" in form_page.content.decode()
        assert "Historian (interviewee)" in shown.find("div", cls="old").text
        assert "Interviewer" in shown.find("div", cls="new").text

        saved(mira.post(version_url, change_form_data(form_page)))
        answer.refresh_from_db()
        assert answer.speaker == Paragraph.Speaker.INTERVIEWER
        assert speaker_shown(page(public, URL), ANSWER) == "Interviewer"
        latest = answer.history.order_by("-history_date").first()
        assert latest.history_change_reason.startswith("restored the version of")
        assert latest.history_user.username == "mira"

    def second_editors_conflicting_save_is_refused(self, mira, ben, public, answer):
        mira_page, ben_page = mira.get(admin_url(answer)), ben.get(admin_url(answer))
        mira_data, ben_data = change_form_data(mira_page), change_form_data(ben_page)
        mira_data.update(speaker="historian", kind="answer")  # the fix, again, and its kind
        ben_data["kind"] = "question"  # Ben, on the page he opened before, takes it for a question
        saved(mira.post(admin_url(answer), mira_data))

        refused = ben.post(admin_url(answer), ben_data)
        assert refused.status_code == 200  # the form again, not a redirect: nothing saved
        text = refused.content.decode()
        assert "Not saved: this paragraph was changed by mira after you opened it" in text
        conflict = parse(refused.content).find("section", cls="curation-conflict")
        rows = {
            tr.find("th").text: (tr.find("td", cls="yours").text, tr.find("td", cls="saved").text)
            for tr in conflict.find("tbody").find_all("tr")
        }
        assert rows == {
            "Kind": ("Question", "Answer"),
            "Speaker": ("Interviewer", "Historian (interviewee)"),
        }
        answer.refresh_from_db()
        assert (answer.kind, answer.speaker) == ("answer", "historian")
        reader = page(public, URL)
        assert speaker_shown(reader, ANSWER) == "Historian (interviewee)"
        assert "kind-answer" in reader.by_id(f"p-{ANSWER}").classes


# -- the whole path in Chromium ---------------------------------------------------------------

JOURNEY_SLUG = "a-second-look"
JOURNEY_URL = f"/documents/{JOURNEY_SLUG}/"
# A small text with a typo to fix ("Novmber"), two names of the register (one of them the
# duplicate actor's spelling) and two notes: an archival reference the parser drafts, and a
# remark that cites nothing.
JOURNEY_TEXT = """\
Elections in the North: a second look

The Soviet command

The Soviet command prepared the Novmber elections with care.¹ Kim Il Sung spoke at the first meeting of the committee.

A Soviet cable of the same week calls him Kim Ir Sen and praises his speech.²

Notes

1. AVPRF, Fond 0102, Opis 1, Delo 15, Listy 18–21.
2. Conversation recorded by the author.
"""


def sign_in(tab, username, password):
    tab.goto(tab.site + "/admin/login/?next=/admin/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    tab.click("input[type=submit]")
    expect(tab.locator("#site-name")).to_contain_text("Korea archive: curation")


def paragraph_page(tab, paragraph):
    tab.goto(tab.site + f"/admin/documents/paragraph/{paragraph.pk}/change/")
    expect(tab.locator("#id_text")).to_be_visible()


@pytest.mark.browser
def test_the_whole_path_in_chromium_as_an_editor(page, browser, live_server, django_user_model):
    """Import → accept suggested mentions → review drafted citations → publish → fix a typo →
    resolve a conflict with a colleague (a second browser) → merge a duplicate actor."""
    from citations.models import Citation

    from .admin_support import PASSWORD, make_editor
    from .browser_tabs import open_tab

    make_editor(django_user_model, "ann")
    make_editor(django_user_model, "ben")
    kim = Actor.objects.create(slug="kim-il-sung", name="Kim Il Sung", dates="1912–1994")
    duplicate = Actor.objects.create(slug="kim-ir-sen", name="Kim Ir Sen")
    ann = page
    sign_in(ann, "ann", PASSWORD)

    with open_tab(browser, live_server) as reader, open_tab(browser, live_server) as ben:
        # -- import: upload → preview → confirm, as a draft the public cannot see
        ann.goto(ann.site + "/admin/documents/document/")
        ann.click("text=Import a text")
        upload = Path(tempfile.mkdtemp()) / "second-look.txt"
        upload.write_text(JOURNEY_TEXT, encoding="utf-8")
        ann.set_input_files("#id_file", str(upload))
        ann.fill("#id_slug", JOURNEY_SLUG)
        ann.select_option("#id_kind", "article")
        ann.click("input[value=Preview]")
        expect(ann.locator("#count-paragraphs")).to_have_text("2")
        expect(ann.locator("#count-notes")).to_have_text("2")
        ann.click("input[value='Import as a draft']")
        messages = ann.locator(".messagelist")
        expect(messages).to_contain_text(f"Imported {JOURNEY_SLUG}: 2 paragraphs, 2 notes")
        expect(messages).to_contain_text("names of the register were found in the text")
        document = Document.objects.get(slug=JOURNEY_SLUG)
        first, second = document.paragraphs.order_by("position")
        assert reader.goto(reader.site + JOURNEY_URL).status == 404

        # -- accept the suggested mentions (both spellings of Kim, one actor each for now)
        messages.locator("a", has_text="review the suggested mentions").click()
        boxes = ann.locator("input[name=accept]")
        expect(boxes).to_have_count(2)
        expect(ann.locator("td.context mark").first).to_have_text("Kim Il Sung")
        ann.click("input[value='Accept the ticked mentions']")
        expect(ann.locator(".messagelist")).to_contain_text("2 mention(s) added")
        ann.goto(ann.site + JOURNEY_URL)  # the staff preview of the draft
        expect(ann.locator("p.draft-banner")).to_be_visible()
        expect(ann.locator("#p-1 .para-body a[href^='/actors/']")).to_have_attribute(
            "href", "/actors/kim-il-sung/"
        )
        expect(ann.locator("#p-2 .para-body a[href^='/actors/']")).to_have_attribute(
            "href", "/actors/kim-ir-sen/"
        )
        ann.goto(ann.site + JOURNEY_URL + "notes/1/")  # the note's references, on its page
        expect(ann.locator("ul.note-data")).to_contain_text("needs review")  # the drafted citation

        # -- review the drafted citation of note 1 beside the note's printed text
        ann.goto(ann.site + f"/admin/documents/document/{document.pk}/change/")
        drafted = Citation.objects.filter(footnote__document=document, needs_review=True)
        assert drafted.exists()
        ann.goto(ann.site + "/admin/citations/citation/")
        ann.click("text=Review queue")
        rows = ann.locator("#result_list tbody tr", has_text="note 1")
        expect(rows.first).to_be_visible()
        rows.first.locator("th a, td a").first.click()
        expect(ann.locator(".field-note_text")).to_contain_text("AVPRF, Fond 0102")
        ann.uncheck("#id_needs_review")
        ann.click("input[name=_save]")
        expect(ann.locator(".messagelist")).to_contain_text("was changed successfully")
        assert not Citation.objects.filter(footnote__document=document, footnote__number=1)[
            0
        ].needs_review

        # -- publish from the list: the reader now shows the text, links and the reviewed note
        ann.goto(ann.site + "/admin/documents/document/")
        ann.check(f"input[name=_selected_action][value='{document.pk}']")
        ann.select_option("select[name=action]", "publish")
        ann.click("button[name=index]")
        expect(ann.locator(".messagelist")).to_contain_text("1 document(s) published.")
        assert reader.goto(reader.site + JOURNEY_URL).status == 200
        expect(reader.locator("p.draft-banner")).to_have_count(0)
        expect(reader.locator("#p-1")).to_contain_text("the Novmber elections")
        expect(reader.locator("#p-1 .para-body a[href^='/actors/']")).to_have_text("Kim Il Sung")
        expect(reader.locator("#fn-1")).not_to_contain_text("needs review")

        # -- fix a typo in ¶1 on its own page
        paragraph_page(ann, first)
        ann.fill("#id_text", first.text.replace("Novmber", "November"))
        ann.click("input[name=_continue]")
        expect(ann.locator(".messagelist")).to_contain_text("was changed successfully")
        reader.goto(reader.site + JOURNEY_URL)
        expect(reader.locator("#p-1")).to_contain_text("the November elections")
        expect(reader.locator("#p-1 .para-body a[href^='/actors/']")).to_have_text(
            "Kim Il Sung"
        )  # kept

        # -- a colleague, in another browser, edits ¶2 at the same time
        sign_in(ben, "ben", PASSWORD)
        paragraph_page(ben, second)
        paragraph_page(ann, second)
        ann_text = second.text.replace("praises", "praised")
        ben_text = second.text.replace("the same week", "the following week")
        ann.fill("#id_text", ann_text)
        ann.click("input[name=_continue]")
        expect(ann.locator(".messagelist")).to_contain_text("was changed successfully")
        ben.fill("#id_text", ben_text)
        ben.click("input[name=_continue]")
        conflict = ben.locator("section.curation-conflict")
        expect(conflict).to_contain_text("was changed by ann")
        expect(conflict.locator("td.saved ins")).to_have_text("praised")
        expect(conflict.locator("td.yours ins")).to_have_text("following")
        expect(conflict).to_contain_text("both changes, they touch different words")
        merged = second.text.replace("the same week", "the following week").replace(
            "praises", "praised"
        )
        expect(ben.locator("#id_text")).to_have_value(merged)
        snapshot(ben, "conflict-screen")  # with ADMIN_SCREENSHOTS=<directory>

        # Saving without a choice: the browser asks for one; forced past it, the server refuses.
        ben.click("input[name=_continue]")
        expect(conflict).to_be_visible()  # still the same screen
        ben.locator("input[name$=conflict_resolution]").evaluate_all(
            "(boxes) => boxes.forEach((box) => { box.required = false; })"
        )
        ben.click("input[name=_continue]")
        expect(ben.locator(".errornote, .errorlist").first).to_be_visible()
        expect(ben.locator("body")).to_contain_text("you have not said how to resolve")
        assert Paragraph.objects.get(pk=second.pk).text == ann_text
        ben.check("input[name$=conflict_resolution][value=merge]")
        ben.click("input[name=_continue]")
        expect(ben.locator(".messagelist")).to_contain_text("was changed successfully")
        reader.goto(reader.site + JOURNEY_URL)
        expect(reader.locator("#p-2")).to_contain_text("the following week")
        expect(reader.locator("#p-2")).to_contain_text("praised his speech")

        # -- merge the duplicate actor: nothing preselected, both sides' counts shown
        ann.goto(ann.site + "/admin/documents/actor/")
        for actor in (kim, duplicate):
            ann.check(f"input[name=_selected_action][value='{actor.pk}']")
        ann.select_option("select[name=action]", "merge")
        ann.click("button[name=index]")
        keep = ann.locator("input[name=keep]")
        expect(keep).to_have_count(2)
        assert not any(keep.nth(index).is_checked() for index in range(2))
        ann.check(f"#keep-{kim.pk}")
        ann.click("input[value='Merge into the chosen actor']")
        expect(ann.locator(".messagelist .success")).to_be_visible()
        reader.goto(reader.site + JOURNEY_URL)
        expect(reader.locator("#p-2 .para-body a[href^='/actors/']")).to_have_attribute(
            "href", "/actors/kim-il-sung/"
        )
        reader.goto(reader.site + "/actors/kim-ir-sen/")
        expect(reader).to_have_url(reader.site + "/actors/kim-il-sung/")  # the old address
        for tab in (ann, ben, reader):
            assert not tab.foreign_requests
