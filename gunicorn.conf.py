"""gunicorn settings, read automatically by `gunicorn militarydiplo.wsgi` from the project root.

Command-line options (--bind, --workers) still win; gunicorn itself reads WEB_CONCURRENCY
for the number of workers.
"""

import gc
import os

# Heartbeat files in memory, not on a possibly slow disk (gunicorn's advice for containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def post_worker_init(worker):
    """Load what Django loads lazily, then freeze it out of the garbage collector's sight.

    The URLconf, the templates' loaders and the models are long-lived: left in the
    collector's generations, every full collection walks them again, which shows up as
    latency spikes (p99). `gc.freeze()` moves everything allocated so far into a
    permanent generation the collector skips.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    gc.collect()
    gc.freeze()
