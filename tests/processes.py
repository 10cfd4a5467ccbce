"""The product in an interpreter of its own: settings are read once at start-up, so what
depends on the environment (production hardening, database URLs, migrations from scratch)
is checked in a fresh process."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(code: str, *, drop=(), timeout=120, **env) -> subprocess.CompletedProcess:
    """Run `code` with `militarydiplo.settings`, this environment less the variables whose
    names start with one of `drop`, plus `env`."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(drop)}
    environment.update(DJANGO_SETTINGS_MODULE="militarydiplo.settings", PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
