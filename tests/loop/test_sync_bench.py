"""`kiosk bench sync` itself: a long outage driven by a clock, then every dossier delivered within budget,
and the command failing when the budget is missed."""
import sqlalchemy as sa
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.sync import link
from tests.support import postgres_url


def bench_database() -> str:
    url = sa.engine.make_url(postgres_url())  # skips locally without PostgreSQL, fails in CI
    return url.set(database=f"{url.database}_bench").render_as_string(hide_password=False)


def figures(output: str) -> dict:
    line = [line for line in output.splitlines() if line.startswith("messages=")][-1]
    return dict(pair.split("=") for pair in line.split())


def test_the_sync_bench_delivers_everything_within_its_budget_after_a_long_outage():
    result = CliRunner().invoke(main, ["bench", "sync", "--messages", "200", "--outage-s", "1500",
                                       "--database-url", bench_database()])
    assert result.exit_code == 0, result.output
    found = figures(result.output)
    assert found["delivered"] == "200" and found["left"] == "0"
    assert int(found["probes"]) >= 1500 / link.BACKOFF_CAP_S / 2  # the link was probed all along
    assert float(found["longest_backoff_s"]) >= link.BACKOFF_CAP_S - 1  # the worst case was measured
    assert float(found["catchup_s"]) <= float(found["budget_s"]) == 60


def test_the_sync_bench_fails_when_the_budget_is_missed(monkeypatch):
    monkeypatch.setattr(link, "BACKOFF_CAP_S", 300.0)  # the back-off per message of old: minutes to catch up
    result = CliRunner().invoke(main, ["bench", "sync", "--messages", "50", "--outage-s", "1200",
                                       "--database-url", bench_database()])
    assert result.exit_code == 1 and "budget missed" in result.output
    assert float(figures(result.output)["catchup_s"]) > 60
