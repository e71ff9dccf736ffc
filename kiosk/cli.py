"""The `kiosk` command. Serving and set-up live here; each domain's commands live in its own
`commands.py` and are imported only when that group is used, so `kiosk serve` loads none of them."""
import secrets
import sys
from pathlib import Path

import click
from werkzeug.utils import import_string

from . import __version__, create_app, database
from .config import UnsafeConfig
from .config import value as config_value
from .paths import CHECKOUT_ROOT, running_from_checkout

DEMO_GUIDE = "huongdan"


# group name -> "module:attribute" of its click group. Add a domain's commands here, once.
DOMAIN_GROUPS = {
    "users": "kiosk.auth.commands:users",
    "terminals": "kiosk.central.commands:terminals",
    "calendar": "kiosk.dossiers.commands:calendar",
    "figures": "kiosk.reports.commands:figures",
    "catalogue": "kiosk.catalogue.commands:catalogue",
    "bench": "benchmarks.commands:bench",  # a source checkout's; not in the package
    "keys": "kiosk.security.commands:keys",
    "sync": "kiosk.sync.commands:sync",
    **{name: f"kiosk.maintenance.commands:{name.replace('-', '_')}" for name in (
        "backup", "restore", "upgrade", "resume-filing", "doctor", "install-service")},
    "browser": "kiosk.terminal.commands:browser",
    "db": "kiosk.database.commands:db",
    "storage": "kiosk.storage.commands:storage",
}


class DomainGroups(click.Group):
    """Click's documented lazy-loading group: a domain's commands are imported on first use."""

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *DOMAIN_GROUPS])

    def get_command(self, ctx, name):
        if name in DOMAIN_GROUPS:
            if DOMAIN_GROUPS[name].startswith("benchmarks."):
                if not running_from_checkout():
                    return _needs_checkout(name)
                if str(CHECKOUT_ROOT) not in sys.path:  # an editable install maps `kiosk` only
                    sys.path.append(str(CHECKOUT_ROOT))
            return import_string(DOMAIN_GROUPS[name])
        return super().get_command(ctx, name)


def _needs_checkout(name):
    @click.command(name, context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
                   add_help_option=False)
    def unavailable():
        raise click.ClickException(f"`kiosk {name}` runs from a source checkout (its benchmarks/ folder is not "
                                   f"in the package): clone the repository, `pip install -e .` there, and run it again")

    return unavailable


@click.group(cls=DomainGroups)
@click.version_option(__version__, prog_name="kiosk", message="%(prog)s %(version)s")
def main():
    """Ward kiosk: file administrative procedures at a ward's internet access point."""


def _instance_path() -> Path:
    return Path(config_value("INSTANCE_PATH"))


def _demo_secret() -> str:
    """A random secret kept in the instance folder, so demo sessions survive a restart."""
    path = _instance_path() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def app_or_fail(config=None):
    """The app for a command; an unsafe setting is a clean error, not a traceback."""
    try:
        return create_app(config)
    except UnsafeConfig as exc:
        raise click.ClickException(str(exc)) from exc


def _serve(make_app, host, port, processes=1):
    from .serving import THREADS, serve

    app = make_app()  # checks the settings before any process starts
    if processes > 1 and app.config["ROLE"] == "terminal":
        raise click.ClickException("a terminal serves from one process (its SQLite and its sync worker)")
    _require_newest_migration(app)
    # With several processes, each makes its own app (and database connections) after the fork.
    serve(make_app if processes > 1 else lambda: app, host, port, processes, THREADS[app.config["ROLE"]])


def _require_newest_migration(app):
    """Serving a database an upgrade left behind answers pages, then fails on the first filing: refuse."""
    from .extensions import db
    from .health import schema_state

    with app.app_context():
        state, reason = schema_state(db.engine)
    if state != "ready":
        raise click.ClickException(f"not serving: {reason}")


@main.command()
def init():
    """Create or upgrade the database to the latest migration."""
    database.upgrade(app_or_fail())
    click.echo("database is up to date")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True)
@click.option("--role", type=click.Choice(["standalone", "terminal", "central"]), default=None,
              help="Overrides KIOSK_ROLE.")
@click.option("--processes", default=1, show_default=True,
              help="Processes sharing the port (the centre: one per core).")
def serve(host, port, role, processes):
    """Serve with waitress (KIOSK_SECRET_KEY required); a terminal also runs its sync worker."""
    _serve(lambda: app_or_fail({"ROLE": role} if role else None), host, port, processes)


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

    app = app_or_fail({"CONFIG": "development", "SECRET_KEY": _demo_secret()})
    database.upgrade(app)
    with app.app_context():
        catalogue = app.extensions["catalogue"]
        guide = db.session.query(StaffUser).filter_by(username=DEMO_GUIDE).first()
        if guide is None:
            password = secrets.token_urlsafe(9)
            guide = create_user(DEMO_GUIDE, password, "Cán bộ hướng dẫn (demo)")
            sign_in = f"username {DEMO_GUIDE}  password {password}  (shown once)"
        else:
            sign_in = f"username {DEMO_GUIDE}  (password shown when it was created; delete {app.instance_path} to reset)"
        filed = seed(catalogue, Terminal.from_config(app.config), guide.id)
    click.echo(f"Ward kiosk demo: {len(catalogue.procedures)} procedures, {filed} sample dossiers filed now")
    click.echo(f"  Data folder:    {app.instance_path}")
    click.echo(f"  Kiosk:          http://{host}:{port}/")
    click.echo(f"  Staff sign-in:  http://{host}:{port}/staff/sign-in   {sign_in}")
    sys.stdout.flush()
    _serve(lambda: app, host, port)


@main.command("settings")
def list_settings():
    """Every KIOSK_* setting: what it is for, its kind of value and its default."""
    from .config import describe

    click.echo(describe())


@main.command()
def purge():
    """Delete personal data past its keeping time: idle visits, expired drafts, ended dossiers' personal data,
    sent messages, text messages, failed sign-ins, old sessions (also done every minute by `serve`)."""
    from .retention import purge as purge_now

    counts = purge_now(app_or_fail())
    click.echo("purged " + " ".join(f"{name}={count}" for name, count in counts.items()))
