"""The one place every event of a dossier and every rating is recorded, whatever wrote it: an operation, the
centre's intake of a terminal's message (which stores what the terminal's operation did), the demo data. The
flush that writes them sends `signals.recorded` first, so what a subscriber adds (the figures' tallies) is
written in the same flush, in the same transaction (or savepoint) as the change, and rolled back with it."""
from flask import current_app
from sqlalchemy import event

from kiosk.extensions import db
from kiosk.ratings.models import Rating

from . import signals
from .models import DossierEvent


@event.listens_for(db.session, "before_flush")
def _announce(session, _context, _instances) -> None:
    events = [item for item in session.new if isinstance(item, DossierEvent)]
    ratings = [item for item in session.new if isinstance(item, Rating)]
    if events or ratings:
        signals.recorded.send(current_app._get_current_object(), session=session, events=events, ratings=ratings)
