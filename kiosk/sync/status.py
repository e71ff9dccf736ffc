"""What the guide (and `kiosk sync`) is told about the link to the centre: what waits, what is held back
and why, and what to do about it, in the reader's language and Hanoi time."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from kiosk.core.clock import local, local_today
from kiosk.extensions import db

from . import link
from .models import OutboxMessage, SyncLink

HELD_SHOWN = 20  # the box lists this many held messages, however many there are


@dataclass
class SyncBox:
    waiting: int
    held_count: int
    held: list = field(default_factory=list)
    last_success_at: datetime | None = None
    problems: list[str] = field(default_factory=list)  # each says what is wrong and what to do
    notes: list[str] = field(default_factory=list)  # worth knowing, nothing held back

    @property
    def blocked(self) -> bool:
        return bool(self.problems or self.held_count)


def when(moment: datetime) -> str:
    """A stored UTC moment in Hanoi time: the hour alone if it is today."""
    shown = local(moment)
    return f"{shown:%H:%M}" if shown.date() == local_today() else f"{shown:%H:%M %d/%m/%Y}"


def difference(seconds: float) -> str:
    minutes = round(abs(seconds) / 60)
    if minutes < 120:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes)
    return ngettext("%(num)d hour", "%(num)d hours", round(minutes / 60))


def clock_sentence(offset: float) -> str:
    """The centre's clock minus this PC's: negative means this PC is ahead."""
    if offset < 0:
        return _("This PC's clock is %(difference)s fast.", difference=difference(offset))
    return _("This PC's clock is %(difference)s slow.", difference=difference(offset))


def problems(state: SyncLink) -> tuple[list[str], list[str]]:
    """(what holds messages back, with what to do; notes that hold nothing back)."""
    found, notes = [], []
    offset = state.clock_offset_s
    if state.refusal == "clock":
        found.append(clock_sentence(offset or 0.0) + " " + _(
            "The centre refuses its messages until the clock is right: set the date and time in the PC's "
            "settings. Waiting messages are then sent by themselves."))
    elif offset is not None and abs(offset) > link.CLOCK_SHOWN_S:
        notes.append(clock_sentence(offset) + " " + _(
            "The terminal allows for it when talking to the centre, but receipts show this PC's time: "
            "set the date and time in the PC's settings."))
    if state.refusal == "key":
        found.append(_("The centre refuses this terminal's key. Ask the city administrator for a new key "
                       "(kiosk terminals rekey), enter it in the terminal's settings and restart the terminal; "
                       "waiting messages are then sent."))
    if state.refusal == "revoked":
        found.append(_("The centre has revoked this terminal. Ask the city administrator to restore it "
                       "(kiosk terminals restore), then press “Send again”."))
    if state.unreachable_since is not None:
        found.append(_("The centre cannot be reached since %(time)s. Check the network; waiting messages are "
                       "sent by themselves as soon as it answers.", time=when(state.unreachable_since)))
    if state.feed_held_entry is not None and state.feed_held_code is None:  # a working-day override
        found.append(_("A change to the working-day calendar from the centre cannot be applied at this "
                       "terminal (%(reason)s), so due dates here may differ from the centre's. It is tried again "
                       "at every sync; ask the administrator.", reason=state.feed_held_reason or ""))
    elif state.feed_held_entry is not None:
        found.append(_("A change from the centre to dossier %(code)s cannot be applied at this terminal "
                       "(%(reason)s). It is tried again at every sync and the centre has been told; ask the "
                       "administrator.", code=state.feed_held_code or "?", reason=state.feed_held_reason or "")
                     if state.feed_held_reported else
                     _("A change from the centre to dossier %(code)s cannot be applied at this terminal "
                       "(%(reason)s). It is tried again at every sync; the centre will be told at the next "
                       "contact. Ask the administrator.", code=state.feed_held_code or "?",
                       reason=state.feed_held_reason or ""))
    return found, notes


def sync_box() -> SyncBox:
    state = db.session.get(SyncLink, 1) or SyncLink(id=1, failures=0)
    unsent = OutboxMessage.sent_at.is_(None)
    waiting = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        unsent, OutboxMessage.stuck_reason.is_(None)))
    held_count = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        unsent, OutboxMessage.stuck_reason.is_not(None)))
    held = db.session.scalars(select(OutboxMessage).where(unsent, OutboxMessage.stuck_reason.is_not(None))
                              .order_by(OutboxMessage.id).limit(HELD_SHOWN)).all() if held_count else []
    found, notes = problems(state)
    return SyncBox(waiting, held_count, held, state.last_success_at, found, notes)


def delivery_of(codes: list[str]) -> dict[str, str]:
    """'sent', 'pending' or 'stuck' (held back) per dossier code, from its first message (the dossier itself)."""
    rows = db.session.execute(select(OutboxMessage.dossier_code, OutboxMessage.sent_at, OutboxMessage.stuck_reason)
                              .where(OutboxMessage.dossier_code.in_(codes), OutboxMessage.path == "/api/v1/dossiers"))
    return {code: "sent" if sent else ("stuck" if stuck else "pending") for code, sent, stuck in rows}
