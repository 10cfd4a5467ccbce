"""Reference-data step "cow": COW codes, statehood spells, historical states, aliases.

Runs after "nations" (it sets codes on the nations that step made and adds the
historical states nations.yaml does not list). The work is in importers/cow.py.
"""

from ..importers.cow import load_cow
from .context import LoadContext


def load(ctx: LoadContext):
    cow_dir = ctx.data_dir / "cow"
    if not (cow_dir / "crosswalk.csv").exists():
        return
    report = load_cow(data_dir=cow_dir)
    ctx.report.add("COW states", "created", report.created)
    ctx.report.add("COW states", "updated", report.updated)
    ctx.report.add("COW states", "unchanged", report.unchanged)
    ctx.report.add("statehood spells", "created", report.details.get("statehood spells added", 0))
    ctx.report.add("statehood spells", "deleted", report.details.get("statehood spells removed", 0))
    ctx.report.add("nation aliases (COW)", "created", report.details.get("aliases added", 0))
    for problem in report.problems:
        ctx.log(f"cow: {problem}", level=2)
    ctx.forget_nations()
