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

    from .extensions import db
    from .paths import shipped

    if "migrate" not in app.extensions:
        Migrate(app, db, directory=str(shipped("migrations")), render_as_batch=True)
    return app


def app_for_migrations():
    """For writing a migration: `flask --app "kiosk.database:app_for_migrations()" db migrate -m "…"`
    (the database of KIOSK_DATABASE_URL, else instance/kiosk.db, upgraded first with `db upgrade`)."""
    from . import create_app

    return migrations(create_app({"CONFIG": "testing"}))
