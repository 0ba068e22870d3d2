"""Make a personal API token for a user, for scripts: prints the token once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from core import api_tokens
from core.history import system_user


class Command(BaseCommand):
    help = (
        "Make a read-only API token for USERNAME that lasts --days days, and print it. It is "
        "shown only now: the service keeps its SHA-256, never the token."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days", type=int, default=90, help="How long the token lasts (default 90)."
        )
        parser.add_argument(
            "--name", default="Made with manage.py create_api_token", help="What it is for."
        )

    def handle(self, *args, username, days, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}")
        try:
            token, secret = api_tokens.create_api_token(
                user, by=system_user("create_api_token"), name=name, days=days
            )
        except PermissionDenied as refusal:
            raise CommandError(str(refusal)) from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stderr.write(
            f"API token {token.pk} for {username}, expires {token.expires_at:%Y-%m-%d %H:%M %Z}."
            " Keep it secret: it is shown only now."
        )
        self.stdout.write(secret)
