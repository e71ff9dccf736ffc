"""`kiosk storage check`: the files kept and the rows naming them agree."""
import sys

import click


@click.group()
def storage():
    """The files the kiosk keeps (scans): where, and whether every one has its row."""


@storage.command("check")
@click.option("--delete-orphans", is_flag=True, help="Delete the files no row names (rows without files stay).")
def check_command(delete_orphans):
    """List files without rows and rows without files; exit 1 when any is left."""
    from kiosk.cli import app_or_fail

    from .check import check

    app = app_or_fail()
    left = 0
    for finding in check(app, delete_orphans):
        click.echo(f"{finding.area} ({app.config['FILE_STORE']} store): {finding.files} files, {finding.rows} rows")
        for name in finding.files_without_rows:
            click.echo(f"  file without a row: {name}" + ("  (deleted)" if delete_orphans else ""))
        for name, what in finding.rows_without_files:
            click.echo(f"  row without a file: {name} ({what})")
        left += len(finding.rows_without_files) + (0 if delete_orphans else len(finding.files_without_rows))
    if left:
        click.echo(f"{left} to look into" + ("" if delete_orphans else
                                             "; files without rows go with --delete-orphans"), err=True)
        sys.exit(1)
    click.echo("every file has its row and every row its file")


@storage.command("copy")
@click.option("--from", "source", type=click.Choice(["folder", "database"]), required=True,
              help="The store to read (the other one is written).")
def copy_command(source):
    """Copy every file from one store into the other, e.g. a centre moving its scans from its instance folder
    into the database (--from folder) before setting KIOSK_FILE_STORE=database. Files already there are
    left alone; the source keeps its files (delete them once `kiosk storage check` agrees)."""
    from kiosk.cli import app_or_fail

    from .copying import copy_files

    app = app_or_fail()
    for area, copied, present in copy_files(app, source):
        click.echo(f"{area}: {copied} copied from the {source} store, {present} were there already")
