"""`kiosk keys new`: a key good enough for production, for KIOSK_SECRET_KEY or KIOSK_SIGNING_KEYS."""
import secrets

import click

from kiosk.config import secret_problem


@click.group()
def keys():
    """Keys for this server's settings."""


def new_key() -> str:
    while True:  # 384 random bits; the loop only guards the (astronomically unlikely) unlucky draw
        key = secrets.token_urlsafe(48)
        if secret_problem(key) is None:
            return key


@keys.command("new")
@click.option("--id", "kid", default=None, help="Print `id:key`, an entry for KIOSK_SIGNING_KEYS.")
def new(kid):
    """Print a new random key (for KIOSK_SECRET_KEY, or with --id for KIOSK_SIGNING_KEYS)."""
    if kid is not None and (not kid or any(ch in kid for ch in ":, ")):
        raise click.BadParameter("an id without ':', ',' or spaces", param_hint="--id")
    key = new_key()
    click.echo(f"{kid}:{key}" if kid else key)
