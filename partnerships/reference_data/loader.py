"""Run the loader steps in order, in one transaction."""

from django.db import transaction

from .context import LoadContext
from .errors import ReferenceDataError


def run_steps(steps, data_dir, *, only=None, log=None, verbosity=1):
    """Run `steps` (or those named in `only`) against `data_dir`; returns the Report.

    Any ReferenceDataError rolls the whole load back: nothing is half-loaded.
    """
    names = [step.name for step in steps]
    unknown = sorted(set(only or ()) - set(names))
    if unknown:
        raise ReferenceDataError(f"unknown step(s) {', '.join(unknown)}; steps: {', '.join(names)}")
    if not data_dir.is_dir():
        raise ReferenceDataError(f"{data_dir} is not a directory")
    ctx = LoadContext(data_dir, log=log, verbosity=verbosity)
    with transaction.atomic():
        for step in steps:
            if only and step.name not in only:
                continue
            ctx.log(f"{step.name}…", level=2)
            step.run(ctx)
    return ctx.report
