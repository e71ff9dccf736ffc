"""The models and the Alembic migrations agree, and every revision upgrades and downgrades."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from kiosk.extensions import db
from tests.support import make_app, postgres_url


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
