"""`kiosk catalogue …`: the procedure catalogue."""
from pathlib import Path

import click


@click.group()
def catalogue():
    """The procedure catalogue."""


@catalogue.command("check")
@click.option("--path", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A folder of procedure files (default: the shipped catalogue).")
def check_catalogue(folder):
    """Validate procedure files; exits non-zero naming the first bad file and field."""
    from kiosk.catalogue.loader import DEFAULT_FOLDER, CatalogueError, load_catalogue

    try:
        loaded = load_catalogue(folder or DEFAULT_FOLDER)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(loaded.procedures)} procedures are valid")
