"""Terminals registered with the centre: their keys, revocation, and a per-process memory of them that every
centre machine reads again as soon as any machine changes a terminal."""
import dataclasses
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.core.clock import local, utcnow
from kiosk.core.request_signing import public_key
from kiosk.extensions import db

from .models import RegisteredTerminal, RetiredTerminalKey, TerminalAuditEvent


class TerminalRefused(ValueError):
    """A change to the roster that cannot be made; the message says what to do instead."""


ACTIONS = ("added", "revoked", "restored", "rekeyed")


def terminal_id_of(ward_code: str, terminal_no: int) -> str:
    return f"{ward_code}-{terminal_no:02d}"


def _audit(terminal_id: str, action: str, actor: str, reason: str | None = None) -> None:
    db.session.add(TerminalAuditEvent(terminal_id=terminal_id, action=action, actor=actor[:100],
                                      reason=reason[:500] if reason else None, at=utcnow()))


def register_terminal(ward_code: str, terminal_no: int, actor: str = "system") -> tuple[str, str]:
    """Returns the terminal's id and its printed key, which is shown once and never stored (the centre
    keeps only its public half). A number already registered is refused with what to do instead."""
    if not (len(ward_code) == 5 and ward_code.isascii() and ward_code.isdigit()):
        raise TerminalRefused(f"a ward code is 5 digits, not {ward_code!r}")
    if not 1 <= terminal_no <= 99:
        raise TerminalRefused("a terminal number is between 1 and 99")
    terminal_id = terminal_id_of(ward_code, terminal_no)
    existing = db.session.get(RegisteredTerminal, terminal_id)
    if existing is not None:
        if existing.revoked_at is not None:
            raise TerminalRefused(f"terminal {terminal_id} was revoked: `kiosk terminals restore {terminal_id}"
                                  " --new-key` brings it back with a new key")
        raise TerminalRefused(f"terminal {terminal_id} is already registered: `kiosk terminals rekey "
                              f"{terminal_id}` gives it a new key")
    key = secrets.token_urlsafe(32)
    db.session.add(RegisteredTerminal(id=terminal_id, ward_code=ward_code, terminal_no=terminal_no,
                                      public_key=public_key(key), created_at=utcnow()))
    db.session.flush()  # the terminal row before its first audit event (foreign key)
    _audit(terminal_id, "added", actor)
    try:
        db.session.commit()
    except IntegrityError as error:  # registered at the same moment by someone else
        db.session.rollback()
        raise TerminalRefused(f"terminal {terminal_id} is already registered") from error
    return terminal_id, key


def _existing(terminal_id: str) -> RegisteredTerminal:
    terminal = db.session.get(RegisteredTerminal, terminal_id)
    if terminal is None:
        raise TerminalRefused(f"no terminal {terminal_id}")
    return terminal


def revoke_terminal(terminal_id: str, actor: str = "system", reason: str | None = None) -> bool:
    terminal = db.session.get(RegisteredTerminal, terminal_id)
    if terminal is None:
        return False
    if terminal.revoked_at is None:
        terminal.revoked_at = utcnow()
        _audit(terminal_id, "revoked", actor, reason)
    db.session.commit()
    _roster().forget(terminal_id)
    return True


def restore_terminal(terminal_id: str, actor: str = "system", reason: str | None = None,
                     new_key: bool = False) -> str | None:
    """Accept a revoked terminal again; with `new_key`, under a new key (returned, shown once), so that
    whoever may hold the old one cannot use it."""
    terminal = _existing(terminal_id)
    if terminal.revoked_at is None and not new_key:
        raise TerminalRefused(f"terminal {terminal_id} is not revoked")
    key = None
    if terminal.revoked_at is not None:
        terminal.revoked_at = None
        _audit(terminal_id, "restored", actor, reason)
    if new_key:
        key = secrets.token_urlsafe(32)
        _retire_key(terminal)
        terminal.public_key = public_key(key)
        _audit(terminal_id, "rekeyed", actor, reason)
    db.session.commit()
    _roster().forget(terminal_id)
    return key


def rekey_terminal(terminal_id: str, actor: str = "system", reason: str | None = None) -> str:
    """A new key for a terminal (lost, leaked, or the machine replaced): the old key stops working at
    once, on every centre machine (see Roster). Returns the new printed key."""
    terminal = _existing(terminal_id)
    if terminal.revoked_at is not None:
        raise TerminalRefused(f"terminal {terminal_id} is revoked: `kiosk terminals restore {terminal_id}"
                              " --new-key` brings it back with a new key")
    key = secrets.token_urlsafe(32)
    _retire_key(terminal)
    terminal.public_key = public_key(key)
    _audit(terminal_id, "rekeyed", actor, reason)
    db.session.commit()
    _roster().forget(terminal_id)
    return key


def _retire_key(terminal: RegisteredTerminal) -> None:
    """Keep the outgoing public key for the receipts it signed (see RetiredTerminalKey)."""
    db.session.add(RetiredTerminalKey(terminal_id=terminal.id, public_key=terminal.public_key, retired_at=utcnow()))


def retired_receipt_keys(terminal_id: str, filed_on) -> list[str]:
    """The former public keys of a terminal that may have signed a receipt for a code dated `filed_on` (a
    local date): those retired on that day or later."""
    rows = db.session.execute(select(RetiredTerminalKey.public_key, RetiredTerminalKey.retired_at)
                              .where(RetiredTerminalKey.terminal_id == terminal_id)).all()
    return [key for key, retired_at in rows if local(retired_at).date() >= filed_on]


def history(terminal_id: str) -> list[TerminalAuditEvent]:
    return db.session.scalars(select(TerminalAuditEvent).where(TerminalAuditEvent.terminal_id == terminal_id)
                              .order_by(TerminalAuditEvent.id)).all()


@dataclass(frozen=True)
class KnownTerminal:
    """What a request needs of its terminal, as this process last read it."""

    id: str
    ward_code: str
    terminal_no: int
    public_key: str
    revoked: bool
    last_seen_at: datetime | None


LAST_SEEN_EVERY = timedelta(minutes=1)
KNOWN_FOR_S = 5.0  # a change made in the database by hand, without an audit event, counts within this long
_COLUMNS = (RegisteredTerminal.id, RegisteredTerminal.ward_code, RegisteredTerminal.terminal_no,
            RegisteredTerminal.public_key, RegisteredTerminal.revoked_at.is_not(None), RegisteredTerminal.last_seen_at)


class Roster:
    """The registered terminals as this process last read them: a city has a few hundred, read in one query.
    They are read again whenever the terminals' audit trail has grown (every addition, revocation,
    restoration and new key writes an event), so a change made on any centre machine, or by `kiosk terminals`,
    counts on every machine at its next request, not seconds later; and every KNOWN_FOR_S anyway. The trail
    is counted rather than its last id taken: ids are drawn before commit, so a later one may be seen first."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock  # a test moves its own clock instead of sleeping out KNOWN_FOR_S
        self._read_at, self._changes = float("-inf"), None
        self._terminals: dict[str, KnownTerminal] = {}
        self._turn = threading.Condition()
        self._reading, self._next_count, self._last_count = False, 0, (-1, None)  # count number, trail count

    def get(self, terminal_id: str) -> KnownTerminal | None:
        # Each query here has a connection of its own, given back at once: a request then verifies its
        # signature and waits on the intake holding none.
        changes = self._trail_count()
        if changes != self._changes or self._clock() - self._read_at >= KNOWN_FOR_S:
            self._read_at, self._changes = self._clock(), changes
            with db.engine.connect() as connection:
                self._terminals = {row[0]: KnownTerminal(*row) for row in connection.execute(select(*_COLUMNS))}
        if terminal_id not in self._terminals:  # registered since the last reading, or never
            with db.engine.connect() as connection:
                row = connection.execute(select(*_COLUMNS).where(RegisteredTerminal.id == terminal_id)).first()
            if row is None:
                return None  # not kept: unknown ids must not fill the memory
            self._terminals[terminal_id] = KnownTerminal(*row)
        return self._terminals[terminal_id]

    def _trail_count(self) -> int:
        """The audit trail's length, as counted by a query begun after this call: a change committed before
        a request arrived always counts for it. Requests arriving while a count is under way wait for the
        next, which serves them all: one query per round trip under load, not one per request (a fifth of
        the centre's work per dossier in `kiosk bench ingest`)."""
        with self._turn:
            needed = self._next_count  # counts numbered from here on began after this call
            while self._last_count[0] < needed:
                if not self._reading:
                    mine, self._reading = self._next_count, True
                    self._next_count += 1
                    break
                self._turn.wait()
            else:
                return self._last_count[1]
        count = None
        try:
            count = self._count_trail()
        finally:  # a failed count wakes the others too: one of them counts again
            with self._turn:
                self._reading = False
                if count is not None:
                    self._last_count = (mine, count)
                self._turn.notify_all()
        return count

    @staticmethod
    def _count_trail() -> int:
        with db.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(TerminalAuditEvent))

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
