"""Public lookup of a dossier: by the QR's signed URL, or by code plus the phone's last 4 digits.

Shows no personal data. Wrong guesses slow down whoever guesses: this visit (or this browser) and this
terminal as a whole (at the centre: this browser and its network address; through the API: the asking
terminal), never per code, so nobody can lock a stranger's dossier by guessing wrong on purpose,
and never the receipt's signed QR link.

The centre answers for every dossier of the city. A terminal answers for those it holds and asks the
centre about the rest over its signed link; when the centre cannot be reached it says so, never "not
found": the resident's receipt is not in doubt, only the question could not be asked.
"""
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Regexp

from kiosk.core import codes
from kiosk.extensions import db
from kiosk.security.signing import verify_receipt_here
from kiosk.security.throttle import Throttle

from . import services
from .progress import ResidentEvent, resident_events


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
    "unreachable": _l("The central dossier system cannot be reached right now, so this terminal could not "
                      "check your dossier. Your receipt is still valid: try again in a few minutes, or ask "
                      "the staff."),
}
# Why a look-up found nothing, as the centre's API answers it too ("unreachable" is the terminal's own).
REFUSALS = tuple(reason for reason in MESSAGES if reason != "unreachable")
HERE, CENTRE = "here", "centre"


@dataclass(frozen=True)
class Found:
    """What a look-up shows of a dossier, wherever it was found: no personal data, and of its history only the
    events a resident may read (kiosk.dossiers.progress)."""

    code: str
    procedure_code: str
    status: str
    submitted_at: datetime
    due_on: date
    events: tuple = ()

    @classmethod
    def of(cls, dossier) -> "Found":
        return cls(dossier.code, dossier.procedure_code, dossier.status, dossier.submitted_at, dossier.due_on,
                   tuple(resident_events(dossier)))

    def as_json(self) -> dict:
        return {"code": self.code, "procedure_code": self.procedure_code, "status": self.status,
                "submitted_at": self.submitted_at.isoformat(), "due_on": self.due_on.isoformat(),
                "events": [event.as_json() for event in self.events]}

    @classmethod
    def from_json(cls, data: dict) -> "Found":
        return cls(str(data["code"]), str(data["procedure_code"]), str(data["status"]),
                   datetime.fromisoformat(data["submitted_at"]), date.fromisoformat(data["due_on"]),
                   tuple(ResidentEvent.from_json(item) for item in data.get("events") or ()))


@dataclass(frozen=True)
class Answer:
    """A look-up's outcome: the dossier (the model when held here, else the centre's `Found`), or a message.
    `source` says who answered: this server (HERE) or the centre (CENTRE); `unreachable`: nobody could."""

    dossier: object = None
    reason: str | None = None  # a key of MESSAGES
    source: str = HERE
    unreachable: bool = False

    @property
    def error(self):
        return MESSAGES[self.reason] if self.reason else None


def _refused(reason: str, source: str = HERE) -> Answer:
    return Answer(reason=reason, source=source, unreachable=reason == "unreachable")


BROWSER_KEY = "lookup_browser"


def _throttles():
    """(throttle, key) pairs: the guesser's own budget, and a shared one: at a terminal the terminal's, for
    all its visitors; at the centre, whose visitors are phones on their own networks, their address's (one
    shared budget there would let one guesser lock the whole city out)."""
    config = current_app.config
    shared = f"address:{request.remote_addr}" if config["ROLE"] == "central" else "terminal"
    return [(Throttle("lookup", config["LOOKUP_MAX_FAILURES"], config["LOOKUP_WINDOW_S"]), _guesser_key()),
            (Throttle("lookup", config["LOOKUP_TERMINAL_MAX_FAILURES"], config["LOOKUP_WINDOW_S"]), shared)]


def terminal_throttles(terminal_id: str):
    """At the centre, for a terminal asking on its visitors' behalf: the terminal's shared budget."""
    config = current_app.config
    return [(Throttle("lookup", config["LOOKUP_TERMINAL_MAX_FAILURES"], config["LOOKUP_WINDOW_S"]),
             f"terminal:{terminal_id}")]


def _guesser_key():
    """This visit, or without one this browser (a token of its own in the session)."""
    if getattr(g, "visit", None):
        return f"visit:{g.visit.token}"
    if BROWSER_KEY not in session:
        session[BROWSER_KEY] = secrets.token_urlsafe(16)
    return f"browser:{session[BROWSER_KEY]}"


def asks_centre() -> bool:
    """A terminal linked to a centre asks it about the dossiers it does not hold."""
    config = current_app.config
    return config["ROLE"] == "terminal" and bool(config.get("CENTRAL_URL") and config.get("TERMINAL_KEY"))


def _ask_centre(query: dict) -> Answer:
    """The centre's answer about a dossier, over the terminal's signed link."""
    from kiosk.sync.link import correction
    from kiosk.sync.models import SyncLink
    from kiosk.sync.worker import client_from_config

    client = client_from_config(current_app.config)
    link = db.session.get(SyncLink, 1)
    client.clock_correction = correction(link) if link else 0.0  # as the sync worker signs
    db.session.commit()  # end the transaction first: SQLite's write lock must never wait on the network
    reply = client.lookup(query)
    body = reply.body if isinstance(reply.body, dict) else {}
    if reply.status != 200 or not isinstance(body.get("found"), bool):
        current_app.logger.warning("look-up: the centre could not be asked (%s %s)", reply.status,
                                   str(body.get("error", ""))[:200])
        return _refused("unreachable", CENTRE)
    if body["found"]:
        try:
            return Answer(dossier=Found.from_json(body["dossier"]), source=CENTRE)
        except (KeyError, TypeError, ValueError):
            return _refused("unreachable", CENTRE)
    return _refused(body["reason"] if body.get("reason") in REFUSALS else "not_found", CENTRE)


def find_with_phone(code: str, phone_last4: str, throttles) -> Answer:
    """The rule, wherever it is asked (a kiosk, a phone at the centre, a terminal through the API): a
    locked guesser is told so; a wrong code or phone counts against every budget in `throttles`."""
    if any(throttle.is_locked(key) for throttle, key in throttles):
        return _refused("locked")
    dossier = services.find_by_code(code)
    source = HERE
    if dossier is None and asks_centre():
        answer = _ask_centre({"code": code, "phone_last4": phone_last4})
        if answer.reason != "not_found":
            return answer  # found, locked there, or not asked at all: a question nobody answered is no guess
        source = CENTRE
    elif dossier is not None and _same_digits(dossier.phone_last4, phone_last4):
        return Answer(dossier=dossier)
    for throttle, key in throttles:
        throttle.fail(key)
    return _refused("not_found", source)


def _same_digits(held: str | None, given: str | None) -> bool:
    held, given = held or "", given or ""
    # compare_digest takes ASCII text only (the form's \d also lets other scripts' digits through)
    return held.isascii() and given.isascii() and hmac.compare_digest(held, given)


def find_signed(code: str, signature: str) -> Answer:
    """A receipt's QR: its signature stands in for the phone digits. A signature this server cannot check
    (another terminal's receipt) and a dossier it does not hold are the centre's to answer."""
    verdict = verify_receipt_here(code, signature)
    if verdict is False:
        return _refused("signature")
    dossier = services.find_by_code(code) if verdict else None
    if dossier is not None:
        return Answer(dossier=dossier)
    if asks_centre():
        return _ask_centre({"code": code, "signature": signature})
    return _refused("signature" if verdict is None else "not_found")


def receipt_verdict(code: str, signature: str) -> bool | None:
    """Is this receipt signature genuine? A terminal asks the centre about its neighbours' receipts; None:
    only the centre can tell, and it cannot be reached."""
    verdict = verify_receipt_here(code, signature)
    if verdict is None and asks_centre():
        answer = _ask_centre({"code": code, "signature": signature})
        verdict = None if answer.unreachable else answer.reason != "signature"
    return verdict


def by_code_and_phone(raw_code, phone_last4) -> Answer:
    try:
        codes.parse(raw_code)
    except codes.CodeError as error:
        return _refused(error.reason)  # caught before any lookup: no guess is spent
    return find_with_phone(codes.normalise(raw_code), phone_last4, _throttles())


def by_signed_code(code, signature) -> Answer:
    return find_signed(code, signature)
