"""Settings come from one place (kiosk/config.py): each KIOSK_* variable is typed and checked when the app
starts, a bad value is refused with its name, and messages that state a limit state the configured one."""
import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.config import SETTINGS, UnsafeConfig
from kiosk.extensions import db
from tests.integration.test_scans import dossier_code, photo_with_exif, png_header_only, upload  # noqa: F401  (a fixture)
from tests.support import make_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("KIOSK_TERMINAL_NO", "abc", "KIOSK_TERMINAL_NO is 'abc'; expected a whole number from 1 to 99"),
    ("KIOSK_TERMINAL_NO", "0", "KIOSK_TERMINAL_NO is '0'; expected a whole number from 1 to 99"),
    ("KIOSK_DRAFT_DAYS", "seven", "KIOSK_DRAFT_DAYS is 'seven'"),
    ("KIOSK_SCAN_MAX_BYTES", "lots", "KIOSK_SCAN_MAX_BYTES is 'lots'; expected a size such as 8MB"),
    ("KIOSK_SCAN_MAX_BYTES", "200MB", "KIOSK_SCAN_MAX_BYTES is '200MB'; expected a size from 10KB to 20MB"),
    ("KIOSK_WARD_CODE", "9556", "KIOSK_WARD_CODE is '9556'; expected 5 digits"),
    ("KIOSK_ROLE", "kiosk", "KIOSK_ROLE is 'kiosk'; allowed: standalone, terminal, central"),
    ("KIOSK_LOG_LEVEL", "LOUD", "KIOSK_LOG_LEVEL is 'LOUD'; allowed: DEBUG"),
    ("KIOSK_CENTRAL_URL", "centre.example.vn", "KIOSK_CENTRAL_URL is 'centre.example.vn'; expected an http(s)"),
    ("KIOSK_PERSONAL_DATA_DAYS", "-1", "KIOSK_PERSONAL_DATA_DAYS is '-1'"),
])
def test_a_bad_value_is_refused_with_its_name(tmp_path, monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(UnsafeConfig, match=re.escape(expected)):
        make_app(tmp_path)


def test_a_value_given_directly_is_checked_the_same_way(tmp_path):
    with pytest.raises(UnsafeConfig, match=re.escape("KIOSK_DRAFT_DAYS is '0'")):
        make_app(tmp_path, DRAFT_DAYS=0)


def test_good_values_arrive_typed(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_TERMINAL_NO", " 7 ")
    monkeypatch.setenv("KIOSK_SCAN_MAX_BYTES", "1.5MB")
    monkeypatch.setenv("KIOSK_BACKUP_KEEP", "3")
    monkeypatch.setenv("KIOSK_LOG_LEVEL", "warning")
    config = make_app(tmp_path).config
    assert (config["TERMINAL_NO"], config["SCAN_MAX_BYTES"], config["BACKUP_KEEP"], config["LOG_LEVEL"]) == (
        7, 1536 * 1024, 3, "WARNING")
    assert config["PERSONAL_DATA_DAYS"] == 30 and config["METRICS_ALLOW"] == "127.0.0.1,::1"  # the defaults


def test_a_secret_is_never_repeated_in_the_message():
    with pytest.raises(UnsafeConfig) as refused:
        SETTINGS["TERMINAL_KEY"].__class__(**{**SETTINGS["TERMINAL_KEY"].__dict__, "type": int}).parse("s3cr3t")
    assert "KIOSK_TERMINAL_KEY" in str(refused.value) and "s3cr3t" not in str(refused.value)


def test_the_command_line_names_the_setting_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("KIOSK_STAFF_IDLE_S", "15 minutes")
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 1 and "KIOSK_STAFF_IDLE_S is '15 minutes'" in result.output
    assert "Traceback" not in result.output


def test_only_the_config_module_reads_kiosk_variables():
    """`grep KIOSK_ kiosk` shows reads only in kiosk/config.py: no os.environ/getenv/click envvar elsewhere."""
    readers = []
    for path in (ROOT / "kiosk").rglob("*.py"):
        if path == ROOT / "kiosk" / "config.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            reads = []
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.environ.get", "os.getenv", "environ.get"):
                reads = node.args[:1]
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
                reads = [node.slice]
            elif isinstance(node, ast.keyword) and node.arg in ("envvar", "auto_envvar_prefix"):
                reads = [node.value]
            readers += [f"{path.relative_to(ROOT)}:{node.lineno}" for arg in reads if "KIOSK_" in ast.unparse(arg)]
    assert readers == []


def test_every_kiosk_variable_named_anywhere_is_declared():
    declared = {name for setting in SETTINGS.values() for name in setting.names}
    places = [*(ROOT / "kiosk").rglob("*.py"), *(ROOT / "kiosk" / "deploy").iterdir(), ROOT / "README.md"]
    named = {(name, path.name) for path in places for name in re.findall(r"KIOSK_[A-Z0-9_]+", path.read_text())}
    assert {(name, where) for name, where in named
            if name not in declared and name not in ("KIOSK_FLAGS", "KIOSK_TEST_POSTGRES_URL")} == set()


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_SCAN_MAX_BYTES", "12KB")
    monkeypatch.setenv("KIOSK_SCAN_MAX_PIXELS", "2500000")
    app = make_app(tmp_path)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_scan_messages_state_the_configured_limits(client, app, dossier_code):  # noqa: F811
    html = upload(client, dossier_code, photo_with_exif(size=(2000, 2000), fmt="PNG")).get_data(as_text=True)
    assert "lớn hơn 12 KB" in html and "8 MB" not in html
    html = upload(client, dossier_code, png_header_only(2000, 1500)).get_data(as_text=True)
    assert "trên 2.5 megapixel" in html and "40 megapixel" not in html
    client.get("/lang/en")
    html = upload(client, dossier_code, png_header_only(2000, 1500)).get_data(as_text=True)
    assert "over 2.5 megapixels" in html


def test_kiosk_settings_lists_every_setting_with_its_help():
    output = CliRunner().invoke(main, ["settings"]).output
    for setting in SETTINGS.values():
        assert f"{setting.label}: {setting.help}" in output
    assert "KIOSK_PAPER (or KIOSK_RECEIPT_PAPER): the paper of every slip (one of a5, a4, roll80; default 'a5')" in output
