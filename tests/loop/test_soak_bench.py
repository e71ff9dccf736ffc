"""`kiosk bench soak` itself: a centre and a terminal served as processes, residents filing through the
terminal, its memory in a table, and the command failing when a budget is missed. Not a timed test: the
budgets are given as options, so the outcome does not depend on how busy the machine is."""
import sqlalchemy as sa
from click.testing import CliRunner

from kiosk.cli import main
from tests.support import postgres_url


def soak_database() -> str:
    url = sa.engine.make_url(postgres_url())  # skips locally without PostgreSQL, fails in CI
    return url.set(database=f"{url.database}_soak").render_as_string(hide_password=False)


def soak(*budgets: str):
    return CliRunner().invoke(main, ["bench", "soak", "--minutes", "0.25", "--rate", "1", "--sample-s", "3",
                                     "--database-url", soak_database(), *budgets])


def table(output: str) -> list[dict]:
    lines = output.splitlines()
    header = lines.index(next(line for line in lines if line.split()[:2] == ["t_s", "terminal_mb"]))
    names = lines[header].split()
    rows = []
    for line in lines[header + 1:]:
        if "=" in line:
            break
        rows.append(dict(zip(names, map(float, line.split()), strict=True)))
    return rows


def figures(output: str) -> dict:
    line = next(line for line in output.splitlines() if line.startswith("terminal_rss_mb="))
    return dict(pair.split("=") for pair in line.split())


def test_the_soak_reports_the_terminal_s_memory_and_fails_over_budget():
    within = soak("--rss-budget-mb", "100000", "--growth-budget-mb", "100000")
    assert within.exit_code == 0, within.output
    rows = table(within.output)
    assert len(rows) >= 4 and rows[-1]["t_s"] >= 15
    assert all(50 < row["terminal_mb"] < 1000 and row["centre_mb"] > 50 for row in rows)  # real processes
    found = figures(within.output)
    assert int(found["dossiers"]) >= 5 and found["synced"] == found["dossiers"]  # filed, and at the centre
    assert int(found["lookups"]) >= 1 and found["errors"] == "0"
    assert "over budget" not in within.output

    over = soak("--rss-budget-mb", "1", "--growth-budget-mb", "100000")
    assert over.exit_code == 1
    assert "over budget: terminal_rss_mb" in over.output and "growth" not in over.output.split("over budget:")[1]
