"""/healthz and /readyz on every role: no sign-in, no personal data; and `kiosk serve` refusing a database
that an upgrade left behind."""
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask_migrate import downgrade, upgrade

from kiosk.cli import main
from kiosk.database import migrations
from kiosk.extensions import db
from kiosk.health import migration_graph, schema_state
from kiosk.paths import shipped
from tests.support import make_app

ROLES = ["standalone", "terminal", "central"]


def _migrated(tmp_path, role, to="head"):
    app = make_app(tmp_path, ROLE=role, CENTRAL_URL="http://127.0.0.1:9/", TERMINAL_KEY="k" * 40)
    with migrations(app).app_context():
        upgrade(revision=to)
    return app


@pytest.mark.parametrize("role", ROLES)
def test_a_migrated_kiosk_is_healthy_and_ready_for_anyone(tmp_path, role):
    client = _migrated(tmp_path, role).test_client()
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "ready"
    assert "no-store" in ready.headers["Cache-Control"] and "Set-Cookie" not in ready.headers


@pytest.mark.parametrize("role", ROLES)
def test_a_database_left_behind_is_not_ready_and_says_what_to_run(tmp_path, role):
    app = _migrated(tmp_path, role, to="0008")
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503
    assert ready.json["status"] == "behind" and "0008" in ready.json["reason"] and "kiosk upgrade" in ready.json["reason"]
    assert app.test_client().get("/healthz").status_code == 200  # the process itself answers


def test_an_empty_or_unreachable_database_is_not_ready(tmp_path):
    app = make_app(tmp_path)
    assert app.test_client().get("/readyz").json["status"] == "behind"  # never migrated
    gone = make_app(tmp_path / "x", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:9/none")
    ready = gone.test_client().get("/readyz")
    assert ready.status_code == 503 and ready.json["status"] == "unreachable"


def test_a_database_from_a_newer_kiosk_is_named_as_such(tmp_path):
    app = _migrated(tmp_path, "standalone")
    with app.app_context():
        db.session.execute(db.text("UPDATE alembic_version SET version_num = 'from_the_future'"))
        db.session.commit()
        state, reason = schema_state(db.engine)
    assert state == "unknown" and "from_the_future" in reason


def test_the_newest_migration_is_read_as_alembic_reads_it():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(shipped("migrations")))
    known, heads = migration_graph()
    assert heads == frozenset(script.get_heads())
    assert known == frozenset(revision.revision for revision in script.walk_revisions())


def test_merged_branches_have_both_heads_applied(tmp_path):
    versions = tmp_path / "versions"
    versions.mkdir()
    for name, text in {"a": 'revision = "a"\ndown_revision = None\n',
                       "b": 'revision: str = "b"\ndown_revision = "a"\n',
                       "c": 'revision = "c"\ndown_revision = "a"\n',
                       "m": 'revision = "m"\ndown_revision = ("b", "c")\n'}.items():
        (versions / f"{name}.py").write_text(text)
    assert migration_graph(versions) == (frozenset("abcm"), frozenset("m"))


def test_serve_refuses_a_database_an_upgrade_left_behind(tmp_path, monkeypatch):
    app = _migrated(tmp_path, "standalone", to="0008")
    served = []
    monkeypatch.setattr("kiosk.serving.serve", lambda *args: served.append(args))
    monkeypatch.setattr("kiosk.cli.create_app", lambda config=None: app)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code != 0 and not served
    assert "not serving" in result.output and "kiosk upgrade" in result.output and "0008" in result.output

    with migrations(app).app_context():
        upgrade()
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0 and len(served) == 1


def test_the_checkout_reads_its_own_folders():
    for name in ("templates", "static", "migrations"):
        assert shipped(name) == Path(__file__).resolve().parents[2] / name
    with pytest.raises(ValueError):
        shipped("tests")


def test_a_database_downgraded_below_the_newest_is_not_ready(tmp_path):
    app = _migrated(tmp_path, "standalone")
    with migrations(app).app_context():
        downgrade(revision="0009")
    assert app.test_client().get("/readyz").status_code == 503
