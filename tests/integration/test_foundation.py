"""Configuration safety, SQLite tuning, concurrent idempotent filing and the `kiosk` command."""
import threading

import pytest
from click.testing import CliRunner
from flask import session
from sqlalchemy import func, select, text

from kiosk import create_app
from kiosk.catalogue import load_catalogue
from kiosk.cli import main
from kiosk.config import UnsafeConfig
from kiosk.dossiers import services
from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from tests.support import make_app


@pytest.mark.parametrize("secret", [None, "", "dev", "short-secret"])
def test_production_refuses_a_weak_secret(monkeypatch, tmp_path, secret):
    monkeypatch.delenv("KIOSK_SECRET_KEY", raising=False)
    config = {"INSTANCE_PATH": str(tmp_path)}
    if secret is not None:
        config["SECRET_KEY"] = secret
    with pytest.raises(UnsafeConfig):
        create_app({"CONFIG": "production", **config})


STRONG = "Xq7-vP2mK9zR4tW8yB3nJ6hF1dL5sG0cA-eU"  # 36 characters, varied: what `kiosk keys new` makes looks alike


def test_production_starts_with_a_real_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("KIOSK_SECRET_KEY", STRONG)
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://motcua.example.vn")
    monkeypatch.setenv("KIOSK_WARD_NAME", "Phường Hoàn Kiếm")
    app = create_app({"CONFIG": "production", "INSTANCE_PATH": str(tmp_path)})
    assert app.config["WARD_NAME"] == "Phường Hoàn Kiếm"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("kiosk.db")


def test_sqlite_is_tuned(app):
    with app.app_context():
        connection = db.session.connection()
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_concurrent_submits_with_one_key_make_one_dossier(app):
    procedure = load_catalogue().get("xac-nhan-tinh-trang-hon-nhan")
    answers = {"full_name": "Lê Thị Hoa", "phone": "0987654321"}
    codes = []

    def file():
        with app.app_context():
            dossier = services.submit(procedure, answers, submission_key="same-key",
                                      terminal=services.Terminal("09556", 1), actor="resident")
            codes.append(dossier.code)

    threads = [threading.Thread(target=file) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(codes)) == 1 and len(codes) == 8
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1


def test_sequences_do_not_repeat_across_dossiers(app):
    procedure = load_catalogue().get("xac-nhan-tinh-trang-hon-nhan")
    answers = {"full_name": "Lê Thị Hoa", "phone": "0987654321"}
    with app.app_context():
        made = [services.submit(procedure, answers, submission_key=f"k{i}", terminal=services.Terminal("09556", 1),
                                actor="resident").code for i in range(3)]
    assert [code.split("-")[3] for code in made] == ["0001", "0002", "0003"]


def test_cli_init_and_users_add(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_SECRET_KEY", STRONG)
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://motcua.example.vn")
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    result = runner.invoke(main, ["users", "add", "lan", "--name", "Trần Thị Lan"],
                           input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'kiosk.db'}")
    with app.app_context():
        from kiosk.auth.models import StaffUser

        assert db.session.scalar(select(StaffUser.full_name)) == "Trần Thị Lan"


def test_catalogue_check_command(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["catalogue", "check"])
    assert ok.exit_code == 0 and "procedures are valid" in ok.output
    (tmp_path / "bad.yaml").write_text("code: bad\nname: {vi: Thiếu}\n", encoding="utf-8")
    bad = runner.invoke(main, ["catalogue", "check", "--path", str(tmp_path)])
    assert bad.exit_code != 0 and "bad.yaml: name.en" in bad.output


def test_bench_search_prints_its_figure_last():
    result = CliRunner().invoke(main, ["bench", "search", "--size", "200", "--rounds", "2"])
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1].split()[-1].startswith("search_ms_p95=")


def _figures(line):
    return {name: float(value) for name, value in (pair.split("=") for pair in line.split())}


def test_bench_pages_loads_the_kiosk_and_the_bare_page_alike():
    from benchmarks import pages as pages_bench

    figures = _figures(pages_bench.format_line(pages_bench.run(rounds=1, seconds=0.3)))
    assert list(figures) == ["kiosk_rps", "bare_rps", "ratio", "kiosk_p99_ms", "bare_p99_ms", "page_bytes"]
    assert figures["kiosk_rps"] > 0 and figures["bare_rps"] > 0 and figures["ratio"] > 0
    assert figures["kiosk_p99_ms"] > 0 and figures["bare_p99_ms"] > 0
    assert figures["page_bytes"] > 2000  # the whole catalogue, not an error page


@pytest.mark.parametrize(("ratio", "p99", "code"), [(0.65, 8.0, 0), (0.45, 8.0, 1), (0.65, 19.5, 1)])
def test_bench_pages_exits_1_over_its_budget(monkeypatch, ratio, p99, code):
    """The budget (issue 15: ratio >= 0.60 of the bare page, p99 <= 10 ms) is the command's to check."""
    from benchmarks import pages as pages_bench

    figures = {"kiosk_rps": 300.0, "bare_rps": 300.0 / ratio, "ratio": ratio, "kiosk_p99_ms": p99,
               "bare_p99_ms": 5.0, "page_bytes": 14000}
    monkeypatch.setattr(pages_bench, "run", lambda *args: figures)
    result = CliRunner().invoke(main, ["bench", "pages", "--quick"])
    assert result.exit_code == code, result.output
    assert ("over budget" in result.output) == bool(code)


# Each bench at its DESIGN §11 budget line: (command, module, its run function, figures within, figures over).
BUDGETS = [
    (["receipts", "--count", "1"], "receipts", "run",
     {"receipt_ms_median": 10.0, "receipt_ms_p95": 12.0, "weasyprint_ms_median": 150.0},
     {"receipt_ms_median": 10.1, "receipt_ms_p95": 12.0, "weasyprint_ms_median": 150.0}),
    (["ingest", "--quick"], "central", "run_ingest",
     {"terminals": 20, "dossiers": 200, "centre_cpu_ms": 2.0, "database_cpu_ms": 0.2, "dossiers_per_s": 500, "duplicates": 0},
     {"terminals": 20, "dossiers": 200, "centre_cpu_ms": 2.0, "database_cpu_ms": 0.2, "dossiers_per_s": 499, "duplicates": 0}),
    (["ingest", "--quick"], "central", "run_ingest",
     {"terminals": 20, "dossiers": 200, "centre_cpu_ms": 2.0, "database_cpu_ms": 0.2, "dossiers_per_s": 900, "duplicates": 0},
     {"terminals": 20, "dossiers": 200, "centre_cpu_ms": 2.0, "database_cpu_ms": 0.2, "dossiers_per_s": 900, "duplicates": 1}),
    (["lookup", "--quick"], "central", "run_lookup",
     {100_000: {"median": 9.0, "p99": 9.0}, 1_000_000: {"median": 1.0, "p99": 5.0}},
     {100_000: {"median": 1.0, "p99": 1.0}, 1_000_000: {"median": 1.0, "p99": 5.1}}),
    (["reports", "--quick"], "reports", "run",
     {"dossiers": 200_000, "wards": 30, "month_dossiers": 9000, "returned": 8000, "on_time_pct": 97.0, "report_s": 1.0},
     {"dossiers": 200_000, "wards": 30, "month_dossiers": 9000, "returned": 8000, "on_time_pct": 97.0, "report_s": 1.01}),
    (["memory", "--rounds", "1"], "memory", "run",
     {"rss_mb": 120.0, "peak_rss_mb": 121.0, "requests": 300}, {"rss_mb": 120.1, "peak_rss_mb": 121.0, "requests": 300}),
]


@pytest.mark.parametrize(("command", "module", "function", "within", "over"), BUDGETS,
                         ids=["receipts", "ingest", "ingest-duplicates", "lookup", "reports", "memory"])
def test_every_bench_exits_1_over_its_budget_and_0_within_it(monkeypatch, command, module, function, within, over):
    """DESIGN §11's budgets are the commands' to check (only the figures are stood in for here)."""
    import importlib

    bench_module = importlib.import_module(f"benchmarks.{module}")
    for figures, code in ((within, 0), (over, 1)):
        monkeypatch.setattr(bench_module, function, lambda *args, figures=figures, **kwargs: figures)
        result = CliRunner().invoke(main, ["bench", *command])
        assert result.exit_code == code, result.output
        assert ("over budget" in result.output) == bool(code), result.output


def test_bench_memory_reads_the_terminal_after_a_walk():
    result = CliRunner().invoke(main, ["bench", "memory", "--rounds", "1"])
    assert result.exit_code == 0, result.output
    figures = _figures(result.output.strip().splitlines()[-1])
    assert list(figures) == ["rss_mb", "peak_rss_mb", "requests"]
    assert 10 < figures["rss_mb"] <= figures["peak_rss_mb"]
    assert figures["requests"] > 100  # every procedure's pages and two dossiers filed


def test_demo_samples_are_valid_dossiers_and_filed_once(app):
    from kiosk.demo import SAMPLES, seed

    catalogue = load_catalogue()
    with app.app_context():
        assert seed(catalogue, services.Terminal("09556", 1)) == len(SAMPLES)
        assert seed(catalogue, services.Terminal("09556", 1)) == 0
    from kiosk.forms.builder import is_shown
    from kiosk.resident.wizard import applicable_steps

    for code, answers in SAMPLES:  # every required field that applies is answered
        procedure = catalogue.get(code)
        required = {f.name for s in applicable_steps(procedure, answers) for f in s.fields
                    if f.required and is_shown(f, answers)}
        assert required <= set(answers)


def test_a_terminal_refuses_to_start_without_its_centre(monkeypatch, tmp_path):
    monkeypatch.setenv("KIOSK_SECRET_KEY", STRONG)
    with pytest.raises(UnsafeConfig, match="KIOSK_CENTRAL_URL"):
        create_app({"CONFIG": "production", "ROLE": "terminal", "INSTANCE_PATH": str(tmp_path)})


def test_roles_serve_their_audiences(tmp_path):
    central = make_app(tmp_path / "c", ROLE="central")
    terminal = make_app(tmp_path / "t", ROLE="terminal", CENTRAL_URL="http://127.0.0.1:9", TERMINAL_KEY="k")
    assert {"api", "office"} <= set(central.blueprints) and "resident" not in central.blueprints
    assert "resident" in terminal.blueprints and "api" not in terminal.blueprints


def test_a_session_is_read_with_the_key_it_was_signed_with_and_no_other(app):
    """The session's signer is made once per set of keys (kiosk/extensions.py SessionInterface): a new key
    must still be used at once, and a retired key read only while it is listed as a fallback."""
    app.add_url_rule("/test-session-set", "test_session_set", lambda: session.update(mark="a") or "")
    app.add_url_rule("/test-session-get", "test_session_get", lambda: session.get("mark", "none"))
    client = app.test_client()
    client.get("/test-session-set")
    assert client.get("/test-session-get").get_data(as_text=True) == "a"
    old_key = app.secret_key
    app.secret_key = old_key + "-rotated"
    assert client.get("/test-session-get").get_data(as_text=True) == "none"
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert client.get("/test-session-get").get_data(as_text=True) == "a"


@pytest.mark.parametrize("path", ["/", "/procedures", "/staff/sign-in", "/no-such-page"])
def test_every_page_names_the_kiosk_s_icon_so_no_browser_asks_for_a_missing_one(client, path):
    """Without it every browser (the kiosk's, a resident's phone opening the look-up) asks for /favicon.ico
    and logs a 404."""
    import re

    html = client.get(path).get_data(as_text=True)
    [icon] = re.findall(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    served = client.get(icon)
    assert served.status_code == 200 and served.mimetype == "image/svg+xml" and b"<svg" in served.data
