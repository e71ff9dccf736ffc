"""`kiosk terminals …`: terminals registered with the centre."""
import click

from kiosk.cli import app_or_fail


@click.group()
def terminals():
    """Terminals registered with the centre (run on the central server)."""


@terminals.command("add")
@click.argument("ward")
@click.option("--number", default=1, show_default=True, help="The terminal's number within the ward.")
def add_terminal(ward, number):
    """Register a terminal; prints its id and key once."""
    from kiosk.central.terminals import register_terminal

    with app_or_fail().app_context():
        terminal, key = register_terminal(ward, number)
    click.echo(f"terminal id: {terminal.id}")
    click.echo(f"terminal key (shown once; set KIOSK_TERMINAL_KEY on the terminal): {key}")


@terminals.command("revoke")
@click.argument("terminal_id")
def revoke(terminal_id):
    """Refuse every further request from a terminal."""
    from kiosk.central.terminals import revoke_terminal

    with app_or_fail().app_context():
        if not revoke_terminal(terminal_id):
            raise click.ClickException(f"no terminal {terminal_id}")
    click.echo(f"revoked {terminal_id}")
