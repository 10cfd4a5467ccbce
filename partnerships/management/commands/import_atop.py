"""python manage.py import_atop MEMBER_CSV [--dry-run]: see partnerships/importers/atop.py."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.importers.atop import import_atop
from partnerships.importers.base import ImportFailed


class Command(BaseCommand):
    help = "Import the ATOP member-level CSV (v4.01 or v5.x) into partnerships."

    def add_arguments(self, parser):
        parser.add_argument("path", help="ATOP member-level CSV, e.g. atop5_1m.csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--dataset-version", help="ATOP version, when neither the file nor its name says."
        )

    def handle(self, *args, path, dry_run, dataset_version, **options):
        try:
            report = import_atop(path, dry_run=dry_run, version=dataset_version)
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
