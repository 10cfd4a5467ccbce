"""Print an API token for a user: `python manage.py issue_token USERNAME [--rotate | --revoke]`.

The key is printed alone on the last line, so scripts can take it with `tail -n 1`.
`--revoke` deletes the user's token instead: requests with it answer 401 from then on.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create (or with --rotate, replace) a user's API token and print its key."

    def add_arguments(self, parser):
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--rotate", action="store_true", help="Replace the user's token with a new one."
        )
        action.add_argument(
            "--revoke", action="store_true", help="Delete the user's token; issue none."
        )

    @transaction.atomic
    def handle(self, *args, username, rotate=False, revoke=False, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if revoke:  # an inactive user's token too: revoking must always work
            deleted, _ = Token.objects.filter(user=user).delete()
            state = "Revoked the" if deleted else "There was no"
            self.stdout.write(f"{state} API token of {username}.")
            return
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        state = "Created a new" if created else "Existing"
        self.stdout.write(f"{state} API token for {username} (send 'Authorization: Token <key>'):")
        self.stdout.write(token.key)
