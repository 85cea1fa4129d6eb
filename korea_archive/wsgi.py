"""WSGI entry point (gunicorn korea_archive.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korea_archive.settings")
application = get_wsgi_application()

# What would otherwise be paid by the first visitor of each worker: the CSL styles.
from citations.references import warm_styles  # noqa: E402

warm_styles()
