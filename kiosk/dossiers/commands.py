"""`kiosk calendar …`: working-day overrides."""
import click

from kiosk.cli import app_or_fail


@click.group()
def calendar():
    """Working-day overrides: extra days off and worked Saturdays."""


@calendar.command("set")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]))
@click.argument("kind", type=click.Choice(["day_off", "working_day"]))
@click.option("--note", default="")
def calendar_set(day, kind, note):
    """Mark DAY as an extra day off or a working day."""
    from kiosk.dossiers.calendar import set_override

    with app_or_fail().app_context():
        set_override(day.date(), kind, note)
    click.echo(f"{day:%d/%m/%Y} is now a {kind.replace('_', ' ')}")
