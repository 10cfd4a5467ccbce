"""python manage.py make_release VERSION: see partnerships/release_writer.py."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.release_writer import ReleaseError, make_release


class Command(BaseCommand):
    help = "Write a dated, checksummed snapshot of the catalogue, listed at /data/."

    def add_arguments(self, parser):
        parser.add_argument("version", help="The release's name, e.g. 1.0 or 2026.11.")

    def handle(self, *args, version, **options):
        try:
            path = make_release(version)
        except ReleaseError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Release {version} written to {path}")
