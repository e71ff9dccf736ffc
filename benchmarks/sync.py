"""`kiosk bench sync`: messages queued on a terminal during an outage, delivered once the centre is back."""
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import func, select

from kiosk.core.codes import make_code
from kiosk.dossiers.models import Dossier
from kiosk.sync import outbox
from kiosk.sync.models import OutboxMessage
from kiosk.sync.worker import client_from_config, send_outbox

from . import central as central_bench


def _queued_dossier(sequence: int):
    day = date(2026, 11, 22 + sequence // 9999)  # a day's sequence has four digits
    code = make_code("09556", 1, day, sequence % 9999 + 1)
    return SimpleNamespace(code=code, procedure_code="xac-nhan-tinh-trang-hon-nhan", channel="self_service",
                           applicant_name="Lê Thị Hoa", phone_last4="4321", answers={"full_name": "Lê Thị Hoa"},
                           fee=15000, locale="vi", submitted_at=datetime(2026, 11, 22, 3), due_on=date(2026, 11, 25))


def run(url: str, messages: int = 10_000) -> dict:
    from kiosk import create_app
    from kiosk.central.terminals import register_terminal
    from kiosk.extensions import db

    central_bench.ensure_database(url)
    central = central_bench.central_app(url)
    with central.app_context():
        db.create_all()
        _terminal, key = register_terminal("09556", 1)
    centre, port = central_bench.start_centre(url, processes=2)
    folder = Path(tempfile.mkdtemp(prefix="kiosk-sync-bench-"))
    terminal = create_app({"CONFIG": "testing", "ROLE": "terminal", "INSTANCE_PATH": str(folder),
                           "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'terminal.db'}",
                           "CENTRAL_URL": f"http://127.0.0.1:{port}", "TERMINAL_KEY": key})
    try:
        with terminal.app_context():
            db.create_all()
            for sequence in range(messages):  # queued while the centre was unreachable
                outbox.enqueue_dossier(_queued_dossier(sequence))
            db.session.commit()
            client = client_from_config(terminal.config)
            started = time.perf_counter()
            while send_outbox(client, limit=1000)["sent"]:
                pass
            elapsed = time.perf_counter() - started
            left = db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                     .where(OutboxMessage.sent_at.is_(None)))
    finally:
        central_bench.stop_centre(centre)
    with central.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Dossier))
    return {"messages": messages, "delivered": stored, "left": left, "catchup_s": elapsed}
