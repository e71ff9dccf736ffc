"""Chromium as the terminal's kiosk: full screen on the terminal's own pages, nothing else to reach.

The flags live here once: `kiosk browser` starts Chromium with them, and the browser tests run with them
too (tests/browser/conftest.py), so what is tested is what residents get.
"""
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable

KIOSK_FLAGS = (
    "--kiosk",                              # full screen, no address bar, no tabs, no menus
    "--noerrdialogs",                       # no crash or error dialogs over the form
    "--no-first-run",                       # no welcome pages
    "--disable-translate",                  # no translation bubble over the header
    "--disable-pinch",                      # no pinch zoom on the touch screen
    "--overscroll-history-navigation=0",    # no swipe back to the previous resident's pages
    "--disable-session-crashed-bubble",     # no "restore pages?" after a restart
    "--lang=vi",                            # Chromium's own words in Vietnamese
    "--disable-features=Translate,TranslateUI",
)
# Only what a machine without a screen or sandbox needs; never part of the kiosk's own flags.
HEADLESS_MACHINE_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def command(chromium: str, url: str, profile: str) -> list[str]:
    # A fresh profile each start: no history, cache or cookies outlive a restart.
    return [chromium, *KIOSK_FLAGS, f"--user-data-dir={profile}", url]


def wait_for_server(url: str, timeout_s: float, sleep: Callable[[float], None] = time.sleep) -> bool:
    """Wait until the terminal's server answers, so the screen never shows Chromium's error page at boot."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            if time.monotonic() >= deadline:
                return False
            sleep(1)


def run(chromium: str, url: str, restarts: int | None = None, log: Callable[[str], None] = print,
        sleep: Callable[[float], None] = time.sleep) -> int:
    """Start Chromium and start it again whenever it exits (a crash, someone closing it), after a short
    pause that grows when it keeps dying. `restarts` limits the restarts (tests); None: for ever."""
    started = 0
    pause = 1.0
    while True:
        began = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="kiosk-browser-") as profile:
            code = subprocess.run(command(chromium, url, profile), check=False).returncode
        started += 1
        if restarts is not None and started > restarts:
            return code
        pause = 1.0 if time.monotonic() - began > 60 else min(pause * 2, 30.0)
        log(f"chromium exited with {code}; starting it again in {pause:.0f} s")
        sleep(pause)
