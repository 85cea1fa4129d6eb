"""Editing aids in a real browser (headless Chromium), as a member of Editors: suggested mentions
accepted in bulk, a mention added by selecting its words, a drafted citation reviewed beside
its note. No inline script anywhere (the Content-Security-Policy would block it).

Set ADMIN_SCREENSHOTS=<directory> to keep screenshots of the pages visited."""

import pytest
from playwright.sync_api import expect

from citations import drafting
from citations.models import Citation
from documents.models import Actor, ActorAlias, Mention

from . import test_browser_admin
from .admin_support import import_paper

editor_tab = test_browser_admin.editor_tab  # the fixture: an editor logged in through the form
snapshot = test_browser_admin.snapshot

pytestmark = pytest.mark.browser


@pytest.fixture
def paper_and_register(editor_tab):
    """The paper and a register of exactly two actors (whatever an earlier test left)."""
    Mention.objects.all().delete()
    Actor.objects.all().delete()
    paper = import_paper(slug="paper")
    molotov = Actor.objects.create(slug="molotov", name="Vyacheslav Molotov", dates="1890–1986")
    ActorAlias.objects.create(actor=molotov, name="Molotov")
    shtykov = Actor.objects.create(slug="shtykov", name="Terentii Shtykov")
    ActorAlias.objects.create(actor=shtykov, name="Shtykov")
    return paper, molotov, shtykov


def test_suggested_mentions_are_accepted_in_bulk(editor_tab, paper_and_register):
    tab = editor_tab
    paper, molotov, shtykov = paper_and_register
    tab.goto(tab.site + f"/admin/documents/document/{paper.pk}/change/")
    tab.click("text=Suggested mentions")
    tab.wait_for_url("**/mentions/")  # count the boxes of the page reached, not before it
    boxes = tab.locator("input[name=accept]")
    expect(boxes.first).to_be_visible()
    total = boxes.count()
    assert total > 10
    expect(tab.locator("td.context mark").first).to_be_visible()
    snapshot(tab, "suggested-mentions")
    # reject every Molotov: untick them, accept the rest
    rows = tab.locator("tr", has=tab.locator("td", has_text="Vyacheslav Molotov"))
    for index in range(rows.count()):
        rows.nth(index).locator("input[name=accept]").uncheck()
    tab.click("input[value='Accept the ticked mentions']")
    expect(tab.locator(".messagelist")).to_contain_text("mention(s) added")
    assert Mention.objects.filter(actor=shtykov).count() == total - rows.count()
    assert not Mention.objects.filter(actor=molotov).exists()
    assert not tab.foreign_requests


def test_a_mention_by_selecting_its_words(editor_tab, paper_and_register):
    tab = editor_tab
    paper, _molotov, shtykov = paper_and_register
    paragraph = next(p for p in paper.paragraphs.all() if "Shtykov" in p.text)
    errors = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.goto(tab.site + f"/admin/documents/paragraph/{paragraph.pk}/change/")
    start = paragraph.text.index("Shtykov")
    tab.locator("#id_text").evaluate(
        f"(box) => {{ box.focus(); box.setSelectionRange({start}, {start + 7}); }}"
    )
    tab.click("text=Mention the selected words")
    row = tab.locator("#mentions-group .form-row:not(.empty-form)").last
    expect(row.locator("input[name$='-surface']:not([name^=initial])")).to_have_value("Shtykov")
    expect(row.locator("input[name$='-start']:not([name^=initial])")).to_have_value(str(start))
    expect(row.locator("input[name$='-end']:not([name^=initial])")).to_have_value(str(start + 7))
    # the actor autocomplete's own select, set as choosing in the list would
    row.locator("select[name$='-actor']").evaluate(
        f"(s) => {{ s.add(new Option('Terentii Shtykov', '{shtykov.pk}', true, true)); }}"
    )
    snapshot(tab, "mention-by-selection")
    tab.click("input[name=_continue]")
    expect(tab.locator(".messagelist")).to_contain_text("was changed successfully")
    mention = Mention.objects.get(paragraph=paragraph)
    assert (mention.start, mention.end, mention.actor) == (start, start + 7, shtykov)
    assert not errors, errors


def test_a_drafted_citation_is_reviewed_beside_its_note(editor_tab, paper_and_register):
    tab = editor_tab
    paper, _molotov, _shtykov = paper_and_register
    drafting.draft(paper)
    tab.goto(tab.site + "/admin/citations/citation/")
    tab.click("text=Review queue")
    expect(tab.locator("#result_list tbody tr").first).to_be_visible()
    snapshot(tab, "citation-review-queue")
    citation = Citation.objects.filter(footnote__document=paper).exclude(printed_fields={}).first()
    tab.goto(tab.site + f"/admin/citations/citation/{citation.pk}/change/")
    expect(tab.locator(".field-note_text mark")).to_be_visible()
    expect(tab.locator("table.curation-spellings")).to_be_visible()
    snapshot(tab, "citation-review")
    tab.uncheck("#id_needs_review")
    tab.click("input[name=_save]")
    expect(tab.locator(".messagelist")).to_contain_text("was changed successfully")
    assert not Citation.objects.get(pk=citation.pk).needs_review
    assert not tab.foreign_requests


def test_a_long_document_a_page_at_a_time(editor_tab, paper_and_register):
    tab = editor_tab
    paper, _molotov, _shtykov = paper_and_register
    tab.goto(tab.site + f"/admin/documents/document/{paper.pk}/change/")
    expect(tab.locator("#paragraphs-group tr.has_original")).to_have_count(12)
    # Save stays in the window while the editor is among the paragraphs
    tab.locator("#paragraphs-group tr.has_original").nth(6).scroll_into_view_if_needed()
    save = tab.locator("form .submit-row input[name=_save]").last
    expect(save).to_be_in_viewport()
    if test_browser_admin.SCREENSHOTS:  # the window as the editor sees it, Save at the bottom
        tab.screenshot(path=f"{test_browser_admin.SCREENSHOTS}/document-page-window.png")
    tab.locator(".curation-jump").first.locator("input[type=number]").fill("40")
    tab.locator(".curation-jump").first.locator("input[type=submit]").click()
    expect(tab).to_have_url(f"{tab.site}/admin/documents/document/{paper.pk}/change/?from=40")
    expect(tab.locator("#paragraphs-group tr.has_original").first).to_contain_text("¶ 40")
    expect(tab.locator("#paragraphs-group td.field-markers sup").first).to_be_visible()
    assert not tab.foreign_requests
