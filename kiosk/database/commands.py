"""`kiosk db …`: the database's migrations (Alembic through Flask-Migrate), loaded only when used.

`upgrade`, `downgrade`, `current` and `history` work on the installation's database (its KIOSK_* settings,
like `kiosk serve`), or with `kiosk db --dev …` on a developer's; `revision` and `migrate` are for developers
writing a migration. A developer's database is KIOSK_DATABASE_URL (else instance/kiosk.db) with the testing
settings, so no production secret is needed.
"""
import click


def _installation():
    if click.get_current_context().meta.get("dev"):
        return _development()
    from kiosk.cli import app_or_fail

    from . import migrations

    return migrations(app_or_fail())


def _development():
    from . import app_for_migrations

    return app_for_migrations()


def _alembic_config(app):
    """Alembic's config, printing to this command's output (Alembic's own default is the sys.stdout of the
    moment it was imported, which a caller capturing the output never sees)."""
    import sys

    config = app.extensions["migrate"].migrate.get_config()
    config.stdout = sys.stdout
    return config


@click.group()
@click.option("--dev", is_flag=True, help="A developer's database (KIOSK_DATABASE_URL, else instance/kiosk.db) "
                                          "with the testing settings, not the installation's.")
@click.pass_context
def db(ctx, dev):
    """The database's migrations: upgrade, downgrade, current, history; revision and migrate (developers)."""
    ctx.meta["dev"] = dev


@db.command()
@click.argument("revision", default="head")
def upgrade(revision):
    """Upgrade the database to REVISION (default: the newest migration)."""
    from flask_migrate import upgrade as run

    with _installation().app_context():
        run(revision=revision)
    click.echo(f"database upgraded to {revision}")


@db.command()
@click.argument("revision", default="-1")
@click.option("--yes", is_flag=True, help="Confirm: a downgrade drops the data of the tables it removes.")
def downgrade(revision, yes):
    """Downgrade the database to REVISION (default: one step back)."""
    from flask_migrate import downgrade as run

    if not yes:
        raise click.ClickException("a downgrade drops the data of the tables and columns it removes: "
                                   "take a backup (`kiosk backup`), then run it again with --yes")
    with _installation().app_context():
        run(revision=revision)
    click.echo(f"database downgraded to {revision}")


@db.command()
@click.option("-v", "--verbose", is_flag=True)
def current(verbose):
    """The migration the database is at."""
    from alembic import command

    app = _installation()
    with app.app_context():
        command.current(_alembic_config(app), verbose=verbose)


@db.command()
@click.option("-r", "--rev-range", default=None, help="e.g. base:head")
@click.option("-v", "--verbose", is_flag=True)
def history(rev_range, verbose):
    """The migrations, newest first; the database's current one is marked."""
    from alembic import command

    app = _installation()
    with app.app_context():
        command.history(_alembic_config(app), rev_range=rev_range, verbose=verbose, indicate_current=True)


@db.command()
@click.option("-m", "--message", required=True)
@click.option("--rev-id", default=None, help="The revision id, e.g. <branch>_1.")
@click.option("--autogenerate", is_flag=True, help="Compare the models with the database.")
def revision(message, rev_id, autogenerate):
    """Write a new migration file (developers)."""
    from flask_migrate import revision as run

    with _development().app_context():
        run(message=message, rev_id=rev_id, autogenerate=autogenerate)


@db.command()
@click.option("-m", "--message", required=True)
@click.option("--rev-id", default=None, help="The revision id, e.g. <branch>_1.")
def migrate(message, rev_id):
    """Write a new migration from what the models changed (developers; the database must be upgraded first)."""
    from flask_migrate import migrate as run

    with _development().app_context():
        run(message=message, rev_id=rev_id)
