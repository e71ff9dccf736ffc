"""Staff sign-in: throttled per account before the password is checked, sessions kept on the server."""
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError
from werkzeug.security import check_password_hash

from kiosk.core.clock import utcnow
from kiosk.extensions import db, login_manager
from kiosk.security.headers import clear_site_data
from kiosk.security.throttle import Throttle
from kiosk.storage import faults

from .models import StaffSession, StaffUser

SESSION_KEY = "staff_session"


class SignInRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "locked" or "invalid": wrong user and wrong password look the same


def _throttle() -> Throttle:
    config = current_app.config
    return Throttle("sign_in", config["SIGN_IN_MAX_FAILURES"], config["SIGN_IN_WINDOW_S"])


# The scrypt hash of a random password nobody kept, with the parameters accounts are hashed with:
# checked when the username is unknown, so that answer takes as long as a wrong password.
DUMMY_HASH = ("scrypt:32768:8:1$Am6CelC8Phr5LbzX$093ed8621ab1141f8cec41f2794677d7662ab34f0629eb73419215daf57e5eb2a"
              "0be7f8aa4da5505156417a6f342706c4817dda4d882a87a025cb7d0822a10aa")


def create_user(username: str, password: str, full_name: str, role: str = "guide",
                agency_code: str | None = None) -> StaffUser:
    user = StaffUser(username=username.strip().lower(), full_name=full_name, role=role, agency_code=agency_code)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def sign_in(username: str, password: str) -> StaffUser:
    username = (username or "").strip().lower()
    throttle = _throttle()
    if throttle.is_locked(username):
        raise SignInRefused("locked")
    user = db.session.scalar(select(StaffUser).where(StaffUser.username == username))
    # One scrypt check whoever asks: an unknown or disabled account costs as long as a wrong password,
    # so the time of the answer does not tell which usernames exist.
    password_ok = (user.check_password(password or "") if user is not None
                   else check_password_hash(DUMMY_HASH, password or ""))
    if user is None or not user.active or not password_ok:
        throttle.fail(username)
        raise SignInRefused("invalid")
    throttle.clear(username)
    # A fresh session at sign-in: nothing set before (by a resident, say) carries over.
    session.clear()
    staff_session = StaffSession(id=secrets.token_urlsafe(32), user_id=user.id,
                                 started_at=utcnow(), last_seen=utcnow())
    db.session.add(staff_session)
    db.session.commit()
    session[SESSION_KEY] = staff_session.id
    login_user(user)
    return user


def may_be_signed_in() -> bool:
    """False when nobody can be signed in on this request: its session holds no staff session, which
    `load_user` needs. Cheaper than asking Flask-Login, which hashes the browser's address and agent to
    check the session it protects even when the session is empty."""
    return SESSION_KEY in session


def sign_out() -> None:
    token = session.get(SESSION_KEY)
    if token:
        db.session.execute(delete(StaffSession).where(StaffSession.id == token))
        db.session.commit()
    logout_user()
    session.clear()
    clear_site_data()


def _session_is_live(staff_session: StaffSession) -> bool:
    now, config = utcnow(), current_app.config
    return (now - staff_session.last_seen <= timedelta(seconds=config["STAFF_IDLE_S"])
            and now - staff_session.started_at <= timedelta(seconds=config["STAFF_ABSOLUTE_S"]))


@login_manager.user_loader
def load_user(user_id):
    """Only a user whose server-side session is live: 15 min idle, 8 h absolute. A database that cannot
    be read (a read-only disk with its WAL) signs nobody in, and the sign-in page shows the fault."""
    try:
        return _live_user(user_id)
    except DBAPIError as failure:
        if not faults.is_storage_fault(failure):
            raise
        db.session.rollback()
        faults.note_fault(failure)
        return None


def _live_user(user_id):
    staff_session = db.session.get(StaffSession, session.get(SESSION_KEY, ""))
    if staff_session is None or str(staff_session.user_id) != str(user_id):
        return None
    if not _session_is_live(staff_session):
        db.session.delete(staff_session)
        db.session.commit()
        return None
    staff_session.last_seen = utcnow()
    user_id = staff_session.user_id
    try:
        db.session.commit()
    except DBAPIError as failure:  # a full disk must not sign out the guide who has to see the fault
        if not faults.is_storage_fault(failure):
            raise
        db.session.rollback()
        faults.note_fault(failure)
    user = db.session.get(StaffUser, user_id)
    return user if user and user.active else None
