"""The models and the Alembic migrations agree, and every revision upgrades and downgrades."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from kiosk.database import migrations
from kiosk.extensions import db
from tests.support import make_app as make_kiosk_app
from tests.support import postgres_url


def make_app(tmp_path, **overrides):
    return migrations(make_kiosk_app(tmp_path, **overrides))


def _diff(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _revisions(app):
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def check_database(app):
    with app.app_context():
        upgrade()
        assert _diff(app) == []
        revisions = _revisions(app)
        for revision in reversed(revisions[:-1]):
            downgrade(revision=revision)
        downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        for revision in revisions:
            upgrade(revision=revision)
        assert _diff(app) == []


def test_sqlite_migrations_match_models(tmp_path):
    check_database(make_app(tmp_path))


@pytest.mark.postgres
def test_postgres_migrations_match_models(tmp_path):
    url = postgres_url()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    check_database(app)
    with app.app_context():
        db.engine.dispose()


def test_upgrading_a_terminal_that_holds_dossiers_keeps_them(tmp_path):
    """Batch migrations on SQLite rebuild tables: rows and the links between them must survive."""
    app = make_app(tmp_path)
    with app.app_context():
        upgrade(revision="0004")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO dossiers (id, code, submission_key, procedure_code, ward_code, terminal_no, status,"
                " channel, applicant_name, phone_last4, answers, fee, locale, submitted_at, due_on, receipt_copies)"
                " VALUES (1, '09556-01-261122-0001-2', 'k', 'khai-sinh', '09556', 1, 'submitted', 'self_service',"
                " 'Trần Thị Mai', '5678', '{}', 0, 'vi', '2026-11-22 03:00:00', '2026-11-23', 0)"))
            connection.execute(sa.text(
                "INSERT INTO dossier_events (dossier_id, at, kind, actor, to_status)"
                " VALUES (1, '2026-11-22 03:00:00', 'submitted', 'resident', 'submitted')"))
        upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT agency_code FROM dossiers")).scalar() == "09556"
            assert connection.execute(sa.text("SELECT count(*) FROM dossier_events")).scalar() == 1
            assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
