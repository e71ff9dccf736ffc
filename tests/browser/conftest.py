"""Chromium (Debian's, never a downloaded one) driving a real server on loopback."""
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kiosk.extensions import db
from kiosk.terminal.browser import HEADLESS_MACHINE_FLAGS, KIOSK_FLAGS
from tests.support import IN_CI, make_app

CHROMIUM = "/usr/bin/chromium"
# The launcher's flags (kiosk browser), plus what this machine needs to run Chromium without a screen.
CHROMIUM_ARGS = [*KIOSK_FLAGS, *HEADLESS_MACHINE_FLAGS]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        if IN_CI:
            pytest.fail("Chromium is missing: .ci/run must install it")
        pytest.skip("Chromium is not installed")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
