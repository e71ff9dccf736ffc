"""`kiosk db …` migrates a real SQLite database through the `kiosk` command, and is loaded only when used."""
import subprocess
import sys

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.paths import shipped

STRONG = "Zq8v-Lw3n_Rt5yB1xK9mQp2sHd7fJc4G"


def _heads_and_base():
    script = ScriptDirectory(str(shipped("migrations")))
    revisions = list(script.walk_revisions())
    return script.get_current_head(), revisions[-1].revision, revisions[1].revision  # head, first, the one below head


def _installation(tmp_path, monkeypatch):
    database = tmp_path / "kiosk.db"
    monkeypatch.setenv("KIOSK_SECRET_KEY", STRONG)
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://motcua.example.vn")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{database}")
    return database


def _version(database):
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        version = (connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
                   if "alembic_version" in names else None)
    engine.dispose()
    return version, names


def test_upgrade_current_history_and_downgrade(tmp_path, monkeypatch):
    database = _installation(tmp_path, monkeypatch)
    head, first, below_head = _heads_and_base()
    runner = CliRunner()

    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    version, tables = _version(database)
    assert version == head and "dossiers" in tables and "visits" in tables

    result = runner.invoke(main, ["db", "current"])
    assert result.exit_code == 0, result.output
    assert head in result.output

    result = runner.invoke(main, ["db", "history"])
    assert result.exit_code == 0, result.output
    assert f"{head} (head) (current)" in result.output and first in result.output

    result = runner.invoke(main, ["db", "downgrade"])  # without --yes: refused, nothing changes
    assert result.exit_code != 0 and "--yes" in result.output
    assert _version(database)[0] == head

    result = runner.invoke(main, ["db", "downgrade", "--yes"])
    assert result.exit_code == 0, result.output
    assert _version(database)[0] == below_head

    result = runner.invoke(main, ["db", "downgrade", "base", "--yes"])
    assert result.exit_code == 0, result.output
    version, tables = _version(database)
    assert version is None and "dossiers" not in tables


def test_a_bad_setting_is_a_clean_error_not_a_traceback(tmp_path, monkeypatch):
    _installation(tmp_path, monkeypatch)
    monkeypatch.setenv("KIOSK_SECRET_KEY", "short")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1 and "KIOSK_SECRET_KEY" in result.output
    assert isinstance(result.exception, SystemExit)  # click's error, not an exception escaping


def test_a_developer_writes_a_revision_without_production_settings(tmp_path, monkeypatch):
    """`kiosk db --dev …` and `revision` need no secret; the file is named by --rev-id. The migrations folder
    is copied first, so the checkout's stays untouched."""
    import shutil

    folder = tmp_path / "migrations"
    shutil.copytree(shipped("migrations"), folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr("kiosk.paths.shipped", lambda name: folder if name == "migrations" else shipped(name))
    monkeypatch.delenv("KIOSK_SECRET_KEY", raising=False)
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{tmp_path / 'dev.db'}")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path / "instance"))
    runner = CliRunner()
    result = runner.invoke(main, ["db", "--dev", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["db", "revision", "-m", "a note", "--rev-id", "layers_test_1"])
    assert result.exit_code == 0, result.output
    written = list((folder / "versions").glob("layers_test_1_*.py"))
    assert written and 'revision = "layers_test_1"' in written[0].read_text().replace("'", '"')


def test_the_group_is_listed_and_loaded_only_when_used():
    code = ("import sys; from kiosk.cli import main; "
            "assert 'db' in main.list_commands(None); "
            "assert 'kiosk.database.commands' not in sys.modules and 'flask_migrate' not in sys.modules; "
            "assert main.get_command(None, 'db').name == 'db'; assert 'kiosk.database.commands' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
