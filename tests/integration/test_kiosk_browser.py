"""`kiosk browser`: Chromium in kiosk mode on the terminal's pages, started again when it dies; the pages
themselves say their language and that they are not to be translated."""
import stat

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.terminal import browser


def test_the_launcher_starts_chromium_with_the_kiosk_flags_and_restarts_it(tmp_path, monkeypatch):
    calls = tmp_path / "calls"
    fake = tmp_path / "chromium"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit 1\n')  # dies at once, as a crash would
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(browser.time, "sleep", lambda seconds: None)
    result = CliRunner().invoke(main, ["browser", "--chromium", str(fake), "--url", "http://127.0.0.1:9/",
                                       "--wait", "0", "--restarts", "2"])
    assert result.exit_code == 0, result.output
    started = calls.read_text().splitlines()
    assert len(started) == 3 and "starting it again" in result.output  # the first start and two restarts
    for line in started:
        flags = line.split()
        for flag in ("--kiosk", "--noerrdialogs", "--no-first-run", "--disable-translate", "--disable-pinch",
                     "--overscroll-history-navigation=0", "--lang=vi"):
            assert flag in flags
        assert flags[-1] == "http://127.0.0.1:9/"
        assert "--no-sandbox" not in flags and "--kiosk-printing" not in flags  # the server prints, not Chromium
    profiles = {f for line in started for f in line.split() if f.startswith("--user-data-dir=")}
    assert len(profiles) == 3  # a fresh profile each start: nothing outlives a restart


def test_the_browser_tests_run_with_the_launchers_flags():
    from tests.browser.conftest import CHROMIUM_ARGS

    assert set(browser.KIOSK_FLAGS) <= set(CHROMIUM_ARGS)


def test_without_chromium_the_launcher_says_so(monkeypatch):
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    result = CliRunner().invoke(main, ["browser", "--wait", "0"])
    assert result.exit_code != 0 and "Chromium is not installed" in result.output


def test_pages_declare_their_language_and_refuse_translation(client):
    for path in ("/", "/procedures", "/procedures/khai-sinh", "/lookup", "/staff/sign-in"):
        html = client.get(path).get_data(as_text=True)
        assert '<html lang="vi" translate="no">' in html, path
        assert '<meta name="google" content="notranslate">' in html, path
