"""While the centre answers (or keeps the terminal waiting), the terminal's database is free: SQLite's write
lock is held only by a transaction, and the sync worker and the look-up end theirs before asking the centre,
so a resident filing at the terminal never waits on the network (nor fails after the busy timeout)."""
import sqlite3

from kiosk.extensions import db
from kiosk.sync import worker
from kiosk.sync.client import Reply
from tests.support import fill_birth, make_app, submit


class WaitingCentre:
    """A centre that answers every message, but only after checking whether the terminal could write now."""

    def __init__(self, database: str):
        self.database = database
        self.clock_correction = 0.0
        self.free = []

    def _terminal_can_write(self) -> bool:
        other = sqlite3.connect(self.database, timeout=0)  # another request of the terminal: no waiting
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()

    def batch(self, messages):
        self.free.append(self._terminal_can_write())
        return [Reply(201, {"code": m.dossier_code}) for m in messages]

    def feed(self, after):
        self.free.append(self._terminal_can_write())
        return Reply(200, {"entries": []})


def test_no_write_lock_is_held_while_the_centre_answers(tmp_path):
    app = make_app(tmp_path, ROLE="terminal", CENTRAL_URL="http://127.0.0.1:9", TERMINAL_KEY="k")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    fill_birth(client)
    response, _ = submit(client)
    assert response.status_code == 302
    with app.app_context():
        centre = WaitingCentre(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
        counts = worker.sync_once(centre, force=True)
    assert counts["sent"] >= 1
    assert centre.free and all(centre.free), centre.free  # the outbox's batch and the feed both found it free


def test_the_storage_probe_uses_the_requests_own_connection(app):
    """The guide's dashboard asks whether the database takes writes. On SQLite the request already holds the
    write lock: a probe on a second connection waited 5 s for it on every dashboard, and everyone behind."""
    from sqlalchemy import event, select

    from kiosk.dossiers.models import Dossier
    from kiosk.storage import faults

    with app.test_request_context("/staff/"):
        db.session.scalars(select(Dossier)).all()  # the request's transaction is open
        checkouts = []

        def checked_out(*args):
            checkouts.append(args)

        event.listen(db.engine, "checkout", checked_out)
        try:
            assert faults.problems() == []
        finally:
            event.remove(db.engine, "checkout", checked_out)
        assert checkouts == []  # no second connection
        assert db.session.scalars(select(Dossier)).all() == []  # and the request's own still works
