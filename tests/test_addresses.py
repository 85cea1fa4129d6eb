"""Links to pages named by a slug are the addresses Django's URL configuration gives
(documents.addresses reverses each route once and puts the slug in): for every such route,
under a sub-path deployment too, and for what is not a slug."""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix

from documents.addresses import AbsoluteSlugUrls, note_url, slug_url

SLUGS = ["weathersby-soviet-role", "kim-il-sung", "a", "with_underscore-2", "UPPER-case"]


def slug_routes() -> list[str]:
    """Every named route whose only argument is `slug` (documents' and citations')."""
    names = []
    resolver = get_resolver()
    for namespace in ("documents", "citations"):
        _, inner = resolver.namespace_dict[namespace]
        for name, entries in inner.reverse_dict.lists():
            if not isinstance(name, str):
                continue
            for possibilities, _pattern, _defaults, _converters in entries:
                if any(params == ["slug"] for _, params in possibilities):
                    names.append(f"{namespace}:{name}")
                    break
    return sorted(set(names))


def test_the_routes_are_found():
    names = slug_routes()
    for expected in ("documents:reader", "documents:actor", "documents:event", "citations:tei"):
        assert expected in names
    assert "citations:source" in names and "citations:cite-json" in names


@pytest.mark.parametrize("slug", SLUGS)
def test_the_same_address_as_reverse_for_every_slug_route(slug):
    for name in slug_routes():
        assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug}), name


def test_under_a_sub_path_deployment():
    set_script_prefix("/archive/")
    try:
        assert slug_url("documents:reader", "x") == "/archive/documents/x/"
        assert slug_url("documents:reader", "x") == reverse(
            "documents:reader", kwargs={"slug": "x"}
        )
    finally:
        set_script_prefix("/")
    assert slug_url("documents:reader", "x") == "/documents/x/"


@pytest.mark.parametrize("not_a_slug", ["a b", "a/b", "", "kim-il-sŏng"])
def test_what_is_not_a_slug_is_refused_as_reverse_refuses_it(not_a_slug):
    with pytest.raises(NoReverseMatch):
        reverse("documents:actor", kwargs={"slug": not_a_slug})
    with pytest.raises(NoReverseMatch):
        slug_url("documents:actor", not_a_slug)


HEADER_ROUTES = [
    "documents:home",
    "documents:list",
    "documents:actors",
    "documents:events",
    "documents:search",
    "citations:archives",
    "citations:sources",
    "citations:cited-documents",
    "api:openapi-view",
    "api:openapi-json",
]


@pytest.mark.parametrize("name", HEADER_ROUTES)
def test_the_tag_gives_what_url_gives(name):
    """What every page's header and the home page link to, as {% url %} would give it."""
    from django.template import Context, Template

    both = Template(
        "{% load addresses %}{% address name %}|{% url name %}|"
        "{% address name as kept %}{% url name as also %}{{ kept }}|{{ also }}"
    ).render(Context({"name": name}))
    address, url, kept, also = both.split("|")
    assert address == url == kept == also == reverse(name)


def test_the_tag_with_a_slug():
    from django.template import Context, Template

    rendered = Template("{% load addresses %}{% address 'documents:actor' slug %}").render(
        Context({"slug": "kim-il-sung"})
    )
    assert rendered == reverse("documents:actor", kwargs={"slug": "kim-il-sung"})


@pytest.mark.parametrize("host", ["testserver", "archive.example.org:8443"])
def test_absolute_addresses_for_a_list_are_build_absolute_uris(rf, settings, host):
    """AbsoluteSlugUrls (the API's lists) gives what build_absolute_uri(reverse()) gives, for
    the request's own host and port, under a sub-path deployment too."""
    settings.ALLOWED_HOSTS = ["testserver", "archive.example.org"]
    request = rf.get("/api/documents", HTTP_HOST=host)
    for prefix in ("/", "/archive/"):
        set_script_prefix(prefix)
        try:
            urls = AbsoluteSlugUrls(request, *slug_routes())
            for name in slug_routes():
                for slug in SLUGS:
                    path = reverse(name, kwargs={"slug": slug})
                    assert urls(name, slug) == request.build_absolute_uri(path), (name, slug)
        finally:
            set_script_prefix("/")
    assert AbsoluteSlugUrls(request, "documents:reader")("documents:reader", "x") == (
        f"http://{host}/documents/x/"
    )


def test_static_addresses_are_the_manifests_and_follow_debug(settings):
    """The static files' addresses, each looked up once per process (korea_archive/storage.py),
    are the manifest's hashed names as whitenoise's own storage gives them; with DEBUG on,
    the plain names, as Django gives them."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    plain = CompressedManifestStaticFilesStorage()
    for name in ("css/site.css", "js/reader.js", "images/favicon.svg"):
        hashed = staticfiles_storage.url(name)
        assert hashed == staticfiles_storage.url(name) == plain.url(name) != f"/static/{name}"
        settings.DEBUG = True
        assert staticfiles_storage.url(name) == f"/static/{name}"
        settings.DEBUG = False
        assert staticfiles_storage.url(name) == hashed


@pytest.mark.parametrize("slug", [*SLUGS, "kim-il-sŏng", "a b"])
@pytest.mark.parametrize("number", [1, 14, 58, 100000])
def test_a_notes_address_is_reverses(slug, number):
    """note_url (search results, a note's own address) gives what reverse() gives, under a
    sub-path deployment too, and refuses what reverse() refuses."""
    for prefix in ("/", "/archive/"):
        set_script_prefix(prefix)
        try:
            try:
                expected = reverse("documents:note", kwargs={"slug": slug, "number": number})
            except NoReverseMatch:
                with pytest.raises(NoReverseMatch):
                    note_url(slug, number)
                continue
            assert note_url(slug, number) == expected
        finally:
            set_script_prefix("/")
