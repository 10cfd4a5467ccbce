"""python manage.py import_atop PATH [--alliances PATH] [--dry-run] [--max-skipped 1%]:
see partnerships/importers/atop.py."""

from django.core.management.base import BaseCommand

from partnerships.importers.atop import import_atop

from ._importing import add_import_arguments, run_import


class Command(BaseCommand):
    help = (
        "Import ATOP (v4.01 or v5.x) into partnerships: the member-level CSV or the official "
        "zip, with the alliance-level file for alliance dates and provisions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="ATOP member-level CSV (atop5_1m.csv) or the official ATOP zip"
        )
        parser.add_argument(
            "--alliances",
            metavar="PATH",
            help="ATOP alliance-level CSV (atop5_1a.csv) or a zip holding it; read from the "
            "member file's zip by default, when it holds one.",
        )
        add_import_arguments(parser)
        parser.add_argument(
            "--dataset-version", help="ATOP version, when neither the file nor its name says."
        )

    def handle(self, *args, path, alliances, dry_run, max_skipped, dataset_version, **options):
        run_import(
            self,
            lambda: import_atop(
                path,
                alliances=alliances,
                dry_run=dry_run,
                version=dataset_version,
                max_skipped=max_skipped,
            ),
        )
