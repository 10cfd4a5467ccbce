"""Settings for benchmark runs: the product's, with the yardstick mounted (bench/urls.py).

DJANGO_SETTINGS_MODULE=bench.settings gunicorn militarydiplo.wsgi
"""

from militarydiplo.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
