"""The `kiosk` command: demo, serve, init, users, purge, bench."""
import os
import secrets
import sys
from pathlib import Path

import click
from flask_migrate import upgrade

from . import create_app
from .config import BaseConfig, UnsafeConfig

DEMO_GUIDE = "huongdan"


@click.group()
def main():
    """Ward kiosk: file administrative procedures at a ward's internet access point."""


def _instance_path() -> Path:
    return Path(os.environ.get("KIOSK_INSTANCE_PATH") or BaseConfig.INSTANCE_PATH)


def _demo_secret() -> str:
    """A random secret kept in the instance folder, so demo sessions survive a restart."""
    path = _instance_path() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _app(config=None):
    try:
        return create_app(config)
    except UnsafeConfig as exc:
        raise click.ClickException(str(exc)) from exc


def _serve(app, host, port):
    from waitress import serve

    from .retention import start_schedule

    start_schedule(app)
    serve(app, host=host, port=port, threads=8, ident="kiosk")


@main.command()
def init():
    """Create or upgrade the database to the latest migration."""
    with _app().app_context():
        upgrade()
    click.echo("database is up to date")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True)
def serve(host, port):
    """Serve the kiosk with waitress (KIOSK_SECRET_KEY required)."""
    _serve(_app(), host, port)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def demo(host, port):
    """Standalone demo: migrate, create a demo guide, print the URL and serve."""
    from .auth.models import StaffUser
    from .auth.services import create_user
    from .demo import seed
    from .dossiers.services import Terminal
    from .extensions import db

    app = _app({"CONFIG": "development", "SECRET_KEY": _demo_secret()})
    with app.app_context():
        upgrade()
        catalogue = app.extensions["catalogue"]
        guide = db.session.query(StaffUser).filter_by(username=DEMO_GUIDE).first()
        if guide is None:
            password = secrets.token_urlsafe(9)
            guide = create_user(DEMO_GUIDE, password, "Cán bộ hướng dẫn (demo)")
            sign_in = f"username {DEMO_GUIDE}  password {password}  (shown once)"
        else:
            sign_in = f"username {DEMO_GUIDE}  (password shown when it was created; delete instance/ to reset)"
        filed = seed(catalogue, Terminal.from_config(app.config), guide.id)
    click.echo(f"Ward kiosk demo: {len(catalogue.procedures)} procedures, {filed} sample dossiers filed now")
    click.echo(f"  Kiosk:          http://{host}:{port}/")
    click.echo(f"  Staff sign-in:  http://{host}:{port}/staff/sign-in   {sign_in}")
    sys.stdout.flush()
    _serve(app, host, port)


@main.group()
def users():
    """Staff accounts."""


@users.command("add")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name as shown to colleagues.")
@click.option("--role", type=click.Choice(["guide", "supervisor", "officer", "admin"]), default="guide")
@click.password_option()
def add_user(username, full_name, role, password):
    """Create a staff account."""
    from .auth.services import create_user

    with _app().app_context():
        create_user(username, password, full_name, role)
    click.echo(f"created {role} {username}")


@main.command()
def purge():
    """Delete idle resident visits and expired saved forms (also done every 5 minutes by `serve`)."""
    from .retention import purge as purge_now

    counts = purge_now(_app())
    click.echo(f"purged {counts['visits']} idle visits, {counts['drafts']} expired drafts")


@main.group()
def calendar():
    """Working-day overrides: extra days off and worked Saturdays."""


@calendar.command("set")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]))
@click.argument("kind", type=click.Choice(["day_off", "working_day"]))
@click.option("--note", default="")
def calendar_set(day, kind, note):
    """Mark DAY as an extra day off or a working day."""
    from .dossiers.calendar import set_override

    with _app().app_context():
        set_override(day.date(), kind, note)
    click.echo(f"{day:%d/%m/%Y} is now a {kind.replace('_', ' ')}")


@main.group()
def catalogue():
    """The procedure catalogue."""


@catalogue.command("check")
@click.option("--path", "folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A folder of procedure files (default: the shipped catalogue).")
def check_catalogue(folder):
    """Validate procedure files; exits non-zero naming the first bad file and field."""
    from .catalogue.loader import DEFAULT_FOLDER, CatalogueError, load_catalogue

    try:
        loaded = load_catalogue(folder or DEFAULT_FOLDER)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(loaded.procedures)} procedures are valid")


@main.group()
def bench():
    """Benchmarks for the performance budgets (DESIGN.md §11)."""


@bench.command("receipts")
@click.option("--count", default=200, show_default=True)
def bench_receipts(count):
    """Render receipts in a loop; compare with WeasyPrint."""
    from .printing import bench as receipt_bench

    click.echo(receipt_bench.format_line(receipt_bench.run(count)))


@bench.command("search")
@click.option("--size", default=2000, show_default=True, help="Procedures in the scaled catalogue.")
@click.option("--rounds", default=50, show_default=True)
def bench_search(size, rounds):
    """Time typical resident queries over a catalogue scaled up to SIZE procedures."""
    from .catalogue import search_bench

    click.echo(search_bench.format_line(search_bench.run(size, rounds)))
