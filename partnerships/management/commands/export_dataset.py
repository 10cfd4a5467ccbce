"""python manage.py export_dataset OUT_DIR: see partnerships/importers/dataset.py."""

from django.core.management.base import BaseCommand

from partnerships.importers.dataset import export_dataset


class Command(BaseCommand):
    help = "Write every public record as CSV files, one JSON document and a README.md."

    def add_arguments(self, parser):
        parser.add_argument("out_dir", help="Directory to write (created when missing).")

    def handle(self, *args, out_dir, **options):
        counts = export_dataset(out_dir)
        self.stdout.write(
            f"Exported {sum(counts.values())} rows in {len(counts)} tables to {out_dir}"
        )
