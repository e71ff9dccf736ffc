"""`kiosk users …`: staff accounts."""
import click

from kiosk.cli import app_or_fail


@click.group()
def users():
    """Staff accounts."""


@users.command("add")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name as shown to colleagues.")
@click.option("--role", type=click.Choice(["guide", "supervisor", "officer", "admin"]), default="guide")
@click.option("--agency", default=None, help="For officers: the agency (a ward code, or 'city') they process for.")
@click.password_option()
def add_user(username, full_name, role, agency, password):
    """Create a staff account."""
    from kiosk.auth.services import create_user

    if role == "officer" and not agency:
        raise click.UsageError("an officer needs --agency")
    with app_or_fail().app_context():
        create_user(username, password, full_name, role, agency)
    click.echo(f"created {role} {username}")
