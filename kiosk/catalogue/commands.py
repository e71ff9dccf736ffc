"""`kiosk catalogue …`: the procedure catalogue."""
from pathlib import Path

import click


@click.group()
def catalogue():
    """The procedure catalogue."""


@catalogue.command("check")
@click.option("--path", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A folder of procedure files (default: the shipped catalogue).")
@click.option("--facts", is_flag=True,
              help="Also list every fact (fee, time limit, documents, result, legal basis, national code) "
                   "that has no source or was never checked against the legal text.")
def check_catalogue(folder, facts):
    """Validate procedure files; exits non-zero naming the first bad file and field."""
    from kiosk.catalogue.loader import DEFAULT_FOLDER, CatalogueError, load_catalogue

    try:
        loaded = load_catalogue(folder or DEFAULT_FOLDER)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc
    if folder is None:  # the shipped most-used list must name shipped procedures
        from kiosk.catalogue.featured import DEFAULT_FILE, read_codes

        unknown = [code for code in read_codes(DEFAULT_FILE) if loaded.get(code) is None]
        if unknown:
            raise click.ClickException(f"{DEFAULT_FILE.name}: no procedure with the code: {', '.join(unknown)}")
    click.echo(f"{len(loaded.procedures)} procedures are valid")
    if facts:
        from kiosk.catalogue.facts import unverified_facts

        listed = 0
        for procedure in loaded.all():
            for fact in unverified_facts(procedure):
                source = procedure.sources.get(fact)
                click.echo(f"{procedure.code}\t{fact}\t{source.ref if source else 'no source'}")
                listed += 1
        click.echo(f"{listed} facts to confirm against the legal text")


@catalogue.command("featured")
@click.argument("codes", nargs=-1)
@click.option("--reset", is_flag=True, help="Go back to the shipped order (removes the ward's own file).")
def featured_command(codes, reset):
    """Show, or set, the procedures the catalogue opens with (as large tiles), most used first.

    With CODES, those procedures in that order are written to featured.yaml in the instance folder.
    """
    from kiosk.catalogue import featured
    from kiosk.cli import app_or_fail

    app = app_or_fail()
    catalogue = app.extensions["catalogue"]
    local = Path(app.instance_path) / featured.FILE_NAME
    if reset and codes:
        raise click.UsageError("Give either CODES or --reset, not both.")
    if reset:
        local.unlink(missing_ok=True)
    elif codes:
        unknown = [code for code in codes if catalogue.get(code) is None]
        if unknown:
            raise click.ClickException(f"No procedure with the code: {', '.join(unknown)}")
        if len(set(codes)) != len(codes):
            raise click.ClickException("A procedure is named twice.")
        featured.write_codes(app.instance_path, list(codes))
    source = featured.featured_file(app.instance_path)
    click.echo(f"Featured procedures ({source}):")
    for number, procedure in enumerate(featured.featured(catalogue, app.instance_path), start=1):
        click.echo(f"{number}. {procedure.code}  {procedure.name.vi}")
