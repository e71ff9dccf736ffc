"""SQLite tuned for a busy terminal: WAL, a busy timeout, foreign keys, immediate write transactions."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

_tuned = False


def _on_connect(dbapi_connection, _record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _on_begin(connection):
    # IMMEDIATE takes the write lock up front, so two writers queue instead of one failing late.
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def tune_sqlite():
    global _tuned
    if not _tuned:
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
        _tuned = True


def migrations(app):
    """Alembic (through Flask-Migrate) attached to `app`, for the commands that migrate and for the tests.
    A serving process never loads it: with Mako it weighs ~11 MB, a tenth of a terminal's memory budget."""
    from flask_migrate import Migrate

    from kiosk.extensions import db
    from kiosk.paths import shipped

    if "migrate" not in app.extensions:
        Migrate(app, db, directory=str(shipped("migrations")), render_as_batch=True)
    return app


def upgrade(app) -> None:
    """`app`'s database at the newest migration: the schema an installation has (`kiosk upgrade`), every
    table, not only those of the models its role happens to import."""
    from flask_migrate import upgrade as upgrade_to_head

    with migrations(app).app_context():
        upgrade_to_head()


def app_for_migrations():
    """For writing a migration: `kiosk db migrate -m "…" --rev-id <branch>_1` (the database of
    KIOSK_DATABASE_URL, else instance/kiosk.db, upgraded first with `kiosk db --dev upgrade`)."""
    from kiosk import create_app

    return migrations(create_app({"CONFIG": "testing"}))
