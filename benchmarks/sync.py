"""`kiosk bench sync`: messages queued on a terminal during a long outage, delivered once the link is back.

The outage is driven by a clock, not waited out: the worker's passes run every SYNC_INTERVAL_S of a moved
clock while the centre's address answers nothing, so the link's back-off grows to its longest. The link
then comes back just after a failed probe, with every back-off at its longest (the worst case), and the
catch-up counts the clock's skipped seconds as well as the real ones, until the centre holds every dossier.
Budget (DESIGN §11): 10,000 dossiers within 60 s of the link coming back, whatever the outage; more
messages are given proportionally longer, fewer no less."""
import socket
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from sqlalchemy import func, select

from kiosk import database
from kiosk.core import clock
from kiosk.core.codes import make_code
from kiosk.dossiers.models import Dossier
from kiosk.sync import link, outbox
from kiosk.sync.models import OutboxMessage
from kiosk.sync.worker import client_from_config, sync_once

from . import central as central_bench

BUDGET_S, BUDGET_MESSAGES = 60.0, 10_000


def _queued_dossier(sequence: int):
    day = date(2026, 11, 22 + sequence // 9999)  # a day's sequence has four digits
    code = make_code("09556", 1, day, sequence % 9999 + 1)
    return SimpleNamespace(code=code, procedure_code="xac-nhan-tinh-trang-hon-nhan", channel="self_service",
                           applicant_name="Lê Thị Hoa", phone_last4="4321", answers={"full_name": "Lê Thị Hoa"},
                           fee=15000, locale="vi", submitted_at=datetime(2026, 11, 22, 3), due_on=date(2026, 11, 25))


class MovedClock:
    """kiosk.core.clock.utcnow, `skipped` seconds ahead of the real one: time passes without waiting."""

    def __init__(self):
        self.skipped = 0.0
        self._real = clock.utcnow

    def now(self) -> datetime:
        return self._real() + timedelta(seconds=self.skipped)

    @contextmanager
    def installed(self):
        with mock.patch.object(clock, "utcnow", self.now):
            yield self


def _dead_url() -> str:
    """A loopback address nothing listens on: the cut link (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def budget_s(messages: int) -> float:
    return BUDGET_S * max(1.0, messages / BUDGET_MESSAGES)


def catch_up(app, messages: int, outage_s: float, interval_s: float, live_url: str) -> dict:
    """Queue, cut the link for `outage_s` of clock time, bring it back; the clock seconds until delivered."""
    from kiosk.extensions import db

    with app.app_context():
        for sequence in range(messages):  # queued while the centre was unreachable
            outbox.enqueue_dossier(_queued_dossier(sequence))
        db.session.commit()
        client = client_from_config(app.config)
        moved = MovedClock()
        with moved.installed(), mock.patch.object(link.random, "random", lambda: 1.0):  # longest back-offs
            client.base_url, probes, attempted = _dead_url(), 0, False
            outage_end = moved.now() + timedelta(seconds=outage_s)
            while True:
                attempted = sync_once(client)["link"] != "not_due"
                probes += attempted
                if attempted and moved.now() >= outage_end:
                    break  # the link comes back just after this probe failed: the longest wait
                moved.skipped += interval_s
            longest_backoff = (link.current().next_attempt_at - moved.now()).total_seconds()
            client.base_url, back_at, sending = live_url, moved.now(), 0.0
            while True:
                started = time.perf_counter()
                counts = sync_once(client)
                sending += time.perf_counter() - started
                if not counts["waiting"]:
                    break
                if counts["link"] != "answered" or not counts["sent"]:
                    moved.skipped += interval_s  # the worker's pause between passes (none while busy)
            catchup_s = (moved.now() - back_at).total_seconds()
        left = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
    return {"probes": probes, "longest_backoff_s": longest_backoff, "send_s": sending, "catchup_s": catchup_s,
            "left": left}


def run(url: str, messages: int = BUDGET_MESSAGES, outage_s: float = 1200.0, interval_s: float = 5.0) -> dict:
    from kiosk import create_app
    from kiosk.central.terminals import register_terminal
    from kiosk.extensions import db

    central_bench.ensure_database(url)
    central = central_bench.central_app(url)
    database.upgrade(central)  # as installed: every table
    with central.app_context():
        _terminal, key = register_terminal("09556", 1)
    centre, port = central_bench.start_centre(url, processes=2)
    folder = Path(tempfile.mkdtemp(prefix="kiosk-sync-bench-"))
    terminal = create_app({"CONFIG": "testing", "ROLE": "terminal", "INSTANCE_PATH": str(folder),
                           "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'terminal.db'}",
                           "CENTRAL_URL": f"http://127.0.0.1:{port}", "TERMINAL_KEY": key})
    try:
        database.upgrade(terminal)  # as installed: every table
        started = time.perf_counter()
        figures = catch_up(terminal, messages, outage_s, interval_s, f"http://127.0.0.1:{port}")
        figures["wall_s"] = time.perf_counter() - started
    finally:
        central_bench.stop_centre(centre)
    with central.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Dossier))
    return {"messages": messages, "outage_s": outage_s, "delivered": stored, "budget_s": budget_s(messages),
            **figures}
