"""Load the cited reference records in partnerships/data/ (idempotent, all or nothing)."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.reference_data import (
    DEFAULT_DATA_DIR,
    STEPS,
    ReferenceDataError,
    load_reference_data,
)


class Command(BaseCommand):
    help = (
        "Load the reference data (nations, organizations, partnerships, exercises, "
        "engagements, sources). Running it twice changes nothing; a bad file loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", default=str(DEFAULT_DATA_DIR), help="Directory of the YAML files."
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=[step.name for step in STEPS],
            help="Run only this step (repeatable); the steps it depends on must be loaded.",
        )

    def handle(self, *args, data_dir, only, verbosity, **options):
        try:
            report = load_reference_data(
                data_dir, only=only, log=self.stdout.write, verbosity=verbosity
            )
        except ReferenceDataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        if verbosity >= 1:
            for line in report.lines():
                self.stdout.write(line)
            if report.changed:
                self.stdout.write(self.style.SUCCESS("Reference data loaded."))
            else:
                self.stdout.write("Reference data already up to date.")
