"""WSGI entry point (gunicorn korea_archive.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korea_archive.settings")
application = get_wsgi_application()

# What would otherwise be paid by the first visitor of each worker: the CSL styles.
from citations.references import warm_styles  # noqa: E402

warm_styles()

# Everything loaded so far (Django, the app, the styles: some 100,000 objects) lives as long as
# the process: moved out of the garbage collector's sight, it is no longer walked again and
# again by the collections that a page's thousands of new objects set off (a fifth to half of
# an uncached page's time, measured on /events/ and a note page). Under gunicorn's
# preload_app this happens once in the master, before the workers fork.
import gc  # noqa: E402

gc.freeze()
