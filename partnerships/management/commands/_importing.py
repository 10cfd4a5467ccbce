"""What import_atop and import_mme share: --dry-run, --max-skipped, and the report."""

import argparse

from django.core.management.base import CommandError

from partnerships.importers.base import DEFAULT_MAX_SKIPPED, ImportFailed, parse_max_skipped


def _share(text):
    try:
        return parse_max_skipped(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_import_arguments(parser):
    parser.add_argument(
        "--dry-run", action="store_true", help="Report what would change; write nothing."
    )
    parser.add_argument(
        "--max-skipped",
        type=_share,
        default=DEFAULT_MAX_SKIPPED,
        metavar="PERCENT",
        help="Refuse the whole import (exit non-zero, write nothing) when more than this "
        "share of the rows cannot be read: a percentage, e.g. 5%% (default "
        f"{DEFAULT_MAX_SKIPPED:.0%}).",
    )


def run_import(command, do_import):
    """Run `do_import()`, print its report (ending with the totals), and turn a refused or
    impossible import into a CommandError whose message, printed last, says why."""
    try:
        report = do_import()
    except ImportFailed as error:
        if error.report is not None:
            for line in error.report.lines():
                command.stdout.write(line)
        raise CommandError(str(error)) from error
    for line in report.lines():
        command.stdout.write(line)
