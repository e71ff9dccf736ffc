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
