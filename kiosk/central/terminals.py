"""Terminals registered with the centre: their keys, revocation, and a short per-process memory of them."""
import dataclasses
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

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
    _roster().forget(terminal_id)
    return True


@dataclass(frozen=True)
class KnownTerminal:
    """What a request needs of its terminal, as this process last read it."""

    id: str
    ward_code: str
    terminal_no: int
    signing_key: str
    revoked: bool
    last_seen_at: datetime | None


LAST_SEEN_EVERY = timedelta(minutes=1)
KNOWN_FOR_S = 5.0  # a revocation takes effect within this long in other processes (at once in this one)
_COLUMNS = (RegisteredTerminal.id, RegisteredTerminal.ward_code, RegisteredTerminal.terminal_no,
            RegisteredTerminal.signing_key, RegisteredTerminal.revoked_at.is_not(None), RegisteredTerminal.last_seen_at)


class Roster:
    """The registered terminals as this process last read them: a city has a few hundred, so one query
    every few seconds reads them all, instead of one query per call."""

    def __init__(self):
        self._read_at = float("-inf")
        self._terminals: dict[str, KnownTerminal] = {}

    def get(self, terminal_id: str) -> KnownTerminal | None:
        if time.monotonic() - self._read_at >= KNOWN_FOR_S:
            self._read_at = time.monotonic()
            self._terminals = {row[0]: KnownTerminal(*row) for row in db.session.execute(select(*_COLUMNS))}
        if terminal_id not in self._terminals:  # registered since the last reading, or never
            row = db.session.execute(select(*_COLUMNS).where(RegisteredTerminal.id == terminal_id)).first()
            if row is None:
                return None  # not kept: unknown ids must not fill the memory
            self._terminals[terminal_id] = KnownTerminal(*row)
        return self._terminals[terminal_id]

    def put(self, terminal: KnownTerminal) -> None:
        self._terminals[terminal.id] = terminal

    def forget(self, terminal_id: str) -> None:
        self._terminals.pop(terminal_id, None)


def _roster() -> Roster:
    return current_app.extensions.setdefault("terminal_roster", Roster())


def known_terminal(terminal_id: str) -> KnownTerminal | None:
    return _roster().get(terminal_id)


def seen_terminal(terminal: KnownTerminal, version: str | None = None) -> None:
    """Note the terminal's last contact (and the kiosk version it runs), at most once a minute: staff read
    it, a write per call is waste."""
    now = utcnow()
    if terminal.last_seen_at is None or now - terminal.last_seen_at > LAST_SEEN_EVERY:
        db.session.execute(update(RegisteredTerminal).where(RegisteredTerminal.id == terminal.id)
                           .values(last_seen_at=now, **({"kiosk_version": version[:32]} if version else {})))
        db.session.commit()
        _roster().put(dataclasses.replace(terminal, last_seen_at=now))
