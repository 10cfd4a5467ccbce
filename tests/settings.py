"""Settings for the test suite: the product's (militarydiplo.settings, the one settings
module), with what only makes tests slower or workers collide changed.

pyproject.toml names this module for pytest; `make test` runs the suite on pytest-xdist.
"""

import os

from militarydiplo.settings import *  # noqa: F403
from militarydiplo.settings import CACHES

# The default hasher's many PBKDF2 rounds are what make a sign-in slow on purpose; tests
# create and sign in users by the hundred.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each xdist worker has its own test database (pytest-django names them test_<db>_gw0...);
# with Redis the workers share one server, so each also gets its own keys, and the suite
# clears only those (tests/conftest.py), never the whole Redis database.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"]["KEY_PREFIX"] = f"militarydiplo-test-{WORKER}"
