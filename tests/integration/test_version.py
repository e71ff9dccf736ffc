"""One version, shown where a technician looks: `kiosk --version` and the foot of the staff pages."""
import re
from pathlib import Path

from click.testing import CliRunner

from kiosk import __version__
from kiosk.cli import main
from tests.support import sign_in

CHECKOUT = Path(__file__).resolve().parents[2]


def test_the_version_is_written_once_and_changelogged():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    assert "version = attr: kiosk.__version__" in (CHECKOUT / "setup.cfg").read_text()
    assert f"## [{__version__}]" in (CHECKOUT / "CHANGELOG.md").read_text()


def test_kiosk_version_prints_it():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"kiosk {__version__}"


def test_staff_pages_show_the_version_and_residents_pages_do_not(client, guide):
    assert __version__ not in client.get("/").get_data(as_text=True)
    sign_in(client)
    page = client.get("/staff/").get_data(as_text=True)
    assert f"Phần mềm điểm truy cập, phiên bản {__version__}" in page


def test_kiosk_bench_runs_from_a_checkout():
    result = CliRunner().invoke(main, ["bench", "--help"])
    assert result.exit_code == 0 and "search" in result.output and "source checkout" not in result.output
