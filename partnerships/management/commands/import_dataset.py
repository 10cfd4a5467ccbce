"""python manage.py import_dataset DIR [--force]: see partnerships/importers/dataset.py."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.importers.dataset import DatasetError, import_dataset


class Command(BaseCommand):
    help = "Read an export_dataset directory back into an empty database (atomic)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by export_dataset.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete every catalogue record first instead of refusing a non-empty database.",
        )

    def handle(self, *args, directory, force, **options):
        try:
            counts = import_dataset(directory, force=force)
        except DatasetError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Imported {sum(counts.values())} rows in {len(counts)} tables")
