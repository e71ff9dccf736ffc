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
@click.option("--ward", default=None,
              help="For guides and supervisors: the ward they work for (on a terminal, the terminal's ward).")
@click.password_option()
def add_user(username, full_name, role, agency, ward, password):
    """Create a staff account."""
    from kiosk.auth.services import create_user
    from kiosk.extensions import db

    if role == "officer" and not agency:
        raise click.UsageError("an officer needs --agency")
    app = app_or_fail()
    if role in ("guide", "supervisor") and not ward and app.config["ROLE"] == "central":
        raise click.UsageError(f"a {role} at the centre needs --ward")
    with app.app_context():
        user = create_user(username, password, full_name, role, agency)
        if ward:
            user.ward_code = ward
            db.session.commit()
    click.echo(f"created {role} {username}")


def _account_command(action):
    """Run `action(username)` on the account, with a clean error for an unknown name."""
    from kiosk.auth.accounts import NoSuchAccount

    def run(username):
        with app_or_fail().app_context():
            try:
                return action(username)
            except NoSuchAccount:
                raise click.ClickException(f"no staff account is named {username}") from None
    return run


@users.command("disable")
@click.argument("username")
def disable_user(username):
    """Stop an account signing in, and sign it out everywhere at once."""
    from kiosk.auth import accounts

    ended = _account_command(accounts.disable)(username)
    click.echo(f"disabled {username}; ended {ended} session(s)")


@users.command("enable")
@click.argument("username")
def enable_user(username):
    """Let a disabled account sign in again (its old sessions stay ended)."""
    from kiosk.auth import accounts

    _account_command(accounts.enable)(username)
    click.echo(f"enabled {username}")


@users.command("remove")
@click.argument("username")
def remove_user(username):
    """Remove an account and end its sessions; one that dossiers name as their guide is kept, disabled."""
    from kiosk.auth import accounts

    ended, deleted = _account_command(accounts.remove)(username)
    click.echo(f"removed {username}; ended {ended} session(s)" if deleted else
               f"{username} is named by dossiers as their guide: kept as a disabled account that cannot sign in; "
               f"ended {ended} session(s)")
