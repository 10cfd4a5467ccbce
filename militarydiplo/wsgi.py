"""WSGI entry point: `gunicorn militarydiplo.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "militarydiplo.settings")

application = get_wsgi_application()
