"""Disabling, enabling and removing staff accounts. Each ends every session of the account at once:
sessions live on the server (StaffSession) and `load_user` accepts only a live row, so deleting the rows
kills every cookie that named them, for good, even if the account is enabled again later."""
import secrets

from sqlalchemy import delete, func, select, update

from kiosk.dossiers.models import Dossier
from kiosk.extensions import db
from kiosk.visits.models import Visit

from .models import StaffSession, StaffUser


class NoSuchAccount(LookupError):
    pass


def account(username: str) -> StaffUser:
    user = db.session.scalar(select(StaffUser).where(StaffUser.username == (username or "").strip().lower()))
    if user is None:
        raise NoSuchAccount(username)
    return user


def end_sessions(user: StaffUser) -> int:
    """Sign the account out everywhere; returns how many sessions ended."""
    return db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id)).rowcount


def disable(username: str) -> int:
    user = account(username)
    user.active = False
    ended = end_sessions(user)
    db.session.commit()
    return ended


def enable(username: str) -> None:
    """The account may sign in again; sessions ended when it was disabled stay ended."""
    account(username).active = True
    db.session.commit()


def remove(username: str) -> tuple[int, bool]:
    """Delete the account, or, when dossiers name it as their guide, keep it as a disabled record with no
    usable password, so history still says who helped and nobody can sign in as it or take its name.
    Returns (sessions ended, deleted)."""
    user = account(username)
    ended = end_sessions(user)
    db.session.execute(update(Visit).where(Visit.guide_id == user.id).values(guide_id=None))
    named = db.session.scalar(select(func.count()).select_from(Dossier).where(Dossier.guide_id == user.id))
    if named:
        user.active = False
        user.set_password(secrets.token_urlsafe(32))  # nobody knows it: the account cannot sign in again
    else:
        db.session.delete(user)
    db.session.commit()
    return ended, not named
