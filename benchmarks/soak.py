"""`kiosk bench soak`: a terminal's memory under a steady load for minutes, with its centre syncing.

A centre on PostgreSQL (`kiosk init`, `kiosk terminals add`, `kiosk serve --processes 2`) and a terminal on
SQLite (`kiosk init`, a guide from `kiosk users add`, `kiosk serve`), each its own process, served the way
a ward's machines serve them (kiosk/serving.py, production settings). Residents file the demo's sample
dossiers through the terminal's forms at a steady rate (receipt printed and opened), then look a dossier up
by code and phone; a guide signed in at the terminal reads the dashboard, a dossier and a search. The
terminal's sync worker sends every dossier to the centre meanwhile.

The terminal's resident memory (VmRSS) is sampled all along. Budget (DESIGN §11): ≤ 120 MB, and ≤ 2 MB
growth over the last half of the run (the last 5 minutes of 10), from the sample at half time to the last.
"""
import re
import secrets
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import requests
import sqlalchemy as sa

from kiosk.catalogue import load_catalogue
from kiosk.demo import SAMPLES

from . import central as central_bench
from .loopback import HOST
from .memory import Resident, _file, _memory_mb
from .server import KIOSK, kiosk_env, serving

RSS_BUDGET_MB = 120.0
GROWTH_BUDGET_MB = 2.0
TERMINAL_KEY_LINE = re.compile(r"terminal key[^:]*: (\S+)")
GUIDE, GUIDE_PASSWORD = "soak", "soak-guide-passphrase-9"
CENTRE_PROCESSES = 2  # one per core, as the centre is served
START_WAIT_S = 180  # a server starts in seconds, but in a minute on a machine shared by several busy people


def default_url() -> str:
    return "postgresql+psycopg://postgres@127.0.0.1:5432/kiosk_soak_bench"


def _kiosk(env: dict, *args: str, password: str | None = None) -> str:
    done = subprocess.run([*KIOSK, *args], env=env, check=True, capture_output=True, text=True,
                          input=f"{password}\n{password}\n" if password else None)
    return done.stdout


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(child) for child in children.read().split()]


def _rss_mb(pid: int) -> float:
    try:
        return _memory_mb(pid)["rss_mb"]
    except (FileNotFoundError, ProcessLookupError):
        return float("nan")  # a centre worker being replaced


class Load:
    """Residents filing at `rate` dossiers a second (each a fresh browser, its own thread), each then looking
    a filed dossier up; a guide reading the staff pages every few seconds. Counts what was done and what
    failed: a failure is a figure of the soak, not the end of it."""

    def __init__(self, port: int, rate: float):
        self.port, self.rate = port, rate
        self.catalogue = load_catalogue()
        self.counts = {"dossiers": 0, "lookups": 0, "staff_reads": 0, "errors": 0}
        self.filed: list[tuple[str, str]] = []  # (code, phone's last 4) of each dossier filed
        self.last_error = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def run(self, seconds: float, on_tick) -> None:
        """Drive the load for `seconds`, calling `on_tick(elapsed)` about once a second."""
        with ThreadPoolExecutor(max_workers=6, thread_name_prefix="resident") as residents:
            staff = threading.Thread(target=self._guide, name="guide", daemon=True)
            staff.start()
            started, sent = time.monotonic(), 0
            next_tick = 1.0
            while (elapsed := time.monotonic() - started) < seconds:
                while sent < elapsed * self.rate:  # on schedule, whatever each filing takes
                    residents.submit(self._resident, sent)
                    sent += 1
                if elapsed >= next_tick:
                    on_tick(elapsed)
                    next_tick += 1.0
                time.sleep(0.05)
            self._stop.set()
        staff.join(timeout=30)

    def _count(self, what: str, error: Exception | None = None) -> None:
        with self._lock:
            self.counts[what] += 1
            if error is not None:
                self.last_error = f"{type(error).__name__}: {error}"[:200]

    def _resident(self, number: int) -> None:
        code, answers = SAMPLES[number % len(SAMPLES)]
        try:
            resident = Resident(self.port)
            done = _file(resident, self.catalogue.get(code), answers, open_receipt=True)
            self._count("dossiers")
            phone = answers.get("phone") or answers.get("requester_phone")
            with self._lock:
                self.filed.append((done, phone[-4:]))
                earlier = self.filed[secrets.randbelow(len(self.filed))]
            resident.get("/lookup")
            found = resident.post("/lookup", {"code": earlier[0], "phone_last4": earlier[1]})
            if earlier[0] not in found.text:
                raise RuntimeError(f"the look-up of {earlier[0]} did not show it")
            self._count("lookups")
        except Exception as exc:  # noqa: BLE001  (counted and shown; the soak goes on)
            self._count("errors", exc)

    def _guide(self) -> None:
        """A guide at the terminal's staff screen, reading every couple of seconds."""
        guide = None
        while not self._stop.wait(2.0):
            try:
                if guide is None:
                    guide = _signed_in_guide(self.port)
                dashboard = guide.get("/staff/")
                if "/staff/sign-in" in dashboard.url:  # the session ended: sign in again
                    guide = None
                    continue
                with self._lock:
                    code = self.filed[-1][0] if self.filed else None
                if code:
                    guide.get(f"/staff/dossiers/{code}")
                    guide.get("/staff/find", q=code[:14])
                self._count("staff_reads")
            except Exception as exc:  # noqa: BLE001
                guide = None
                self._count("errors", exc)


def _signed_in_guide(port: int) -> requests.Session:
    guide = requests.Session()
    base = f"http://{HOST}:{port}"
    page = guide.get(base + "/staff/sign-in", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = guide.post(base + "/staff/sign-in", timeout=30,
                        data={"csrf_token": token, "username": GUIDE, "password": GUIDE_PASSWORD})
    answer.raise_for_status()
    if "/staff/sign-in" in answer.url:
        raise RuntimeError("the guide could not sign in")
    original_get = guide.get

    def get(path, **params):
        response = original_get(base + path, params=params, timeout=30)
        response.raise_for_status()
        return response

    guide.get = get
    return guide


def run(url: str, minutes: float = 10.0, rate: float = 2.0, sample_s: float = 10.0,
        rss_budget_mb: float = RSS_BUDGET_MB, growth_budget_mb: float = GROWTH_BUDGET_MB, echo=print) -> dict:
    """The soak; returns its figures, samples included. `echo` prints the table's rows as they come."""
    central_bench.ensure_database(url)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-soak-") as folder, ExitStack() as stack:
        folder = Path(folder)
        centre_env = kiosk_env(folder / "centre", ROLE="central", DATABASE_URL=url,
                               SECRET_KEY=secrets.token_urlsafe(48), PUBLIC_URL=f"http://{HOST}")
        _kiosk(centre_env, "init")
        key = TERMINAL_KEY_LINE.search(_kiosk(centre_env, "terminals", "add", "09556", "--number", "1",
                                              "--by", "soak")).group(1)
        # The servers' logs (a line per request) go to files: the table stays readable; errors are shown.
        logs = {name: stack.enter_context(open(folder / f"{name}.log", "w")) for name in ("centre", "terminal")}
        centre, centre_port = stack.enter_context(serving(
            lambda port: [*KIOSK, "serve", "--host", HOST, "--processes", str(CENTRE_PROCESSES), "--port", str(port)],
            centre_env, stderr=logs["centre"], wait_s=START_WAIT_S))
        terminal_env = kiosk_env(folder / "terminal", ROLE="terminal", SECRET_KEY=secrets.token_urlsafe(48),
                                 CENTRAL_URL=f"http://{HOST}:{centre_port}", TERMINAL_KEY=key,
                                 PUBLIC_URL=f"http://{HOST}")
        _kiosk(terminal_env, "init")
        _kiosk(terminal_env, "users", "add", GUIDE, "--name", "Nguyễn Thị Soak", password=GUIDE_PASSWORD)
        terminal, port = stack.enter_context(serving(
            lambda port: [*KIOSK, "serve", "--host", HOST, "--port", str(port)], terminal_env,
            stderr=logs["terminal"], wait_s=START_WAIT_S))

        load, samples, started = Load(port, rate), [], time.monotonic()

        def sample(_elapsed: float = 0.0, last: bool = False) -> None:
            elapsed = time.monotonic() - started
            if samples and not last and elapsed - samples[-1]["t_s"] < sample_s - 0.5:
                return
            workers = [_rss_mb(pid) for pid in _children(centre.pid)]
            row = {"t_s": elapsed, "terminal_rss_mb": _rss_mb(terminal.pid),
                   "centre_rss_mb": max(workers, default=float("nan")), **load.counts}
            samples.append(row)
            echo(format_row(row))

        echo(HEADER)
        sample()
        load.run(minutes * 60, sample)
        sample(last=True)  # after the load's last requests
        synced = _synced(url, [code for code, _phone in load.filed])
        errors = [line.rstrip() for name in logs for line in (folder / f"{name}.log").open()
                  if " ERROR " in line or "Traceback" in line]
    return {**_verdict(samples, rss_budget_mb, growth_budget_mb), "samples": samples,
            "dossiers": load.counts["dossiers"], "lookups": load.counts["lookups"],
            "staff_reads": load.counts["staff_reads"], "errors": load.counts["errors"], "last_error": load.last_error,
            "server_errors": errors[-10:], "synced": synced, "rate": rate, "minutes": minutes}


def _synced(url: str, codes: list[str], wait_s: float = 30.0) -> int:
    """How many of the filed dossiers the centre holds, after giving the sync worker time to finish."""
    engine = sa.create_engine(url)
    deadline = time.monotonic() + wait_s
    try:
        while True:
            with engine.connect() as connection:
                held = connection.execute(sa.text("SELECT count(*) FROM dossiers WHERE code = ANY(:codes)"),
                                          {"codes": codes}).scalar()
            if held >= len(codes) or time.monotonic() > deadline:
                return held
            time.sleep(1)
    finally:
        engine.dispose()


def _verdict(samples: list[dict], rss_budget_mb: float, growth_budget_mb: float) -> dict:
    """The budgets, read from the samples: the highest RSS, and the growth from half time to the end."""
    half = min(samples, key=lambda row: abs(row["t_s"] - samples[-1]["t_s"] / 2))
    last = samples[-1]
    peak = max(row["terminal_rss_mb"] for row in samples)
    growth = last["terminal_rss_mb"] - half["terminal_rss_mb"]
    centre = [row["centre_rss_mb"] for row in samples if row["centre_rss_mb"] == row["centre_rss_mb"]]
    misses = []
    if peak > rss_budget_mb:
        misses.append(f"terminal_rss_mb {peak:.1f} > {rss_budget_mb:g}")
    if growth > growth_budget_mb:
        misses.append(f"terminal growth over the last half {growth:.1f} MB > {growth_budget_mb:g}")
    return {"terminal_rss_mb": last["terminal_rss_mb"], "terminal_peak_mb": peak, "growth_mb": growth,
            "half_s": half["t_s"], "centre_rss_mb": max(centre, default=float("nan")),
            "centre_growth_mb": (last["centre_rss_mb"] - half["centre_rss_mb"]), "misses": misses}


HEADER = f"{'t_s':>6} {'terminal_mb':>11} {'centre_mb':>9} {'dossiers':>8} {'lookups':>7} {'staff':>5} {'errors':>6}"


def format_row(row: dict) -> str:
    return (f"{row['t_s']:6.0f} {row['terminal_rss_mb']:11.1f} {row['centre_rss_mb']:9.1f} {row['dossiers']:8d} "
            f"{row['lookups']:7d} {row['staff_reads']:5d} {row['errors']:6d}")


def format_line(figures: dict) -> str:
    """The line printed last, e.g. `terminal_rss_mb=88.1 terminal_peak_mb=88.4 growth_mb=0.3 …`."""
    achieved = figures["dossiers"] / figures["samples"][-1]["t_s"]
    return (f"terminal_rss_mb={figures['terminal_rss_mb']:.1f} terminal_peak_mb={figures['terminal_peak_mb']:.1f} "
            f"growth_mb={figures['growth_mb']:.1f} centre_rss_mb={figures['centre_rss_mb']:.1f} "
            f"centre_growth_mb={figures['centre_growth_mb']:.1f} dossiers={figures['dossiers']} "
            f"dossiers_per_s={achieved:.2f} lookups={figures['lookups']} staff_reads={figures['staff_reads']} "
            f"synced={figures['synced']} errors={figures['errors']}")
