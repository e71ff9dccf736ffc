"""`kiosk figures …`: the figures' daily tallies."""
import click

from kiosk.cli import app_or_fail


@click.group()
def figures():
    """The figures' daily tallies."""


@figures.command("rebuild")
def rebuild_figures():
    """Recount the tallies from the dossiers (after a bulk load, or after upgrading to 0009)."""
    from kiosk.reports.tallies import rebuild

    with app_or_fail().app_context():
        click.echo(f"tallies={rebuild()}")
