"""Where the kiosk reads what it ships and where it keeps its data, installed or from a checkout."""
from pathlib import Path

import pytest

from kiosk import paths


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The kiosk as a wheel lays it out: site-packages/kiosk with its _shipped folders."""
    package = tmp_path / "site-packages" / "kiosk"
    for name in paths.SHIPPED:
        (package / "_shipped" / name).mkdir(parents=True)
    monkeypatch.setattr(paths, "SHIPPED_ROOT", package / "_shipped")
    monkeypatch.setattr(paths, "CHECKOUT_ROOT", package.parent)
    monkeypatch.setattr(paths, "SERVICE_DATA", tmp_path / "var-lib-kiosk")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return package


def test_an_installed_kiosk_reads_its_own_copies(installed):
    assert not paths.running_from_checkout()
    for name in paths.SHIPPED:
        assert paths.shipped(name) == installed / "_shipped" / name


def test_an_installed_kiosk_keeps_its_data_in_the_users_folder_never_in_the_package(installed, tmp_path):
    data = paths.default_instance_path()
    assert data == tmp_path / "home" / ".local" / "share" / "kiosk"
    assert not data.is_relative_to(installed.parent)


def test_a_service_keeps_its_data_in_var_lib_kiosk_when_it_may_write_there(installed, tmp_path, monkeypatch):
    service = tmp_path / "var-lib-kiosk"
    service.mkdir()
    assert paths.default_instance_path() == service
    monkeypatch.setattr(paths.os, "access", lambda path, mode: Path(path) != service)  # another user's folder
    assert paths.default_instance_path() == tmp_path / "home" / ".local" / "share" / "kiosk"


def test_a_checkout_keeps_its_instance_folder():
    checkout = Path(__file__).resolve().parents[2]
    assert paths.running_from_checkout()
    assert paths.default_instance_path() == checkout / "instance"
    assert paths.shipped("templates") == checkout / "templates"
