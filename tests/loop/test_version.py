"""Each terminal tells the centre which kiosk version it runs; the centre keeps it with the terminal."""
from sqlalchemy import select

from kiosk import __version__
from kiosk.central.models import RegisteredTerminal
from kiosk.extensions import db
from kiosk.sync import worker


def test_the_centre_keeps_the_version_a_terminal_reports(central_app, terminal_app):
    with central_app.app_context():
        assert db.session.scalar(select(RegisteredTerminal.kiosk_version)) is None
    with terminal_app.app_context():
        worker.sync_once()
    with central_app.app_context():
        terminal = db.session.scalars(select(RegisteredTerminal)).one()
        assert terminal.kiosk_version == __version__ and terminal.last_seen_at is not None
