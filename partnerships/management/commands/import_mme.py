"""python manage.py import_mme WIDE_CSV [--dry-run]: see partnerships/importers/mme.py."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.importers.base import ImportFailed
from partnerships.importers.mme import import_mme


class Command(BaseCommand):
    help = "Import the MME v7 wide CSV (one row per exercise) into exercises."

    def add_arguments(self, parser):
        parser.add_argument("path", help="MME wide CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument("--dataset-version", default="7", help="MME version (default 7).")

    def handle(self, *args, path, dry_run, dataset_version, **options):
        try:
            report = import_mme(path, dry_run=dry_run, version=dataset_version)
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
