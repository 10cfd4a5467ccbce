"""SQL queries per request, counted in-process: `python bench/queries.py PATH...` prints JSON.

Run by bench/run.py against the database in DATABASE_URL. For each path it clears the
cache and counts the queries of a first (cold) request, then of a second (warm) one.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(paths):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for path in paths:
        cache.clear()
        found = {}
        for label in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                if response.streaming:
                    b"".join(response.streaming_content)
            found[label] = len(queries)
        counts[path] = {"status": response.status_code, **found}
    json.dump(counts, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
