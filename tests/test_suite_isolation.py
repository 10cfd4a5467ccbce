"""The suite's own settings (tests/settings.py): xdist workers sharing one Redis keep apart."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cache_prefix(worker: str) -> str:
    env = {
        **os.environ,
        "PYTEST_XDIST_WORKER": worker,
        "REDIS_URL": "redis://127.0.0.1:6379/2",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.CACHES['default']['KEY_PREFIX'], settings.PASSWORD_HASHERS]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    prefix, hashers = json.loads(done.stdout)
    assert hashers == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return prefix


def test_each_xdist_worker_has_its_own_redis_keys():
    assert cache_prefix("gw0") != cache_prefix("gw1")
