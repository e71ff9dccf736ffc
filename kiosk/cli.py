"""The `kiosk` command: demo, serve, init, users, purge, bench."""
import os
import secrets
import sys
from pathlib import Path

import click

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


def _serve(make_app, host, port, processes=1):
    from .serving import THREADS, serve

    app = make_app()  # checks the settings before any process starts
    if processes > 1 and app.config["ROLE"] == "terminal":
        raise click.ClickException("a terminal serves from one process (its SQLite and its sync worker)")
    # With several processes, each makes its own app (and database connections) after the fork.
    serve(make_app if processes > 1 else lambda: app, host, port, processes, THREADS[app.config["ROLE"]])


@main.command()
def init():
    """Create or upgrade the database to the latest migration."""
    _upgrade(_app())
    click.echo("database is up to date")


def _upgrade(app) -> None:
    from flask_migrate import upgrade

    from .database import migrations

    with migrations(app).app_context():
        upgrade()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True)
@click.option("--role", type=click.Choice(["standalone", "terminal", "central"]), default=None,
              help="Overrides KIOSK_ROLE.")
@click.option("--processes", default=1, show_default=True,
              help="Processes sharing the port (the centre: one per core).")
def serve(host, port, role, processes):
    """Serve with waitress (KIOSK_SECRET_KEY required); a terminal also runs its sync worker."""
    _serve(lambda: _app({"ROLE": role} if role else None), host, port, processes)


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
    _upgrade(app)
    with app.app_context():
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
    _serve(lambda: app, host, port)


@main.group()
def users():
    """Staff accounts."""


@users.command("add")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Full name as shown to colleagues.")
@click.option("--role", type=click.Choice(["guide", "supervisor", "officer", "admin"]), default="guide")
@click.option("--agency", default=None, help="For officers: the agency (a ward code, or 'city') they process for.")
@click.password_option()
def add_user(username, full_name, role, agency, password):
    """Create a staff account."""
    from .auth.services import create_user

    if role == "officer" and not agency:
        raise click.UsageError("an officer needs --agency")
    with _app().app_context():
        create_user(username, password, full_name, role, agency)
    click.echo(f"created {role} {username}")


@main.command()
def purge():
    """Delete idle resident visits and expired saved forms (also done every 5 minutes by `serve`)."""
    from .retention import purge as purge_now

    counts = purge_now(_app())
    click.echo(f"purged {counts['visits']} idle visits, {counts['drafts']} expired drafts")


@main.command()
def sync():
    """One sync pass with the centre: send the outbox, apply the feed (role terminal)."""
    from .sync.worker import sync_once

    app = _app()
    if app.config["ROLE"] != "terminal" or not app.config["CENTRAL_URL"] or not app.config["TERMINAL_KEY"]:
        raise click.ClickException("sync needs KIOSK_ROLE=terminal, KIOSK_CENTRAL_URL and KIOSK_TERMINAL_KEY")
    with app.app_context():
        click.echo(" ".join(f"{k}={v}" for k, v in sync_once().items()))


@main.group()
def terminals():
    """Terminals registered with the centre (run on the central server)."""


@terminals.command("add")
@click.argument("ward")
@click.option("--number", default=1, show_default=True, help="The terminal's number within the ward.")
def add_terminal(ward, number):
    """Register a terminal; prints its id and key once."""
    from .central.terminals import register_terminal

    with _app().app_context():
        terminal, key = register_terminal(ward, number)
    click.echo(f"terminal id: {terminal.id}")
    click.echo(f"terminal key (shown once; set KIOSK_TERMINAL_KEY on the terminal): {key}")


@terminals.command("revoke")
@click.argument("terminal_id")
def revoke(terminal_id):
    """Refuse every further request from a terminal."""
    from .central.terminals import revoke_terminal

    with _app().app_context():
        if not revoke_terminal(terminal_id):
            raise click.ClickException(f"no terminal {terminal_id}")
    click.echo(f"revoked {terminal_id}")


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
def figures():
    """The figures' daily tallies."""


@figures.command("rebuild")
def rebuild_figures():
    """Recount the tallies from the dossiers (after a bulk load, or after upgrading to 0009)."""
    from .reports.tallies import rebuild

    with _app().app_context():
        click.echo(f"tallies={rebuild()}")


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


@bench.command("ingest")
@click.option("--quick", is_flag=True, help="20 terminals x 10 dossiers instead of 200 x 25.")
@click.option("--database-url", default=None, help="PostgreSQL for the benchmark's own database.")
def bench_ingest(quick, database_url):
    """Concurrent terminals posting dossiers to a centre on PostgreSQL (every tenth is resent)."""
    from .central import bench as central_bench

    figures = central_bench.run_ingest(database_url or central_bench.bench_url("ingest"),
                                       *((20, 10) if quick else (200, 25)))
    click.echo(f"terminals={figures['terminals']} dossiers={figures['dossiers']} "
               f"centre_cpu_ms_per_dossier={figures['centre_cpu_ms']:.2f} "
               f"database_cpu_ms_per_dossier={figures['database_cpu_ms']:.2f} "
               f"dossiers_per_s={figures['dossiers_per_s']:.0f} duplicates={figures['duplicates']}")


@bench.command("lookup")
@click.option("--quick", is_flag=True, help="100 thousand and 1 million dossiers instead of 1 and 10 million.")
@click.option("--database-url", default=None)
def bench_lookup(quick, database_url):
    """Lookup by code at 1 M and 10 M dossiers on PostgreSQL."""
    from .central import bench as central_bench

    sizes = (100_000, 1_000_000) if quick else (1_000_000, 10_000_000)
    figures = central_bench.run_lookup(database_url or central_bench.bench_url("lookup"), sizes)
    for size, timing in figures.items():
        click.echo(f"dossiers={size} lookup_ms_median={timing['median']:.3f} lookup_ms_p99={timing['p99']:.3f}")
    click.echo(f"lookup_ms_p99={figures[sizes[-1]]['p99']:.3f}")


@bench.command("sync")
@click.option("--messages", default=10_000, show_default=True)
@click.option("--database-url", default=None)
def bench_sync(messages, database_url):
    """Messages queued during an outage, delivered to a centre on PostgreSQL once it is back."""
    from .central.bench import bench_url
    from .sync import bench as sync_bench

    figures = sync_bench.run(database_url or bench_url("sync"), messages)
    click.echo(f"messages={figures['messages']} delivered={figures['delivered']} left={figures['left']} "
               f"catchup_s={figures['catchup_s']:.1f}")


@bench.command("reports")
@click.option("--quick", is_flag=True, help="200 thousand dossiers instead of 10 million.")
@click.option("--database-url", default=None)
def bench_reports(quick, database_url):
    """The one-month city report over a generated data set on PostgreSQL."""
    from .central.bench import bench_url
    from .reports import bench as reports_bench

    # The quick run has a database of its own: it must not empty the 10 M one, which takes long to make.
    figures = reports_bench.run(database_url or bench_url("reports_quick" if quick else "reports"),
                                200_000 if quick else 10_000_000)
    click.echo(f"dossiers={figures['dossiers']} wards={figures['wards']} month_dossiers={figures['month_dossiers']} "
               f"returned={figures['returned']} on_time_pct={figures['on_time_pct']:.2f} "
               f"report_s={figures['report_s']:.3f}")


@bench.command("pages")
@click.option("--quick", is_flag=True, help="2 rounds of 1 s per server instead of 6 of 4 s.")
def bench_pages(quick):
    """The procedure list under 4 terminals' load, beside a bare Flask + Jinja page of the same size."""
    from .resident import pages_bench

    click.echo(pages_bench.format_line(pages_bench.run(*((2, 1.0) if quick else (6, 4.0)))))


@bench.command("memory")
@click.option("--rounds", default=20, show_default=True,
              help="Walks through the catalogue, each filing the two sample dossiers.")
def bench_memory(rounds):
    """A terminal's server process: resident memory after residents have walked and filed through it."""
    from .resident import memory_bench

    click.echo(memory_bench.format_line(memory_bench.run(rounds)))
