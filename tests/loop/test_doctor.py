"""`kiosk doctor` on a real terminal set-up against a real centre over HTTP: each problem named, in plain words."""
import time
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from flask_migrate import upgrade

from kiosk.cli import main
from kiosk.database import migrations
from tests.support import STRONG_KEY, make_app


def _env(monkeypatch, tmp_path, **settings):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700, exist_ok=True)
    values = {"CONFIG": "production", "SECRET_KEY": STRONG_KEY, "PUBLIC_URL": "https://kiosk.example.test",
              "INSTANCE_PATH": str(instance),
              "DATABASE_URL": f"sqlite:///{instance / 'kiosk.db'}", **settings}
    for name, value in values.items():
        monkeypatch.setenv(f"KIOSK_{name}", value)
    return instance


def _migrate(tmp_path, revision="head"):
    instance = tmp_path / "instance"
    app = migrations(make_app(tmp_path, INSTANCE_PATH=str(instance),
                              SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'kiosk.db'}"))
    with app.app_context():
        upgrade(revision=revision)
    (instance / "kiosk.db").chmod(0o600)


def doctor():
    return CliRunner().invoke(main, ["doctor"])


def test_a_good_standalone_set_up_passes(monkeypatch, tmp_path):
    _env(monkeypatch, tmp_path, ROLE="standalone")
    _migrate(tmp_path)
    assert "PROBLEM  backups: no backup in" in doctor().output
    assert CliRunner().invoke(main, ["backup"]).exit_code == 0
    result = doctor()
    assert result.exit_code == 0, result.output
    assert "PROBLEM" not in result.output and "all checks passed" in result.output
    assert "ok       database: at the newest migration" in result.output


def test_a_misconfigured_terminal_is_told_what_is_wrong(monkeypatch, tmp_path, central, terminal_key):
    instance = _env(monkeypatch, tmp_path, ROLE="terminal", CENTRAL_URL=central.url, TERMINAL_KEY="Zt4-not-the-key-Hq9wVb2nX7mL5cP1sD8k")
    _migrate(tmp_path, "0008")  # a migration behind
    instance.chmod(0o755)  # loosened by hand: the kiosk tightens its data folder whenever it starts
    result = doctor()
    assert result.exit_code == 1
    assert "ok       centre reachable" in result.output
    assert "PROBLEM  terminal key: the centre refuses this terminal" in result.output
    assert "PROBLEM  database: the database is at migration 0008" in result.output
    assert "fix: run: kiosk upgrade" in result.output
    assert "ok       permissions: the data folder and database are private" in result.output
    assert instance.stat().st_mode & 0o777 == 0o700
    assert "PROBLEM  backups: no backup" in result.output
    assert "Traceback" not in result.output


def test_a_restored_terminal_waiting_for_the_centre(monkeypatch, tmp_path):
    _env(monkeypatch, tmp_path, ROLE="terminal", CENTRAL_URL="http://127.0.0.1:9", TERMINAL_KEY=STRONG_KEY)
    _migrate(tmp_path)
    assert CliRunner().invoke(main, ["backup"]).exit_code == 0
    [archive] = (tmp_path / "instance" / "backups").glob("*.tar.gz")
    assert CliRunner().invoke(main, ["restore", str(archive), "--yes"]).exit_code == 0
    result = doctor()
    assert "PROBLEM  filing: filing is paused: this terminal was restored" in result.output
    assert "kiosk resume-filing" in result.output


def test_the_right_key_and_a_fast_clock(monkeypatch, tmp_path, central, terminal_key):
    _env(monkeypatch, tmp_path, ROLE="terminal", CENTRAL_URL=central.url, TERMINAL_KEY=terminal_key)
    _migrate(tmp_path)
    # 12 minutes ahead when read, not of when the test began: a slow migration must not make it 11
    monkeypatch.setattr("kiosk.maintenance.doctor.time", SimpleNamespace(time=lambda: time.time() + 12 * 60))
    result = doctor()
    assert "ok       terminal key: the centre accepts this terminal's key" in result.output
    assert "PROBLEM  clock: this PC's clock is 12 minutes fast" in result.output
    assert "timedatectl set-ntp true" in result.output
    assert result.exit_code == 1


def test_an_unreachable_centre(monkeypatch, tmp_path):
    _env(monkeypatch, tmp_path, ROLE="terminal", CENTRAL_URL="http://127.0.0.1:9", TERMINAL_KEY=STRONG_KEY)
    _migrate(tmp_path)
    result = doctor()
    assert result.exit_code == 1
    assert "PROBLEM  centre reachable: no answer from http://127.0.0.1:9" in result.output
    assert "check KIOSK_CENTRAL_URL" in result.output


@pytest.mark.parametrize("settings, expected", [
    ({"SECRET_KEY": "short"}, "KIOSK_SECRET_KEY"),
    ({"ROLE": "terminal"}, "a terminal needs KIOSK_CENTRAL_URL and KIOSK_TERMINAL_KEY"),
    ({"ROLE": "kiosk"}, "KIOSK_ROLE is 'kiosk'; allowed: standalone, terminal, central"),
])
def test_configuration_errors_are_plain_words(monkeypatch, tmp_path, settings, expected):
    _env(monkeypatch, tmp_path, **settings)
    result = doctor()
    assert result.exit_code == 1
    assert f"PROBLEM  configuration: {expected}" in result.output and "Traceback" not in result.output


def test_a_missing_printer_queue(monkeypatch, tmp_path):
    from tests.support import require_tool

    require_tool("lpstat")
    _env(monkeypatch, tmp_path, ROLE="standalone", PRINTER="no-such-queue")
    _migrate(tmp_path)
    result = doctor()
    assert result.exit_code == 1
    assert "PROBLEM  printer: no printer queue named no-such-queue" in result.output
