"""`kiosk backup`, `kiosk restore`, `kiosk upgrade`, `kiosk resume-filing`, `kiosk doctor`,
`kiosk install-service`: running an installation."""
from pathlib import Path

import click

from kiosk.cli import app_or_fail


@click.command()
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the archive (default KIOSK_BACKUP_PATH, else <instance>/backups).")
@click.option("--keep", type=int, default=None, help="How many archives to keep (default KIOSK_BACKUP_KEEP, 14).")
def backup(dest, keep):
    """Make a consistent, checked backup of the database and the scans; keep the last N."""
    from .backup import BackupFailed, make_backup

    app = app_or_fail()
    try:
        path = make_backup(app, dest, keep)
    except BackupFailed as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup checked and saved: {path}")


@click.command()
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace this installation's data with the backup's.")
def restore(archive, yes):
    """Bring back a backup (stop `kiosk serve` first). A terminal then files again only once the centre
    has told it the last codes it issued; a centre asks its terminals to send again what it lacks."""
    from kiosk import database

    from .backup import BackupFailed, restore_backup
    from .restore import check_with_centre, is_restored, mark_restored

    if not yes:
        raise click.ClickException("this replaces the current database and scans: run again with --yes")
    app = app_or_fail()
    try:
        manifest = restore_backup(app, archive)
    except BackupFailed as exc:
        raise click.ClickException(str(exc)) from exc
    database.upgrade(app)  # the backup may predate this version's schema
    click.echo(f"restored the {manifest['role']} backup taken at {manifest['taken_at']} UTC")
    click.echo(mark_restored(app, manifest))
    if app.config["ROLE"] == "terminal":
        with app.app_context():
            check_with_centre(app.config)
            if not is_restored():
                click.echo("the centre confirmed the last codes issued: filing is open")


@click.command("resume-filing")
@click.option("--after", type=click.IntRange(0, 9998), required=True,
              help="Today's codes continue after this sequence (the highest on any receipt since the backup).")
def resume_filing(after):
    """Offline after a restore: confirm a safe restart point for today's codes and file again."""
    from .restore import is_restored
    from .restore import resume_filing as resume

    app = app_or_fail()
    with app.app_context():
        if not is_restored():
            click.echo("filing is not paused; nothing to do")
            return
        resume(after)
    click.echo(f"filing is open; today's codes continue after {after:04d}")


@click.command()
@click.option("--no-backup", is_flag=True, help="Migrate without taking a backup first.")
def upgrade(no_backup):
    """Take a backup, then bring the database to this version's newest migration."""
    from kiosk import database

    from .backup import BackupFailed, make_backup
    from .doctor import database_revision

    app = app_or_fail()
    if not no_backup and database_revision(app)[0] is not None:
        try:
            click.echo(f"backup taken first: {make_backup(app)}")
        except BackupFailed as exc:
            raise click.ClickException(f"{exc} (nothing was migrated)") from exc
    database.upgrade(app)
    click.echo("database is at the newest migration")


@click.command()
def doctor():
    """Check this terminal's or centre's set-up; say what is wrong and how to fix it (exit 1 if anything is)."""
    from kiosk import create_app

    from .doctor import examine

    findings = examine(create_app)
    for finding in findings:
        for line in finding.lines():
            click.echo(line)
    problems = sum(not finding.ok for finding in findings)
    if problems:
        click.echo(f"{problems} problem{'s' if problems > 1 else ''} found")
        raise SystemExit(1)
    click.echo("all checks passed")


@click.command("install-service")
@click.option("--role", type=click.Choice(["terminal", "central"]), required=True)
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=Path("/etc/systemd/system"),
              show_default=True, help="Where the unit files go.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on (the centre: behind its TLS reverse proxy).")
@click.option("--port", default=8080, show_default=True)
@click.option("--processes", type=int, default=None, help="The centre's processes (default: one per core).")
def install_service(role, dest, host, port, processes):
    """Write systemd units (start at boot, restart on crash, the unprivileged kiosk user, data in
    /var/lib/kiosk) and the timers for backups and purges; print the steps that remain."""
    from .service import install, steps

    try:
        written = install(role, dest, host, port, processes)
    except PermissionError as exc:
        raise click.ClickException(f"cannot write to {dest}: run as root (sudo), or pass --dest") from exc
    for path in written:
        click.echo(f"wrote {path}")
    click.echo("then, as root:")
    for step in steps(role, written):
        click.echo(f"  {step}")
