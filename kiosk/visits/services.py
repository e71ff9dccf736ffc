"""A resident's visit at the terminal, kept on the server so that ending it wipes everything.

The browser holds only a random token; answers never live in the cookie.
"""
import secrets
from datetime import timedelta

from flask import current_app, session
from sqlalchemy import delete, select

from kiosk.core.clock import utcnow
from kiosk.extensions import db

from .models import Visit

SESSION_KEY = "visit"
OCCASION_KEY = "rating_occasion"  # what a visit started for rating rates: a submission or a hand-over


def _idle_limit() -> timedelta:
    return timedelta(seconds=current_app.config["RESIDENT_IDLE_WIPE_S"])


def current_visit() -> Visit | None:
    """The live visit of this browser; a visit idle past the limit is wiped, not resumed."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    visit = db.session.get(Visit, token)
    if visit is None or utcnow() - visit.last_seen > _idle_limit():
        end_visit()
        return None
    return visit


def touch(visit: Visit) -> None:
    visit.last_seen = utcnow()
    db.session.commit()


def start_visit(procedure_code: str | None = None, guide_id: int | None = None,
                channel: str = "self_service") -> Visit:
    _discard(session.pop(SESSION_KEY, None))
    visit = Visit(token=secrets.token_urlsafe(32), procedure_code=procedure_code, guide_id=guide_id,
                  channel=channel, answers={}, started_at=utcnow(), last_seen=utcnow())
    db.session.add(visit)
    db.session.commit()
    session[SESSION_KEY] = visit.token
    return visit


def end_visit() -> None:
    """Wipe the resident's server-side state and language; the staff sign-in (if any) stays."""
    session.pop("locale", None)
    session.pop("assisting", None)  # a guide's assisted or counter mode ends with the resident's visit
    _discard(session.pop(SESSION_KEY, None))


def _discard(token: str | None) -> None:
    if token:
        db.session.execute(delete(Visit).where(Visit.token == token))
        db.session.commit()


def purge_idle_visits() -> int:
    """Delete visits abandoned past the idle limit (a browser closed without 'finish')."""
    stale = db.session.scalars(select(Visit.token).where(Visit.last_seen < utcnow() - _idle_limit())).all()
    if stale:
        db.session.execute(delete(Visit).where(Visit.token.in_(stale)))
        db.session.commit()
    return len(stale)


def start_handover_rating(dossier_id: int) -> None:
    """Called by the guide's hand-over page: the terminal is handed to the resident to rate."""
    visit = start_visit()
    visit.dossier_id = dossier_id
    db.session.commit()
    session[OCCASION_KEY] = "handover"
