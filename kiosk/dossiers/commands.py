"""`kiosk calendar …`: working-day overrides, made where the calendar is owned (the centre, or a
standalone kiosk) and sent from the centre to every terminal through its feed."""
import click

from kiosk.cli import app_or_fail
from kiosk.dossiers.calendar import KINDS

DAY = click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"])


@click.group()
def calendar():
    """Working-day overrides: extra days off and worked Saturdays."""


@calendar.command("set")
@click.argument("day", type=DAY)
@click.argument("kind", type=click.Choice([*KINDS, "none"]))
@click.option("--note", default="", help="Why (a decision's number), shown with the override.")
@click.option("--dry-run", is_flag=True, help="Only list the dossiers whose due date it would move later.")
def calendar_set(day, kind, note, dry_run):
    """Mark DAY as an extra day off or a working day (`none`: as the law has it again)."""
    from kiosk.dossiers.calendar import CalendarRefused, change_override

    app = app_or_fail()
    with app.app_context():
        try:
            moved = change_override(day.date(), None if kind == "none" else kind, note, actor="cli",
                                    catalogue=app.extensions["catalogue"], dry_run=dry_run)
        except CalendarRefused as refused:
            raise click.ClickException(str(refused)) from refused
        lines = [f"  {m.dossier.code}  {m.dossier.applicant_name}  {m.promised:%d/%m/%Y} -> {m.new_due:%d/%m/%Y}"
                 for m in moved]
    state = "as the law has it" if kind == "none" else f"a {kind.replace('_', ' ')}"
    click.echo(f"{day:%d/%m/%Y} would be {state} (nothing changed)" if dry_run else f"{day:%d/%m/%Y} is now {state}")
    if app.config["ROLE"] == "central" and not dry_run:
        click.echo("Every terminal applies it at its next sync.")
    if moved:
        click.echo(f"{len(moved)} dossier(s) were promised an earlier date; issue each an apology slip "
                   f"with the new date (staff page: Due dates moved later):")
        click.echo("\n".join(lines))
    else:
        click.echo("No printed due date moves later.")
