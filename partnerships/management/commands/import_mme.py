"""python manage.py import_mme WIDE_CSV [--dry-run] [--max-skipped 1%]: see importers/mme.py."""

from django.core.management.base import BaseCommand

from partnerships.importers.mme import import_mme

from ._importing import add_import_arguments, run_import


class Command(BaseCommand):
    help = "Import the MME v7 wide CSV (one row per exercise) into exercises."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="MME v7 wide CSV as published (or .tab, or a zip holding it)"
        )
        add_import_arguments(parser)
        parser.add_argument("--dataset-version", default="7", help="MME version (default 7).")

    def handle(self, *args, path, dry_run, max_skipped, dataset_version, **options):
        run_import(
            self,
            lambda: import_mme(
                path, dry_run=dry_run, version=dataset_version, max_skipped=max_skipped
            ),
        )
