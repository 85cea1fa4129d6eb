"""Whatever an editor writes reaches readers as text: hostile markup in every editor-writable text,
JSON and URL field of every model, then every kind of public page, the API, TEI and the exports
opened in a real Chromium. No script runs, and the payload reads as the characters typed.

The walk in Chromium runs in the SQLite pass only (`one_pass`: what the browser makes of pages
built by the same templates on either database); on both databases the payloads are written,
read back as written, and every HTML and XML answer is checked to carry them as text
(`test_every_payload_is_kept_as_written_and_sent_as_text`).

The fields are found by walking the models (apps.get_app_config(...).get_models()), so a field
added later is attacked without anyone adding it here. Each payload sets `window.__xss` to its
number if it ever runs; the test also listens for dialogs.
"""

import itertools
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, Concat
from playwright.sync_api import Error as PlaywrightError

from citations.models import ArchivalDocument, ArchivalFile, Archive, Citation, Source
from documents.curation.json_fields import CSLNamesField, StringListField, StringMapField
from documents.models import Actor, Document, Event, Footnote

from .browser_tabs import load_site
from .linking_samples import INTERVIEW, PAPER

# Longest first: a field gets the longest that fits (its row's id is appended, to keep unique
# values unique). Each closes an attribute and a <script>, opens an element with a handler, and
# carries control characters (a bell, an escape, a right-to-left override).
VARIANTS = [
    '"\'><img src=x onerror="window.__xss={n}"></script><script>window.__xss={n}</script>'
    "\x07\x1b\u202e",
    '"><svg onload="window.__xss={n}">\x07',
    "<svg onload=__xss={n}>",
]
JAVASCRIPT_URL = "javascript:window.__xss={n}"
CONTROL = "\x07\x1b"


def payload(number: int, room: int | None = None) -> str | None:
    for variant in VARIANTS:
        text = variant.format(n=number)
        if room is None or len(text) <= room:
            return text
    return None


@dataclass
class Written:
    number: int
    model: type
    field: str
    how: str  # "written", "refused" (the field's validation), "too short"
    text: str = ""  # what was written (in each row: a CharField's ends with the row's id)


def editable_models():
    for label in ("documents", "citations"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            yield model


def attack_every_field() -> list[Written]:
    """Write a payload into every editor-writable text, JSON and URL field of every row."""
    numbers = itertools.count(1)
    written = []
    for model in editable_models():
        changes = {}
        for field in model._meta.concrete_fields:
            if not field.editable or field.primary_key or field.choices:
                continue
            number = next(numbers)
            record = Written(number, model, field.name, "written")
            if isinstance(field, models.URLField | models.SlugField | models.EmailField):
                hostile = JAVASCRIPT_URL.format(n=number)
                if isinstance(field, models.SlugField):
                    hostile = payload(number)
                try:
                    field.clean(hostile, None)
                except ValidationError:
                    record.how = "refused"
                else:  # the field lets it through: it must then be shown inert
                    changes[field.name] = record.text = hostile
            elif isinstance(field, CSLNamesField):
                record.text = payload(number)
                changes[field.name] = [{"family": record.text, "given": payload(number, 40)}]
            elif isinstance(field, StringListField):
                record.text = payload(number)
                changes[field.name] = [record.text]
            elif isinstance(field, StringMapField):
                record.text = payload(number)
                printed = {
                    key: record.text
                    for key in ("archive", "kind", "date", "author", "addressee", "issued")
                }
                changes[field.name] = printed
            elif isinstance(field, models.JSONField):
                record.text = payload(number)
                changes[field.name] = [record.text]
            elif isinstance(field, models.TextField):
                # Appended: a passage keeps its words (and its anchors and mentions).
                record.text = payload(number)
                changes[field.name] = Concat(F(field.name), Value(" " + record.text))
            elif isinstance(field, models.CharField):
                hostile = payload(number, field.max_length - 8)
                if hostile is None:
                    record.how = "too short"
                else:
                    record.text = hostile
                    changes[field.name] = Concat(
                        Value(hostile), Cast("pk", output_field=models.CharField())
                    )
            else:
                continue
            written.append(record)
        if changes:
            model._base_manager.update(**changes)
    return written


def public_urls() -> list[str]:
    """Every kind of public page, a sample where there are many (notes: one of each kind of
    reference, and the first ones), the API, TEI and every export."""
    urls = ["/", "/documents/", "/actors/", "/events/", "/archives/", "/sources/"]
    for slug in (PAPER, INTERVIEW):
        urls += [
            f"/documents/{slug}/",
            f"/documents/{slug}/cite/",
            f"/documents/{slug}.tei.xml",
            f"/documents/{slug}/cite.json",
            f"/documents/{slug}/cite.bib",
            f"/documents/{slug}/cite.ris",
            f"/api/documents/{slug}",
            f"/api/documents/{slug}/paragraphs",
            f"/api/citations?document={slug}",
        ]
    notes = set(Footnote.objects.filter(document__slug=PAPER).order_by("number")[:3])
    for kind in Citation.Kind.values:
        citation = Citation.objects.filter(footnote__document__slug=PAPER, kind=kind).first()
        if citation is not None:
            notes.add(citation.footnote)
    for note in sorted(notes, key=lambda n: n.number):
        urls += [note.get_absolute_url(), f"{note.get_absolute_url()}cite.json"]
    for actor in Actor.objects.public().order_by("pk")[:3]:
        urls += [actor.get_absolute_url(), f"/api/actors/{actor.slug}"]
    for event in Event.objects.public().order_by("pk")[:3]:
        urls += [event.get_absolute_url(), f"/api/events/{event.slug}"]
    for archive in Archive.objects.filter(files__citations__isnull=False).distinct()[:2]:
        urls += [archive.get_absolute_url(), f"/api/archives/{archive.slug}"]
    for file in ArchivalFile.objects.filter(citations__isnull=False).distinct()[:3]:
        urls.append(file.get_absolute_url())
    # (their Chicago and MLA entries are formatted by citeproc, and kept: kept_by_data)
    for item in ArchivalDocument.objects.filter(citations__isnull=False).distinct()[:2]:
        urls.append(item.get_absolute_url())
    urls.append(f"/documents/{PAPER}/paragraphs/1/cite/")
    urls += [
        "/search/?q=Stalin",
        "/search/?q=svg",
        "/search/?q=script",
        "/api/documents",
        "/api/citations",
        "/api/actors",
        "/api/events",
        "/api/archives",
    ]
    return urls


def admin_urls() -> list[str]:
    """What a superuser opens: every curated model's list, and one row's page and history."""
    from django.contrib import admin

    urls = ["/admin/"]
    for model in editable_models():
        if model not in admin.site._registry:
            continue  # edited inline on another model's page
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        urls.append(base)
        first = model._base_manager.order_by("pk").first()
        if first is not None:
            urls += [f"{base}{first.pk}/change/", f"{base}{first.pk}/history/"]
    return urls


def visit(tab, url, dialogs) -> str:
    """Open `url`; what kind of answer it was. A download (an export served as a file) runs
    nothing in the page; its type is checked not to be HTML."""
    try:
        response = tab.goto(tab.site + url)
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        answer = tab.request.get(tab.site + url)
        assert answer.status == 200, url
        assert "html" not in answer.headers["content-type"], url
        return "download"
    assert response.status in (200, 302), (url, response.status)
    tab.wait_for_load_state("load")
    return response.headers.get("content-type", "")


@pytest.mark.browser
@pytest.mark.one_pass
def test_no_payload_in_any_field_runs_on_any_page(page, browser, live_server, capsys):
    load_site()
    written = attack_every_field()
    stored = [w for w in written if w.how == "written"]
    assert {(w.model, w.field) for w in stored} >= {
        (Document, "title"),
        (Document, "abstract"),
        (Document, "keywords"),
        (Source, "authors"),
        (Citation, "pinpoint"),
        (Citation, "printed_fields"),
        (Actor, "name"),
        (Event, "description"),
    }
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = public_urls()
    ran = {}
    for url in pages:
        visit(page, url, dialogs)
        if url.startswith(f"/documents/{PAPER}/") and url.endswith(f"{PAPER}/"):
            for ref in page.locator("a.noteref, sup a[href^='#fn-']").all()[:3]:
                ref.hover()
        flag = page.evaluate("window.__xss")
        if flag is not None:
            ran[url] = flag

    # A superuser reads the admin: the lists, a row's page and its history.
    admin = get_user_model().objects.create_superuser("root", password="a long root password")
    from .browser_tabs import open_tab

    with open_tab(browser, live_server) as tab:
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(f"{tab.site}/admin/login/")
        tab.fill("#id_username", admin.username)
        tab.fill("#id_password", "a long root password")
        tab.click("input[type=submit]")
        for url in admin_urls():
            visit(tab, url, dialogs)
            flag = tab.evaluate("window.__xss")
            if flag is not None:
                ran[url] = flag
        tried = len(pages) + len(admin_urls())

    by_number = {w.number: f"{w.model.__name__}.{w.field}" for w in written}
    assert not ran, {url: by_number.get(flag, flag) for url, flag in ran.items()}
    assert not dialogs

    # The payload reads as text where it is shown.
    page.goto(f"{page.site}/documents/{PAPER}/")
    assert '"></script><script>window.__xss=' in page.locator("h1").first.inner_text()
    assert "</script><script>window.__xss=" in page.locator("main").inner_text()
    actor = Actor.objects.public().order_by("pk").first()
    page.goto(page.site + actor.get_absolute_url())
    assert "<img src=x onerror=" in page.locator("main").inner_text()

    with capsys.disabled():
        refused = sum(w.how == "refused" for w in written)
        short = sum(w.how == "too short" for w in written)
        print(
            f"\nhostile payloads: {len(stored)} fields written × {tried} pages tried "
            f"({len(pages)} public, {tried - len(pages)} admin), script runs {len(ran)}, "
            f"dialogs {len(dialogs)}; {refused} slug/URL fields refused the payload, "
            f"{short} fields too short for one"
        )


# What a payload would be as markup, were it sent unescaped (each variant has one of them).
AS_MARKUP = ("<img src=x onerror=", "<svg onload=", "<script>window.__xss=")


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def sent_as_text(response, url: str) -> None:
    kind = response.get("Content-Type", "")
    if "html" not in kind and "xml" not in kind:
        return  # JSON, BibTeX, RIS: data, not markup (the walk in Chromium opens them too)
    body = response.content.decode()
    for markup in AS_MARKUP:
        assert markup not in body, (url, markup)
    assert 'href="javascript:' not in body.lower(), url


@pytest.mark.django_db
def test_every_payload_is_kept_as_written_and_sent_as_text(client):
    load_site()
    written = attack_every_field()
    for record in written:
        if record.how != "written":
            continue
        # (every row of the table: none for a table the collection leaves empty)
        for value in record.model._base_manager.values_list(record.field, flat=True):
            assert any(record.text in text for text in strings_in(value)), (record, value)

    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        sent_as_text(response, url)
    reader = client.get(f"/documents/{PAPER}/").content.decode()
    assert "&lt;img src=x onerror=" in reader  # the title, as the characters typed

    admin = get_user_model().objects.create_superuser("root", password="a long root password")
    client.force_login(admin)
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        sent_as_text(response, url)
