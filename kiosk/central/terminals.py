"""Terminals registered with the centre: their keys, revocation, and a short per-process memory of them."""
import dataclasses
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from kiosk.core.clock import utcnow
from kiosk.core.request_signing import hmac_key
from kiosk.extensions import db

from .models import RegisteredTerminal


def register_terminal(ward_code: str, terminal_no: int) -> tuple[RegisteredTerminal, str]:
    """Returns the terminal and its printed key, which is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    terminal = RegisteredTerminal(id=f"{ward_code}-{terminal_no:02d}", ward_code=ward_code,
                                  terminal_no=terminal_no, signing_key=hmac_key(key), created_at=utcnow())
    db.session.add(terminal)
    db.session.commit()
    return terminal, key


def revoke_terminal(terminal_id: str) -> bool:
    terminal = db.session.get(RegisteredTerminal, terminal_id)
    if terminal is None:
        return False
    terminal.revoked_at = utcnow()
    db.session.commit()
    current_app.extensions.get("known_terminals", {}).pop(terminal_id, None)
    return True


@dataclass(frozen=True)
class KnownTerminal:
    """What a request needs of its terminal, kept a few seconds per process: one query fewer per call."""

    id: str
    ward_code: str
    terminal_no: int
    signing_key: str
    revoked: bool
    last_seen_at: datetime | None


LAST_SEEN_EVERY = timedelta(minutes=1)
KNOWN_FOR_S = 5.0  # a revocation takes effect within this long in other processes (at once in this one)


def known_terminal(terminal_id: str) -> KnownTerminal | None:
    known = current_app.extensions.setdefault("known_terminals", {})
    held = known.get(terminal_id)
    if held and time.monotonic() - held[0] < KNOWN_FOR_S:
        return held[1]
    row = db.session.get(RegisteredTerminal, terminal_id)
    if row is None:
        return None  # not kept: unknown ids must not fill the memory
    terminal = KnownTerminal(row.id, row.ward_code, row.terminal_no, row.signing_key, row.revoked_at is not None,
                             row.last_seen_at)
    known[terminal_id] = (time.monotonic(), terminal)
    return terminal


def seen_terminal(terminal: KnownTerminal) -> None:
    """Note the terminal's last contact, at most once a minute: staff read it, a write per call is waste."""
    now = utcnow()
    if terminal.last_seen_at is None or now - terminal.last_seen_at > LAST_SEEN_EVERY:
        db.session.execute(update(RegisteredTerminal).where(RegisteredTerminal.id == terminal.id)
                           .values(last_seen_at=now))
        db.session.commit()
        current_app.extensions["known_terminals"][terminal.id] = (
            time.monotonic(), dataclasses.replace(terminal, last_seen_at=now))
