"""Time the dataset importers on full-size synthetic files in the real layouts.

    .venv/bin/python bench/import_bench.py            # a throw-away SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/import_bench.py

Loads the reference data's sources, nations (with their COW codes and historical states)
and organizations, writes an ATOP member-level file (~1,000 alliances, ~7,000
member-phase rows) and an MME wide file (2,000 exercises, up to 39 participants) with
bench/dataset_files.py, and prints how long the first import and an unchanged re-import
take. Never part of `make test`.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    workdir = Path(tempfile.mkdtemp(prefix="md-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "militarydiplo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.dataset_files import full_size_atop, full_size_mme
    from partnerships.importers.atop import import_atop
    from partnerships.importers.mme import import_mme
    from partnerships.reference_data import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data(only=["sources", "nations", "cow", "organizations"], verbosity=0)
    atop = full_size_atop(workdir / "atop5_1m.csv")
    mme = full_size_mme(workdir / "mme_wide.csv")
    rows = {"ATOP": sum(1 for _ in atop.open()) - 1, "MME": sum(1 for _ in mme.open()) - 1}

    print(f"{'run':<28}{'rows':>8}{'created':>9}{'updated':>9}{'unchanged':>10}{'seconds':>9}")
    for label, run, path in (
        ("ATOP first import", import_atop, atop),
        ("ATOP re-import (no change)", import_atop, atop),
        ("MME first import", import_mme, mme),
        ("MME re-import (no change)", import_mme, mme),
    ):
        started = time.perf_counter()
        report = run(path)
        seconds = time.perf_counter() - started
        print(
            f"{label:<28}{rows[label[:4].strip()]:>8}{report.created:>9}{report.updated:>9}"
            f"{report.unchanged:>10}{seconds:>9.2f}"
        )


if __name__ == "__main__":
    main()
