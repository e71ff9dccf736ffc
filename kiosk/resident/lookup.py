"""Public lookup of a dossier: by the QR's signed URL, or by code plus the phone's last 4 digits.

Shows no personal data. Wrong guesses slow down whoever guesses: this visit (or this browser) and this
terminal as a whole, never per code, so nobody can lock a stranger's dossier by guessing wrong on purpose,
and never the receipt's signed QR link.
"""
import hmac
import secrets

from flask import current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Regexp

from kiosk.core import codes
from kiosk.dossiers import services
from kiosk.security.signing import keyring
from kiosk.security.throttle import Throttle


class LookupForm(FlaskForm):
    code = StringField(_l("Dossier code"), validators=[DataRequired(_l("Enter the dossier code from your receipt."))])
    phone_last4 = StringField(
        _l("Last 4 digits of the phone number on the dossier"),
        validators=[DataRequired(_l("Enter the last 4 digits of your phone number.")),
                    Regexp(r"^\d{4}$", message=_l("Enter exactly 4 digits."))],
        render_kw={"inputmode": "numeric", "maxlength": 4},  # the numeric keypad on a touch screen
    )


MESSAGES = {
    "shape": _l("A dossier code looks like 09556-01-261122-0007-K. Check what you typed against your receipt."),
    "check": _l("This code has a typing mistake: one of its characters does not match. "
                "Check it against your receipt."),
    "not_found": _l("No dossier matches this code and phone number."),
    "locked": _l("Too many unsuccessful attempts. Please wait 15 minutes or ask the staff for help."),
    "signature": _l("This receipt's QR code could not be verified. Ask the staff for help."),
}


BROWSER_KEY = "lookup_browser"


def _throttles():
    """(throttle, key) pairs: the guesser's own budget, and the terminal's, shared by all its visitors."""
    config = current_app.config
    return [(Throttle("lookup", config["LOOKUP_MAX_FAILURES"], config["LOOKUP_WINDOW_S"]), _guesser_key()),
            (Throttle("lookup", config["LOOKUP_TERMINAL_MAX_FAILURES"], config["LOOKUP_WINDOW_S"]), "terminal")]


def _guesser_key():
    """This visit, or without one this browser (a token of its own in the session)."""
    if getattr(g, "visit", None):
        return f"visit:{g.visit.token}"
    if BROWSER_KEY not in session:
        session[BROWSER_KEY] = secrets.token_urlsafe(16)
    return f"browser:{session[BROWSER_KEY]}"


def by_code_and_phone(raw_code, phone_last4):
    """(dossier, None) or (None, message)."""
    try:
        codes.parse(raw_code)
    except codes.CodeError as error:
        return None, MESSAGES[error.reason]  # caught before any lookup: no guess is spent
    code = codes.normalise(raw_code)
    throttles = _throttles()
    if any(throttle.is_locked(key) for throttle, key in throttles):
        return None, MESSAGES["locked"]
    dossier = services.find_by_code(code)
    if dossier is None or not hmac.compare_digest(dossier.phone_last4 or "", phone_last4 or ""):
        for throttle, key in throttles:
            throttle.fail(key)
        return None, MESSAGES["not_found"]
    return dossier, None


def by_signed_code(code, signature):
    if not keyring().verify(code, signature):
        return None, MESSAGES["signature"]
    dossier = services.find_by_code(code)
    return (dossier, None) if dossier else (None, MESSAGES["not_found"])
