"""Report what can be caught mechanically in the reference data; exit non-zero if anything."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.reference_data import DEFAULT_DATA_DIR, ReferenceDataError
from partnerships.reference_data.checks import check_reference_data


class Command(BaseCommand):
    help = (
        "Check the reference data: members and participants within their nation's statehood "
        "and their partnership's span, editions in the year of their name, sources not "
        "published before what they report, starts that are the entry into force. Loads the "
        "files in a transaction that is rolled back, so the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", default=str(DEFAULT_DATA_DIR), help="Directory of the YAML files."
        )

    def handle(self, *args, data_dir, **options):
        try:
            findings = check_reference_data(data_dir)
        except (ReferenceDataError, ValueError) as error:
            raise CommandError(f"The reference data does not load: {error}") from None
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(f"{len(findings)} problem(s) found in {data_dir}.")
        self.stdout.write(self.style.SUCCESS(f"No problem found in {data_dir}."))
