"""The static files' storage: whitenoise's compressed manifest storage, with each address
looked up once per process.

Every page asks for the same few addresses (two stylesheets, the icon, a script: five
`{% static %}` a page), and each lookup reads the manifest and joins and quotes the URL again
(~20 µs in-process, about a tenth of an uncached page's time). The manifest does not change
under a running process, except when collectstatic writes it here: then the kept addresses
are dropped. A storage made for other settings (tests that change STATIC_URL or STORAGES)
is a new instance with none kept; DEBUG, which switches hashed names off, is part of the key.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        self._urls: dict[tuple, str] = {}
        super().__init__(*args, **kwargs)

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        try:
            return self._urls[key]
        except KeyError:
            url = self._urls[key] = super().url(name, force)
            return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
