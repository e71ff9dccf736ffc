"""Assisted and counter modes: a guide files for a resident, for as long as that resident's visit lasts."""
from flask import g, session
from flask_login import current_user

from kiosk.visits.services import current_visit


def assisting_mode() -> str | None:
    """'assisted' or 'counter' while the visit a guide started lasts; the mode ends with that visit (finished,
    wiped when idle, or ended by the guide), so the next resident never files under a guide's name."""
    channel = session.get("assisting")
    if not channel:
        return None
    visit = g.get("visit") or current_visit()
    if visit is None or visit.channel != channel or not getattr(current_user, "is_authenticated", False):
        session.pop("assisting", None)
        return None
    return channel


def init_app(app):
    app.jinja_env.globals["assisting_mode"] = assisting_mode
